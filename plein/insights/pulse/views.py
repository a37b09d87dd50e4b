"""Pulse survey pages: the list and results (anyone with an insights scope), writing and
publishing (community managers), answering (participants, logged in or by the mailed
one-click link)."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from plein.core.actionview import shown_on
from plein.core.errors import PleinError
from plein.core.http import MemberRequest
from plein.insights.access import min_group, require_scope
from plein.insights.models import Survey, SurveyQuestion
from plein.insights.pulse import actions, queries
from plein.insights.pulse.forms import (
    AnswerForm,
    EditQuestionForm,
    QuestionForm,
    SurveyForm,
    SurveySettingsForm,
)
from plein.members.models import Member


def _require_manager(request: MemberRequest) -> None:
    if not request.user.is_community_manager:
        raise PermissionDenied


def _flash_back(request: MemberRequest, to: str, *, status: int, error: str) -> HttpResponse:
    # A button on a page: the page, shown again, says why it did not work.
    messages.error(request, error)
    return redirect(to)


@login_required
@require_safe
def survey_list(request: MemberRequest) -> HttpResponse:
    require_scope(request.user)
    lists = queries.survey_lists()
    context = {
        "lists": lists,
        "min_group": min_group(),
        "may_manage": request.user.is_community_manager,
    }
    return render(request, "insights/pulse/list.html", context)


@login_required
def survey_create(request: MemberRequest) -> HttpResponse:
    _require_manager(request)
    form = SurveyForm(request.POST or None)
    if request.method != "POST":
        return render(request, "insights/pulse/create.html", {"form": form})
    if not form.is_valid():
        return render(request, "insights/pulse/create.html", {"form": form}, status=400)
    data = form.cleaned_data
    with shown_on(request, "insights/pulse/create.html", {"form": form}, form=form, status=400):
        survey = actions.create_survey(
            request.user,
            title=data["title"],
            introduction=data["introduction"],
            template=data["template"] or None,
            audience=data["audience"],
            audience_theme=data["audience_theme"],
            audience_organisations=list(data["audience_organisations"]),
            audience_segment=data["audience_segment"],
            closes_on=data["closes_on"],
        )
    return redirect("insights:survey_edit", pk=survey.pk)


@login_required
def survey_settings(request: MemberRequest, pk: int) -> HttpResponse:
    """A draft's title, introduction, audience and closing date."""
    survey = _draft_or_404(request, pk)
    if not survey.is_draft:
        return redirect(survey)
    form = SurveySettingsForm(request.POST or None, initial=SurveySettingsForm.initial_for(survey))
    context = {"form": form, "survey": survey}
    if request.method != "POST":
        return render(request, "insights/pulse/settings.html", context)
    if not form.is_valid():
        return render(request, "insights/pulse/settings.html", context, status=400)
    data = form.cleaned_data
    with shown_on(request, "insights/pulse/settings.html", context, form=form):
        actions.update_survey(
            request.user,
            survey,
            title=data["title"],
            introduction=data["introduction"],
            audience=data["audience"],
            audience_theme=data["audience_theme"],
            audience_organisations=list(data["audience_organisations"]),
            audience_segment=data["audience_segment"],
            closes_on=data["closes_on"],
        )
    messages.success(request, _("The draft is saved."))
    return redirect("insights:survey_edit", pk=survey.pk)


def _draft_or_404(request: MemberRequest, pk: int) -> Survey:
    _require_manager(request)
    return get_object_or_404(Survey, pk=pk)


def _render_editor(
    request: MemberRequest,
    survey: Survey,
    *,
    form: QuestionForm | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    context = {
        "survey": survey,
        "questions": queries.questions_of(survey),
        "form": form or QuestionForm(),
        "participants": actions.audience_members(survey).count(),
        "error": error,
    }
    return render(request, "insights/pulse/edit.html", context, status=status)


@login_required
def survey_edit(request: MemberRequest, pk: int) -> HttpResponse:
    """The draft editor: its questions, and a form to add one."""
    survey = _draft_or_404(request, pk)
    if not survey.is_draft:
        return redirect(survey)
    if request.method != "POST":
        return _render_editor(request, survey)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _render_editor(request, survey, form=form, status=400)
    with shown_on(request, partial(_render_editor, request, survey, form=form), form=form):
        actions.add_question(
            request.user,
            survey,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            options=form.option_lines(),
            required=form.cleaned_data["required"],
        )
    messages.success(request, _("The question is added."))
    return redirect("insights:survey_edit", pk=survey.pk)


def _question_or_404(request: MemberRequest, pk: int, question_pk: int) -> SurveyQuestion:
    _require_manager(request)
    return get_object_or_404(
        SurveyQuestion.objects.select_related("survey"), pk=question_pk, survey_id=pk
    )


@login_required
def question_edit(request: MemberRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question_or_404(request, pk, question_pk)
    initial = {
        "text": question.text,
        "options": "\n".join(o.label for o in question.options.all()),
        "required": question.required,
    }
    form = EditQuestionForm(request.POST or None, initial=initial)
    context = {"form": form, "question": question, "survey": question.survey}
    if request.method != "POST":
        return render(request, "insights/pulse/question_edit.html", context)
    if not form.is_valid():
        return render(request, "insights/pulse/question_edit.html", context, status=400)
    with shown_on(request, "insights/pulse/question_edit.html", context, form=form):
        actions.edit_question(
            request.user,
            question,
            text=form.cleaned_data["text"],
            options=form.option_lines(),
            required=form.cleaned_data["required"],
        )
    messages.success(request, _("The question is changed."))
    return redirect("insights:survey_edit", pk=pk)


@login_required
@require_POST
def question_remove(request: MemberRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question_or_404(request, pk, question_pk)
    back = reverse("insights:survey_edit", kwargs={"pk": pk})
    with shown_on(request, partial(_flash_back, request, back)):
        actions.remove_question(request.user, question)
    return redirect("insights:survey_edit", pk=pk)


@login_required
@require_POST
def question_move(request: MemberRequest, pk: int, question_pk: int) -> HttpResponse:
    question = _question_or_404(request, pk, question_pk)
    back = reverse("insights:survey_edit", kwargs={"pk": pk})
    with shown_on(request, partial(_flash_back, request, back)):
        actions.move_question(request.user, question, up=request.POST.get("direction") == "up")
    return redirect("insights:survey_edit", pk=pk)


@login_required
@require_POST
def survey_publish(request: MemberRequest, pk: int) -> HttpResponse:
    survey = _draft_or_404(request, pk)
    with shown_on(request, partial(_publish_refused, request, survey)):
        count = actions.publish_survey(request.user, survey)
    messages.success(
        request,
        _("The pulse is open. %(count)d members are asked, by mail and on their start page.")
        % {"count": count},
    )
    return redirect(survey)


def _publish_refused(
    request: MemberRequest, survey: Survey, *, status: int, error: str
) -> HttpResponse:
    # Published already (by another manager): the pulse's page; a draft: the editor.
    if not survey.is_draft:
        return _flash_back(request, survey.get_absolute_url(), status=status, error=error)
    return _render_editor(request, survey, status=status, error=error)


@login_required
@require_POST
def survey_close(request: MemberRequest, pk: int) -> HttpResponse:
    survey = _draft_or_404(request, pk)
    with shown_on(request, partial(_flash_back, request, survey.get_absolute_url())):
        actions.close_survey(request.user, survey)
    messages.success(request, _("The pulse is closed."))
    return redirect(survey)


@login_required
@require_safe
def survey_results(request: MemberRequest, pk: int) -> HttpResponse:
    require_scope(request.user)
    survey = get_object_or_404(Survey, pk=pk)
    if survey.is_draft and request.user.is_community_manager:
        return redirect("insights:survey_edit", pk=survey.pk)
    results = queries.survey_results(survey)
    context = {
        "survey": survey,
        "results": results,
        "trends": queries.trends_for(survey) if results.shown else [],
        "min_group": min_group(),
        "may_manage": request.user.is_community_manager,
    }
    return render(request, "insights/pulse/results.html", context)


# --- Answering -------------------------------------------------------------------------


def _answer(request: HttpRequest, survey: Survey, member: Member, *, action: str) -> HttpResponse:
    """The answer form for `member` (logged in, or named by the link's signature)."""
    # Not asked, not open or answered already: a page that says so, as a page to read
    # (200), not as a refusal; NotAllowed ("not sent to you") included, so no shown_on.
    try:
        actions.participation(survey, member)
    except PleinError as error:
        context = {"survey": survey, "error": error.message}
        return render(request, "insights/pulse/answer_closed.html", context, status=200)
    questions = queries.questions_of(survey)
    form = AnswerForm(request.POST or None, questions=questions)
    context = {"survey": survey, "form": form, "action": action, "min_group": min_group()}
    if request.method != "POST":
        return render(request, "insights/pulse/answer.html", context)
    if not form.is_valid():
        return render(request, "insights/pulse/answer.html", context, status=400)
    with shown_on(request, "insights/pulse/answer.html", context, form=form):
        try:
            actions.answer_survey(member, survey, form.answers())
        except actions.AlreadyAnswered as error:  # in another tab meanwhile: as above
            closed = {"survey": survey, "error": error.message}
            return render(request, "insights/pulse/answer_closed.html", closed)
    return redirect("insights:survey_thanks")


@login_required
def survey_answer(request: MemberRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    return _answer(request, survey, request.user, action=request.path)


def survey_answer_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click link from the mail: the form without logging in. Opening it changes
    nothing (mail scanners open links); only sending the form answers."""
    with shown_on(request, "insights/pulse/link_invalid.html", status=400):
        survey, member = actions.read_answer_token(token)
    return _answer(request, survey, member, action=request.path)


@require_safe
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "insights/pulse/thanks.html", {"min_group": min_group()})


def pulse_for_start_page(member: Member) -> dict:
    """The start page's "quick question" card: the open pulse the member has not answered,
    with its form. One query when there is none (the usual case)."""
    survey = queries.open_pulse_for(member)
    if survey is None:
        return {"pulse": None}
    form = AnswerForm(questions=queries.questions_of(survey), auto_id="start_pulse_%s")
    action = reverse("insights:survey_answer", kwargs={"pk": survey.pk})
    return {"pulse": survey, "pulse_form": form, "pulse_action": action, "min_group": min_group()}
