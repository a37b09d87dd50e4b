from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.core.actionview import shown_on
from plein.core.http import MemberRequest
from plein.core.ratelimit import client_ip, consume
from plein.members import actions, queries
from plein.members.device import LOGIN_BROWSER, is_known_device, login_browser, remember_device
from plein.members.forms import (
    AccessRequestForm,
    CodeForm,
    DirectoryFilterForm,
    EmailForm,
    InviteLinkForm,
    InviteMembersForm,
    NewEmailForm,
    PasswordLoginForm,
    ProfileForm,
    WelcomeForm,
)
from plein.members.models import InviteLink, Member
from plein.posts.queries import helped_with, helper_stats, helper_themes

# Session keys. Tokens from links are parked in the session and the browser is redirected
# to a clean URL at once, so no token stays in the address bar, history or Referer.
LOGIN_EMAIL = "plein_login_email"
LOGIN_TOKEN = "plein_login_token"  # noqa: S105 (a session key, not a secret)
INVITE_TOKEN = "plein_invite_token"  # noqa: S105
JOIN_TOKEN = "plein_join_token"  # noqa: S105
EMAIL_CHANGE_TOKEN = "plein_email_change_token"  # noqa: S105
AFTER_WELCOME = "plein_after_welcome"


def _log_in(request: HttpRequest, result: actions.LoginResult) -> HttpResponse:
    auth_login(request, result.member, backend="django.contrib.auth.backends.ModelBackend")
    request.session.pop(LOGIN_EMAIL, None)
    request.session.pop(LOGIN_BROWSER, None)
    if result.member.needs_welcome:
        request.session[AFTER_WELCOME] = result.next_url
        response: HttpResponse = redirect("members:welcome")
    else:
        response = HttpResponseRedirect(result.next_url or reverse("core:home"))
    set_language_cookie(response, result.member.preferred_language)
    remember_device(response, result.member.email)
    return response


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """As Django's own set_language view sets it: Secure, SameSite and lifetime come from
    the LANGUAGE_COOKIE_* settings (Secure whenever Plein is not in debug mode)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


# --- The door ---------------------------------------------------------------------------


def login(request: HttpRequest) -> HttpResponse:
    next_url = actions.safe_next_url(request.GET.get("next") or request.POST.get("next"))
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url or reverse("core:home"))
    form = EmailForm(request.POST or None, initial={"next": next_url})
    if request.method == "POST" and form.is_valid():
        with shown_on(request, "members/login.html", {"form": form}):
            email = actions.request_login(
                form.cleaned_data["email"],
                ip=client_ip(request),
                next_url=next_url,
                browser=login_browser(request),
                known_device=is_known_device(request, form.cleaned_data["email"]),
            )
        request.session[LOGIN_EMAIL] = email
        return redirect("members:login_code")
    return render(request, "members/login.html", {"form": form}, status=400 if form.errors else 200)


def login_code(request: HttpRequest) -> HttpResponse:
    """'Check your mail': the same page for known and unknown addresses, with the code box."""
    email = request.session.get(LOGIN_EMAIL, "")
    form = CodeForm(request.POST or None, initial={"email": email})
    context = {"form": form, "email": email, "minutes": settings.PLEIN_LOGIN_TTL_SECONDS // 60}
    if request.method == "POST" and form.is_valid():
        with shown_on(request, "members/login_code.html", context):
            result = actions.confirm_login_code(
                form.cleaned_data["email"],
                form.cleaned_data["code"],
                ip=client_ip(request),
                browser=request.session.get(LOGIN_BROWSER, ""),
            )
        return _log_in(request, result)
    return render(request, "members/login_code.html", context, status=400 if form.errors else 200)


def login_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail. A GET consumes nothing (mail scanners open links too)."""
    request.session[LOGIN_TOKEN] = token
    return redirect("members:login_link_confirm")


def login_link_confirm(request: HttpRequest) -> HttpResponse:
    token = request.session.get(LOGIN_TOKEN)
    if not token:
        error = _("This login link is incomplete. Ask for a new one below.")
        return render(
            request, "members/login.html", {"form": EmailForm(), "error": error}, status=400
        )
    if request.method == "POST":
        # A link is tried once, whatever the outcome.
        request.session.pop(LOGIN_TOKEN, None)
        with shown_on(request, "members/login.html", {"form": EmailForm()}):
            result = actions.confirm_login_link(token)
        return _log_in(request, result)
    return render(request, "members/login_continue.html")


def login_password(request: HttpRequest) -> HttpResponse:
    """For the few who set a password. Nothing requires one."""
    next_url = actions.safe_next_url(request.GET.get("next") or request.POST.get("next"))
    form = PasswordLoginForm(request.POST or None, initial={"next": next_url})
    if request.method == "POST" and form.is_valid():
        with shown_on(request, "members/login_password.html", {"form": form}):
            consume("password-login-ip", client_ip(request))
        member = authenticate(
            request,
            email=form.cleaned_data["email"].strip().lower(),
            password=form.cleaned_data["password"],
        )
        if member is None:
            form.add_error(None, _("That e-mail address and password do not match."))
        else:
            assert isinstance(member, Member)
            return _log_in(request, actions.LoginResult(member=member, next_url=next_url))
    return render(
        request, "members/login_password.html", {"form": form}, status=400 if form.errors else 200
    )


# --- Invites ----------------------------------------------------------------------------


def invite(request: HttpRequest, token: str) -> HttpResponse:
    request.session[INVITE_TOKEN] = token
    return redirect("members:invite_confirm")


def invite_confirm(request: HttpRequest) -> HttpResponse:
    token = request.session.get(INVITE_TOKEN, "")
    with shown_on(request, "members/invite_invalid.html"):
        invitation = actions.find_invitation(token)
        if request.method == "POST":
            result = actions.accept_invitation(token)
            request.session.pop(INVITE_TOKEN, None)
            return _log_in(request, result)
    return render(request, "members/invite.html", {"invitation": invitation})


def join(request: HttpRequest, token: str) -> HttpResponse:
    request.session[JOIN_TOKEN] = token
    return redirect("members:join_confirm")


def join_confirm(request: HttpRequest) -> HttpResponse:
    """A shareable invite link: the newcomer gives an address and gets the login mail;
    the account is made (with the link's organisation) when the mail's link or code is used."""
    with shown_on(request, "members/invite_invalid.html"):
        invite_link = actions.find_invite_link(request.session.get(JOIN_TOKEN, ""))
    form = EmailForm(request.POST or None)
    context = {"form": form, "invite_link": invite_link}
    if request.method == "POST" and form.is_valid():
        with shown_on(request, "members/join.html", context):
            email = actions.request_login(
                form.cleaned_data["email"],
                ip=client_ip(request),
                invite_link=invite_link,
                browser=login_browser(request),
                known_device=is_known_device(request, form.cleaned_data["email"]),
            )
        request.session[LOGIN_EMAIL] = email
        return redirect("members:login_code")
    return render(request, "members/join.html", context, status=400 if form.errors else 200)


def request_access(request: HttpRequest) -> HttpResponse:
    form = AccessRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shown_on(request, "members/request_access.html", {"form": form}):
            consume("login-request-ip", client_ip(request))
            actions.request_access(**form.cleaned_data)
        return render(request, "members/request_access_sent.html")
    return render(
        request, "members/request_access.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def invite_members(request: MemberRequest) -> HttpResponse:
    if not request.user.is_community_manager:
        return render(request, "members/not_allowed.html", status=403)
    invite_form = InviteMembersForm(request.POST if "addresses" in request.POST else None)
    # Two forms on one page: the link form gets its own element ids.
    link_form = InviteLinkForm(
        request.POST if "valid_days" in request.POST else None, auto_id="link_%s"
    )
    context = {
        "invite_form": invite_form,
        "link_form": link_form,
        "invite_links": InviteLink.objects.select_related("organisation")[:20],
    }
    with shown_on(request, "members/invite_members.html", context):
        if invite_form.is_bound and invite_form.is_valid():
            outcome = actions.invite_members(
                request.user,
                addresses=invite_form.cleaned_data["addresses"],
                organisation=invite_form.cleaned_data["organisation"],
                message=invite_form.cleaned_data["message"],
            )
            return render(request, "members/invite_sent.html", {"outcome": outcome})
        if link_form.is_bound and link_form.is_valid():
            actions.create_invite_link(request.user, **link_form.cleaned_data)
            messages.success(request, _("The invite link is ready. Copy it from the list below."))
            return redirect("members:invite_members")
    status = 400 if invite_form.errors or link_form.errors else 200
    return render(request, "members/invite_members.html", context, status=status)


@login_required
@require_POST
def revoke_invite_link(request: MemberRequest, pk: int) -> HttpResponse:
    invite_link = get_object_or_404(InviteLink, pk=pk)
    actions.revoke_invite_link(request.user, invite_link)
    messages.success(request, _("The invite link no longer works."))
    return redirect("members:invite_members")


# --- After the door ---------------------------------------------------------------------


@login_required
def welcome(request: MemberRequest) -> HttpResponse:
    """The only thing a newcomer is asked: their name (organisation pre-filled)."""
    form = WelcomeForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(request.user, **form.cleaned_data)
        next_url = request.session.pop(AFTER_WELCOME, "")
        messages.success(
            request, _("Welcome to %(site_name)s!") % {"site_name": settings.PLEIN_SITE_NAME}
        )
        return HttpResponseRedirect(next_url or reverse("core:home"))
    return render(
        request, "members/welcome.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def directory(request: MemberRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET)
    if form.is_valid():
        filters = form.cleaned_data
        page = queries.directory_page(
            organisation=filters["organisation"], theme=filters["theme"], cursor=filters["after"]
        )
        status = 200
    else:
        page = queries.directory_page(organisation=None, theme=None, cursor="")
        status = 400
    return render(request, "members/directory.html", {"form": form, "page": page}, status=status)


@login_required
def profile(request: MemberRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        Member.objects.listed().select_related("organisation").prefetch_related("expertise"), pk=pk
    )
    context = {
        "member": member,
        "stats": helper_stats(member),
        "helped_with": helped_with(member, request.user),
        "helper_themes": helper_themes(member),
    }
    return render(request, "members/profile.html", context)


@login_required
def edit_profile(request: MemberRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        actions.update_profile(request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        response: HttpResponse = redirect("members:profile", pk=request.user.pk)
        set_language_cookie(response, form.cleaned_data["preferred_language"])
        return response
    return render(
        request, "members/profile_edit.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def password(request: MemberRequest) -> HttpResponse:
    """Optional: set or change a password. Logging in by mail keeps working either way."""
    form: SetPasswordForm = (
        PasswordChangeForm(request.user, request.POST or None)
        if request.user.has_usable_password()
        else SetPasswordForm(request.user, request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Your password has been saved."))
        return redirect("members:edit_profile")
    return render(
        request, "members/password.html", {"form": form}, status=400 if form.errors else 200
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch between Dutch and English; a member's choice is remembered on their profile."""
    language = request.POST.get("language", "")
    next_url = actions.safe_next_url(request.POST.get("next")) or reverse("core:home")
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        if isinstance(request.user, Member):
            actions.set_preferred_language(request.user, language)
        set_language_cookie(response, language)
    return response


# --- Moving an account to another address ------------------------------------------------


@login_required
def change_email(request: MemberRequest) -> HttpResponse:
    form = NewEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with shown_on(request, "members/email_change.html", {"form": form}):
            actions.request_email_change(request.user, form.cleaned_data["email"])
        messages.success(
            request,
            _("We mailed a link to %(email)s. Your address changes when you open it.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("members:edit_profile")
    return render(
        request, "members/email_change.html", {"form": form}, status=400 if form.errors else 200
    )


def email_change(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the mail to the new address. A GET changes nothing (mail scanners open
    links too); the token moves to the session so it leaves the address bar at once."""
    request.session[EMAIL_CHANGE_TOKEN] = token
    return redirect("members:email_change_confirm")


def email_change_confirm(request: HttpRequest) -> HttpResponse:
    token = request.session.get(EMAIL_CHANGE_TOKEN)
    if not token:
        error = _("This link is incomplete. Ask for a new one on your profile.")
        return render(request, "members/email_change_confirm.html", {"error": error}, status=400)
    if request.method != "POST":
        return render(request, "members/email_change_confirm.html")
    request.session.pop(EMAIL_CHANGE_TOKEN, None)
    with shown_on(request, "members/email_change_confirm.html"):
        member = actions.confirm_email_change(token)
    messages.success(
        request, _("Done: from now on you log in with %(email)s.") % {"email": member.email}
    )
    return redirect("members:edit_profile" if request.user == member else "members:login")
