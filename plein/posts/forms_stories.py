from django import forms
from django.utils.translation import gettext_lazy as _

from plein.members.models import Member
from plein.posts.actions import BODY_MAX, TITLE_MAX
from plein.posts.forms import PrivacyConfirmField, SubmitKeyField
from plein.posts.models import Carnival
from plein.posts.stories import COMMENT_MAX, SECTION_MAX, SECTIONS
from plein.posts.stories_queries import ideas_for_story
from plein.themes.forms import theme_choice_field, theme_filter_field


def add_carnival_field(form: forms.Form, member: Member) -> None:
    """A hidden "carnival", set when the form was opened from a blog carnival's page
    (?carnival=<pk>): the new post joins that carnival (plein.posts.carnivals.write_entry).
    A carnival is community-wide, so the form then offers no circle."""
    form.fields["carnival"] = forms.ModelChoiceField(
        queryset=Carnival.objects.visible_to(member),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("This blog carnival no longer exists.")},
    )
    if (form.data.get("carnival") or form.initial.get("carnival")) and "circle" in form.fields:
        del form.fields["circle"]


class StoryForm(forms.Form):
    """The guided story form: a title, then one field per part of the journey, each with
    a short prompt. Only "what we learned" is required."""

    title = forms.CharField(
        label=_("Title of your story"),
        max_length=TITLE_MAX,
        help_text=_("For example: One contact person per family: what a year of trying taught us"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    theme = theme_choice_field()
    confirm_privacy = PrivacyConfirmField()
    submit_key = SubmitKeyField()

    def __init__(
        self, *args: object, member: Member, editing: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for key, heading, prompt in SECTIONS:
            self.fields[key] = forms.CharField(
                label=heading if key == "learned" else _("%(part)s (optional)") % {"part": heading},
                help_text=prompt,
                required=key == "learned",
                max_length=SECTION_MAX,
                widget=forms.Textarea(attrs={"rows": 5 if key == "learned" else 4}),
                error_messages={
                    "required": _(
                        "Write at least what you learned: that is what makes a story worth reading."
                    )
                },
            )
        self.fields["idea"] = forms.ModelChoiceField(
            queryset=ideas_for_story(member),
            required=False,
            label=_("Is this the story of an idea? (optional)"),
            empty_label=_("No idea"),
            help_text=_("Link it to an idea on Plein, so the people who joined it can read it."),
            error_messages={
                "invalid_choice": _("This idea is not (or no longer) open to you."),
            },
        )
        if not editing:
            from plein.circles.forms import add_place_fields

            add_place_fields(self, member)
            add_carnival_field(self, member)
            self.fields["anonymous"] = forms.BooleanField(
                label=_("Post this story anonymously"),
                required=False,
                help_text=_(
                    "A story about what went wrong can be hard to tell under your own name. "
                    "Anonymously, others see the story but not your name, organisation or "
                    "profile; not even community managers can see who wrote it. You still "
                    "hear about comments, and your own comments show as “the author”."
                ),
            )

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key, _h, _p in SECTIONS}


class BlogForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label=_("Your blog post"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Markdown works: ## headings, **bold**, lists, links. Never include client data."
        ),
    )
    theme = theme_choice_field()
    confirm_privacy = PrivacyConfirmField()
    submit_key = SubmitKeyField()

    def __init__(
        self, *args: object, member: Member, editing: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not editing:
            from plein.circles.forms import add_place_fields

            add_place_fields(self, member)
            del self.fields["gathering"]
            add_carnival_field(self, member)


class PostCommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm_privacy = PrivacyConfirmField()
    submit_key = SubmitKeyField()


class ThemeFilterForm(forms.Form):
    theme = theme_filter_field()
    after = forms.CharField(required=False, widget=forms.HiddenInput)
