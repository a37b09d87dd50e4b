from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from plein.core.actionview import shown_on
from plein.core.http import MemberRequest
from plein.core.markdown import render_markdown
from plein.core.privacy import highlight, scan
from plein.insights.events import count_page_view
from plein.members.models import Member
from plein.posts import actions, queries
from plein.posts.actions import TITLE_MAX
from plein.posts.forms import (
    CommentForm,
    EditQuestionForm,
    HelpedForm,
    HideForm,
    QuestionFilterForm,
    QuestionForm,
    ReplyForm,
    new_submit_key,
)
from plein.posts.models import Post, Reply
from plein.search.queries import similar_questions


def _question_or_404(request: MemberRequest, pk: int) -> Post:
    post = queries.visible_question(request.user, pk)
    if post is None:
        raise Http404
    return post


def _reply_or_404(request: MemberRequest, pk: int) -> Reply:
    return get_object_or_404(
        Reply.objects.visible_to(request.user).select_related("post", "post__theme"), pk=pk
    )


def _highlighted(**texts: str) -> dict[str, str]:
    """Each text in which the privacy guard finds something, with the findings marked."""
    return {
        name: highlight(text, findings) for name, text in texts.items() if (findings := scan(text))
    }


# --- Lists ------------------------------------------------------------------------------


@login_required
def question_list(request: MemberRequest) -> HttpResponse:
    form = QuestionFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    page = queries.question_list_page(
        request.user,
        theme=filters.get("theme"),
        status=filters.get("status", ""),
        cursor=filters.get("after", ""),
    )
    context = {
        "form": form,
        "page": page,
        "waiting": queries.waiting_for(request.user),
        "waiting_too_long": (
            queries.waiting_too_long(request.user) if request.user.is_community_manager else []
        ),
    }
    return render(request, "posts/question_list.html", context, status=200 if valid else 400)


@login_required
def my_questions(request: MemberRequest) -> HttpResponse:
    """The member's own questions, anonymous ones included (only they see this list)."""
    page = queries.question_list_page(request.user, mine=True, cursor=request.GET.get("after", ""))
    return render(request, "posts/my_questions.html", {"page": page})


@login_required
@require_GET
def similar(request: MemberRequest) -> HttpResponse:
    """The similar-questions fragment, fetched by htmx while the title is typed."""
    text = request.GET.get("title", "")[:500]
    found = similar_questions(request.user, text) if len(text.strip()) >= 3 else []
    return render(request, "posts/includes/similar.html", {"similar": found, "typed": text})


# --- Asking -----------------------------------------------------------------------------


@login_required
def ask(request: MemberRequest) -> HttpResponse:
    """Ask a question. "Preview" shows similar questions and what the privacy guard finds
    (the no-JavaScript way); "Post" posts, unless the guard has something to say."""
    if request.method != "POST":
        # A search that found nothing offers to ask it: its words arrive as the title.
        # A circle or gathering page links here with ?circle= or ?gathering=.
        initial = {
            "submit_key": new_submit_key(),
            "theme": request.GET.get("theme"),
            "title": request.GET.get("title", "")[:TITLE_MAX],
            "circle": request.GET.get("circle"),
            "gathering": request.GET.get("gathering"),
        }
        form = QuestionForm(initial=initial, member=request.user)
        return render(request, "posts/ask.html", {"form": form})
    form = QuestionForm(request.POST, member=request.user)
    if not form.is_valid():
        return render(request, "posts/ask.html", {"form": form}, status=400)
    data = form.cleaned_data
    if "preview" in request.POST:
        text = f"{data['title']} {data['body']}"
        context = {
            "form": form,
            "preview": render_markdown(data["body"]),
            "similar": similar_questions(request.user, text),
            "privacy_findings": _highlighted(title=data["title"], body=data["body"]),
        }
        return render(request, "posts/ask.html", context)
    texts = {"title": data["title"], "body": data["body"]}
    with shown_on(
        request, "posts/ask.html", {"form": form}, form=form, privacy=texts, others_on_page=True
    ):
        post = actions.ask_question(
            request.user,
            theme=data["theme"],
            title=data["title"],
            body=data["body"],
            anonymous=data["anonymous"],
            confirmed_privacy=data["confirm_privacy"],
            submit_key=data["submit_key"],
            circle=data.get("circle"),
            gathering=data.get("gathering"),
        )
    messages.success(
        request, _("Your question is posted. We will let you know when someone answers.")
    )
    return redirect(post)


# --- A question and its answers ---------------------------------------------------------


def _render_question(
    request: MemberRequest, post: Post, *, status: int = 200, **forms: object
) -> HttpResponse:
    thread = queries.thread_for(post, request.user)
    context = {
        "post": post,
        "thread": thread,
        "answer_form": forms.get("answer_form")
        or ReplyForm(initial={"submit_key": new_submit_key()}),
        "failed_reply_pk": forms.get("failed_reply_pk"),
        "comment_form": forms.get("comment_form"),
        "helped_form": forms.get("helped_form"),
        "hide_form": forms.get("hide_form") or HideForm(),
        "new_comment_key": new_submit_key(),
        "who_could_help": queries.people_who_could_help(post, request.user),
        "is_asker": post.author_id == request.user.pk,
        **{k: v for k, v in forms.items() if k in ("error", "privacy_findings", "privacy_blocked")},
    }
    return render(request, "posts/question.html", context, status=status)


@login_required
def question(request: MemberRequest, pk: int) -> HttpResponse:
    post = _question_or_404(request, pk)
    if request.method == "GET":
        count_page_view("question", post.theme_id)
    return _render_question(request, post)


def _post_reply(
    request: MemberRequest,
    post: Post,
    form: ReplyForm,
    write: Callable[..., Reply],
    *,
    form_name: str,
    failed_reply_pk: int | None = None,
) -> HttpResponse:
    """Validate a reply form and call `write` (answer_question or comment_on); on a problem,
    show the question again with what was typed and why."""
    keep = {form_name: form, "failed_reply_pk": failed_reply_pk}
    if not form.is_valid():
        return _render_question(request, post, status=400, **keep)
    data = form.cleaned_data

    def page(*, status: int, **extra: object) -> HttpResponse:
        return _render_question(request, post, status=status, **keep, **extra)

    with shown_on(request, page, privacy={"body": data["body"]}):
        reply = write(
            body=data["body"],
            confirmed_privacy=data["confirm_privacy"],
            submit_key=data["submit_key"],
        )
    return HttpResponseRedirect(reply.get_absolute_url())


@login_required
@require_POST
def answer(request: MemberRequest, pk: int) -> HttpResponse:
    post = _question_or_404(request, pk)
    write = partial(actions.answer_question, request.user, post)
    return _post_reply(request, post, ReplyForm(request.POST), write, form_name="answer_form")


@login_required
@require_POST
def comment(request: MemberRequest, pk: int) -> HttpResponse:
    answer = _reply_or_404(request, pk)
    post = _question_or_404(request, answer.post_id)
    write = partial(actions.comment_on, request.user, answer)
    return _post_reply(
        request,
        post,
        CommentForm(request.POST),
        write,
        form_name="comment_form",
        failed_reply_pk=answer.pk,
    )


@login_required
@require_POST
def helped(request: MemberRequest, pk: int) -> HttpResponse:
    reply = _reply_or_404(request, pk)
    post = _question_or_404(request, reply.post_id)
    form = HelpedForm(request.POST)
    if not form.is_valid():
        return _render_question(
            request, post, helped_form=form, failed_reply_pk=reply.pk, status=400
        )
    page = partial(_render_question, request, post, helped_form=form, failed_reply_pk=reply.pk)
    with shown_on(request, page):
        actions.mark_helped(request.user, reply, minutes=form.cleaned_data["minutes"])
    messages.success(request, _("Thank you! The author of the answer will hear it helped."))
    return HttpResponseRedirect(reply.get_absolute_url())


@login_required
@require_POST
def ask_for_help(request: MemberRequest, pk: int, member_pk: int) -> HttpResponse:
    post = _question_or_404(request, pk)
    helper = get_object_or_404(Member.objects.listed(), pk=member_pk)
    with shown_on(request, partial(_render_question, request, post)):
        actions.ask_for_help(request.user, post, helper)
    messages.success(
        request, _("We asked %(name)s to have a look.") % {"name": helper.get_short_name()}
    )
    return redirect(post)


# --- Editing, deleting, closing, hiding -------------------------------------------------


@login_required
def edit_question(request: MemberRequest, pk: int) -> HttpResponse:
    post = _question_or_404(request, pk)
    if post.author_id != request.user.pk:
        return render(request, "403.html", status=403)
    initial = {"title": post.title, "body": post.body, "theme": post.theme.slug}
    form = EditQuestionForm(request.POST or None, initial=initial)
    context: dict = {"form": form, "post": post}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        texts = {"title": data["title"], "body": data["body"]}
        with shown_on(request, "posts/edit.html", context, privacy=texts):
            actions.edit_question(
                request.user,
                post,
                title=data["title"],
                body=data["body"],
                theme=data["theme"],
                confirmed_privacy=data["confirm_privacy"],
            )
        messages.success(request, _("Your changes are saved."))
        return redirect(post)
    return render(request, "posts/edit.html", context, status=400 if form.errors else 200)


@login_required
def edit_reply(request: MemberRequest, pk: int) -> HttpResponse:
    reply = _reply_or_404(request, pk)
    if reply.author_id != request.user.pk:
        return render(request, "403.html", status=403)
    form_class = ReplyForm if reply.is_answer else CommentForm
    form = form_class(request.POST or None, initial={"body": reply.body})
    context: dict = {"form": form, "reply": reply, "post": reply.post}
    if request.method == "POST" and form.is_valid():
        privacy = {"body": form.cleaned_data["body"]}
        with shown_on(request, "posts/edit.html", context, privacy=privacy):
            actions.edit_reply(
                request.user,
                reply,
                body=form.cleaned_data["body"],
                confirmed_privacy=form.cleaned_data["confirm_privacy"],
            )
        messages.success(request, _("Your changes are saved."))
        return HttpResponseRedirect(reply.get_absolute_url())
    return render(request, "posts/edit.html", context, status=400 if form.errors else 200)


@login_required
def delete_question(request: MemberRequest, pk: int) -> HttpResponse:
    post = _question_or_404(request, pk)
    if request.method == "POST":
        with shown_on(request, "403.html", status=403):
            actions.delete_question(request.user, post)
        messages.success(request, _("Your question has been deleted."))
        return redirect("posts:mine")
    if post.author_id != request.user.pk:
        return render(request, "403.html", status=403)
    return render(request, "posts/confirm_delete.html", {"post": post})


@login_required
def delete_reply(request: MemberRequest, pk: int) -> HttpResponse:
    reply = _reply_or_404(request, pk)
    if request.method == "POST":
        with shown_on(request, "403.html", status=403):
            actions.delete_reply(request.user, reply)
        messages.success(request, _("Deleted."))
        return redirect(reply.post)
    if reply.author_id != request.user.pk:
        return render(request, "403.html", status=403)
    return render(request, "posts/confirm_delete.html", {"reply": reply, "post": reply.post})


@login_required
@require_POST
def close_question(request: MemberRequest, pk: int) -> HttpResponse:
    post = _question_or_404(request, pk)
    with shown_on(request, "403.html", status=403):
        actions.close_question(request.user, post)
    messages.success(request, _("The question is closed."))
    return redirect(post)


@login_required
@require_POST
def hide_question(request: MemberRequest, pk: int) -> HttpResponse:
    post = _question_or_404(request, pk)
    done = _("The question is hidden and its author has been told why.")
    return hide_through_form(request, post, _render_question, reverse("posts:questions"), done)


def hide_through_form(
    request: MemberRequest,
    post: Post,
    render_page: Callable[..., HttpResponse],
    done_url: str,
    done_message: str,
) -> HttpResponse:
    """A community manager hides a post of any kind and tells its author why (without
    learning who an anonymous author is): one form and one action for every kind; a
    mistake re-renders the post's own page (`render_page`) with what was typed."""
    form = HideForm(request.POST)
    if not form.is_valid():
        return render_page(request, post, status=400, hide_form=form)
    with shown_on(request, partial(render_page, request, post, hide_form=form)):
        actions.hide_post(
            request.user,
            post,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
        )
    messages.success(request, done_message)
    return redirect(done_url)
