"""The pages of process stories and blog posts: lists, a post with its comments and "this
helped me", the guided story form and the blog form. Comments are edited and deleted
through the question views (posts:edit_reply, posts:delete_reply), which work for any
reply the member may see."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from plein.core.actionview import Page, shown_on
from plein.core.http import MemberRequest
from plein.core.markdown import render_markdown
from plein.insights.events import count_page_view
from plein.posts import carnivals, carnivals_queries, stories, stories_queries
from plein.posts.forms import HelpedForm, HideForm, new_submit_key
from plein.posts.forms_stories import BlogForm, PostCommentForm, StoryForm, ThemeFilterForm
from plein.posts.models import Carnival, Post
from plein.posts.stories import SECTIONS
from plein.posts.views import _highlighted, hide_through_form

STORY, BLOG = Post.Kind.STORY, Post.Kind.BLOG


def _post_or_404(request: MemberRequest, pk: int, kind: str) -> Post:
    post = stories_queries.visible_post(request.user, pk, kind)
    if post is None:
        raise Http404
    return post


def _commentable_or_404(request: MemberRequest, pk: int) -> Post:
    post = (
        Post.objects.visible_to(request.user)
        .filter(pk=pk, kind__in=(STORY, BLOG))
        .select_related("theme", "author__organisation", "circle", "idea", "gathering")
        .first()
    )
    if post is None:
        raise Http404
    return post


# --- Lists ------------------------------------------------------------------------------


def _list(request: MemberRequest, kind: str) -> HttpResponse:
    form = ThemeFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    read = stories_queries.story_list_page if kind == STORY else stories_queries.blog_list_page
    page = read(request.user, theme=filters.get("theme"), cursor=filters.get("after", ""))
    template = "posts/stories/story_list.html" if kind == STORY else "posts/stories/blog_list.html"
    context = {
        "form": form,
        "page": page,
        "running_carnivals": list(carnivals_queries.running_carnivals(request.user)),
    }
    return render(request, template, context, status=200 if valid else 400)


@login_required
def story_list(request: MemberRequest) -> HttpResponse:
    return _list(request, STORY)


@login_required
def blog_list(request: MemberRequest) -> HttpResponse:
    return _list(request, BLOG)


# --- One story or blog post -------------------------------------------------------------


def _render_post(
    request: MemberRequest, post: Post, *, status: int = 200, **extra: object
) -> HttpResponse:
    discussion = stories_queries.discussion_for(post, request.user)
    context = {
        "post": post,
        "parts": stories_queries.parts_of(post) if post.kind == STORY else [],
        "discussion": discussion,
        "is_author": post.author_id == request.user.pk,
        "comment_form": extra.pop("comment_form", None)
        or PostCommentForm(initial={"submit_key": new_submit_key()}),
        "helped_form": extra.pop("helped_form", None),
        "hide_form": extra.pop("hide_form", None) or HideForm(),
        "carnival_entries": carnivals_queries.carnivals_of(post),
        **extra,
    }
    return render(request, "posts/stories/post.html", context, status=status)


@login_required
def story(request: MemberRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk, STORY)
    if request.method == "GET":
        count_page_view("story", post.theme_id)
    return _render_post(request, post)


@login_required
def blog(request: MemberRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk, BLOG)
    if request.method == "GET":
        count_page_view("blog", post.theme_id)
    return _render_post(request, post)


@login_required
@require_POST
def comment_post(request: MemberRequest, pk: int) -> HttpResponse:
    post = _commentable_or_404(request, pk)
    form = PostCommentForm(request.POST)
    if not form.is_valid():
        return _render_post(request, post, status=400, comment_form=form)
    data = form.cleaned_data
    page = partial(_render_post, request, post, comment_form=form)
    with shown_on(request, page, privacy={"body": data["body"]}):
        comment = stories.comment_on(
            request.user,
            post,
            data["body"],
            confirmed_privacy=data["confirm_privacy"],
            submit_key=data["submit_key"],
        )
    return HttpResponseRedirect(comment.get_absolute_url())


@login_required
@require_POST
def story_helped(request: MemberRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk, STORY)
    form = HelpedForm(request.POST)
    if not form.is_valid():
        return _render_post(request, post, status=400, helped_form=form)
    with shown_on(request, partial(_render_post, request, post, helped_form=form)):
        stories.mark_story_helped(request.user, post, minutes=form.cleaned_data["minutes"])
    messages.success(request, _("Thank you! The author of the story will hear it helped."))
    return HttpResponseRedirect(post.get_absolute_url() + "#helped")


@login_required
@require_POST
def hide_post(request: MemberRequest, pk: int) -> HttpResponse:
    """A community manager hides a story or blog post and tells its author why (for an
    anonymous story without learning who that is)."""
    post = _commentable_or_404(request, pk)
    done_url = reverse("posts:stories" if post.kind == STORY else "posts:blogs")
    done = _("It is hidden and its author has been told why.")
    return hide_through_form(request, post, _render_post, done_url, done)


# --- Writing and editing ----------------------------------------------------------------


def _preview_context(data: dict, kind: str) -> dict:
    if kind == STORY:
        texts = {key: data.get(key, "") for key, _h, _p in SECTIONS}
    else:
        texts = {"body": data.get("body", "")}
    context = {"preview": True, "privacy_findings": _highlighted(title=data["title"], **texts)}
    if kind == BLOG:
        context["preview_html"] = render_markdown(texts["body"])
    return context


def _texts(data: dict, kind: str) -> dict[str, str]:
    if kind == STORY:
        return {"title": data["title"], **{key: data.get(key, "") for key, _h, _p in SECTIONS}}
    return {"title": data["title"], "body": data["body"]}


@login_required
def new_story(request: MemberRequest) -> HttpResponse:
    return _write(request, STORY)


@login_required
def new_blog(request: MemberRequest) -> HttpResponse:
    return _write(request, BLOG)


def _write(request: MemberRequest, kind: str) -> HttpResponse:
    form_class = StoryForm if kind == STORY else BlogForm
    template = "posts/stories/story_form.html" if kind == STORY else "posts/stories/blog_form.html"
    if request.method != "POST":
        initial: dict[str, object] = {
            "submit_key": new_submit_key(),
            "theme": request.GET.get("theme"),
            "circle": request.GET.get("circle"),
            "gathering": request.GET.get("gathering"),
            "idea": request.GET.get("idea"),
        }
        carnival = _carnival_from(request, request.GET.get("carnival", ""))
        initial["carnival"] = carnival.pk if carnival else None
        form = form_class(initial=initial, member=request.user)
        return render(request, template, {"form": form, "carnival": carnival})
    form = form_class(request.POST, member=request.user)
    if not form.is_valid():
        return render(request, template, {"form": form}, status=400)
    data = form.cleaned_data
    carnival = data.get("carnival")
    if "preview" in request.POST:
        context = {"form": form, "carnival": carnival, **_preview_context(data, kind)}
        return render(request, template, context)
    if kind == STORY:
        assert isinstance(form, StoryForm)
        fields = {
            "sections": form.sections(),
            "idea": data.get("idea"),
            "gathering": data.get("gathering"),
            "anonymous": data.get("anonymous", False),
        }
    else:
        fields = {"body": data["body"]}
    fields.update(
        theme=data["theme"],
        title=data["title"],
        circle=data.get("circle"),
        confirmed_privacy=data["confirm_privacy"],
        submit_key=data["submit_key"],
    )
    page = _write_page(request, template, form, carnival)
    texts = _texts(data, kind)
    with shown_on(request, page, form=form, privacy=texts, others_on_page=True):
        if carnival is not None:
            post, _entry = carnivals.write_entry(request.user, carnival, kind=kind, **fields)
        elif kind == STORY:
            post = stories.write_story(request.user, **fields)
        else:
            post = stories.write_blog_post(request.user, **fields)
    if kind == STORY and carnival is not None:
        messages.success(request, _("Your story is posted and has joined the blog carnival."))
    elif kind == STORY:
        messages.success(request, _("Your story is posted. Thank you for sharing the journey."))
    elif carnival is not None:
        messages.success(
            request, _("Your blog post is published and has joined the blog carnival.")
        )
    else:
        messages.success(request, _("Your blog post is published."))
    return redirect(post)


def _write_page(
    request: MemberRequest, template: str, form: StoryForm | BlogForm, carnival: Carnival | None
) -> Page:
    """The story or blog form again, with what was typed and why it was refused."""

    def page(*, status: int, **extra: object) -> HttpResponse:
        shown = carnival
        if extra and carnival is not None and not carnival.accepts_entries:
            # Refused (not for one field) and the carnival closed while the member wrote:
            # the form comes back without it, so publishing again posts on its own.
            without = request.POST.copy()
            without["carnival"] = ""
            form.data = without
            shown = None
        return render(request, template, {"form": form, "carnival": shown, **extra}, status=status)

    return page


def _carnival_from(request: MemberRequest, value: str) -> Carnival | None:
    """The carnival a `?carnival=` link names, if it is one the member may see."""
    if not value.isdigit() or len(value) > 18:
        return None
    return carnivals_queries.visible_carnival(request.user, int(value))


@login_required
def edit_story(request: MemberRequest, pk: int) -> HttpResponse:
    return _edit(request, _post_or_404(request, pk, STORY))


@login_required
def edit_blog(request: MemberRequest, pk: int) -> HttpResponse:
    return _edit(request, _post_or_404(request, pk, BLOG))


def _edit(request: MemberRequest, post: Post) -> HttpResponse:
    if post.author_id != request.user.pk:
        return render(request, "403.html", status=403)
    kind = post.kind
    form_class = StoryForm if kind == STORY else BlogForm
    template = "posts/stories/story_form.html" if kind == STORY else "posts/stories/blog_form.html"
    initial: dict = {"title": post.title, "theme": post.theme.slug}
    if kind == STORY:
        initial.update(post.sections or {})
        initial["idea"] = post.idea_id
    else:
        initial["body"] = post.body
    form = form_class(request.POST or None, initial=initial, member=request.user, editing=True)
    context: dict = {"form": form, "post": post}
    if request.method != "POST":
        return render(request, template, context)
    if not form.is_valid():
        return render(request, template, context, status=400)
    data = form.cleaned_data
    with shown_on(request, template, context, privacy=_texts(data, kind)):
        if kind == STORY:
            assert isinstance(form, StoryForm)
            stories.edit_story(
                request.user,
                post,
                theme=data["theme"],
                title=data["title"],
                sections=form.sections(),
                idea=data.get("idea"),
                confirmed_privacy=data["confirm_privacy"],
            )
        else:
            stories.edit_blog_post(
                request.user,
                post,
                theme=data["theme"],
                title=data["title"],
                body=data["body"],
                confirmed_privacy=data["confirm_privacy"],
            )
    messages.success(request, _("Your changes are saved."))
    return redirect(post)


@login_required
def delete_story(request: MemberRequest, pk: int) -> HttpResponse:
    return _delete(request, _post_or_404(request, pk, STORY))


@login_required
def delete_blog(request: MemberRequest, pk: int) -> HttpResponse:
    return _delete(request, _post_or_404(request, pk, BLOG))


def _delete(request: MemberRequest, post: Post) -> HttpResponse:
    if post.author_id != request.user.pk:
        return render(request, "403.html", status=403)
    if request.method == "POST":
        with shown_on(request, "403.html", status=403):
            stories.delete(request.user, post)
        messages.success(request, _("Deleted."))
        return redirect("posts:stories" if post.kind == STORY else "posts:blogs")
    return render(request, "posts/stories/confirm_delete.html", {"post": post})
