from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.core.http import MemberRequest
from plein.notify import actions, queries
from plein.notify.forms import NotificationSettingsForm
from plein.notify.models import Notification


@login_required
def notification_list(request: MemberRequest) -> HttpResponse:
    """Newest first. Opening the list marks nothing read: following a notification does."""
    page = queries.notifications_page(request.user, request.GET.get("after", ""))
    # Also what the header shows, so the count is queried once.
    unread = queries.unread_count(request.user)
    return render(request, "notify/list.html", {"page": page, "unread_notifications": unread})


@login_required
def open_notification(request: MemberRequest, pk: int) -> HttpResponse:
    mine = Notification.objects.filter(recipient=request.user)
    notification = get_object_or_404(queries.with_targets(mine, request.user), pk=pk)
    actions.mark_read(request.user, notification)
    entry = queries.entry_for(notification, request.user)
    if not entry.available:
        messages.info(request, _("That is no longer available."))
        return redirect("notify:list")
    return HttpResponseRedirect(entry.url)


@login_required
@require_POST
def mark_all_read(request: MemberRequest) -> HttpResponse:
    actions.mark_all_read(request.user)
    return redirect("notify:list")


@login_required
def notification_settings(request: MemberRequest) -> HttpResponse:
    current = queries.settings_for(request.user)
    form = NotificationSettingsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        actions.update_notification_settings(request.user, form.cleaned_data)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notify:settings")
    return render(
        request, "notify/settings.html", {"form": form}, status=400 if form.errors else 200
    )
