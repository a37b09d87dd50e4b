"""Forms of the blog carnival pages. They check the shape of the input; the rules (the
period, who may do what, duplicates) are the actions' (plein.posts.carnivals), whose
messages the views put next to the field they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plein.members.models import Member
from plein.posts.carnivals import INTRO_MAX, ROUNDUP_MAX, TITLE_MAX, eligible_posts
from plein.posts.forms import PrivacyConfirmField
from plein.posts.models import Carnival, Post
from plein.themes.models import Theme

# An address far longer than the action's limit is refused by the form already.
URL_INPUT_MAX = 2_000


class CarnivalForm(forms.Form):
    title = forms.CharField(
        label=_("The question"),
        max_length=TITLE_MAX,
        help_text=_(
            "One question that many people can write about. For example: Is social "
            "learning learnable?"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    intro = forms.CharField(
        label=_("Introduction"),
        max_length=INTRO_MAX,
        help_text=_("Why this question, and what kind of posts you hope for. Markdown works."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Entries are welcome until this day (and a few days after, for late "
            "announcements). At most about six months after the first day."
        ),
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("Theme (optional)"),
        empty_label=_("No particular theme"),
    )
    confirm_privacy = PrivacyConfirmField()

    def action_fields(self) -> dict:
        """The valid form as the keyword arguments of open_carnival and edit_carnival."""
        data = self.cleaned_data
        fields = ("title", "intro", "starts_on", "ends_on", "theme")
        return {
            **{name: data[name] for name in fields},
            "confirmed_privacy": data["confirm_privacy"],
        }

    @classmethod
    def initial_for(cls, carnival: Carnival) -> dict:
        return {
            "title": carnival.title,
            "intro": carnival.intro,
            "starts_on": carnival.starts_on,
            "ends_on": carnival.ends_on,
            "theme": carnival.theme.slug if carnival.theme else None,
        }


class EnterPostForm(forms.Form):
    """One of the member's own blog posts or stories that may still join. The choices are
    read once (one query), for the select and for checking the choice."""

    post = forms.TypedChoiceField(
        coerce=int,
        label=_("Your blog post or story"),
        error_messages={
            "invalid_choice": _(
                "Choose one of your own blog posts or stories that is not in a circle and "
                "has not joined yet."
            )
        },
    )

    def __init__(self, *args: object, member: Member, carnival: Carnival, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.posts = {
            post.pk: post for post in eligible_posts(member, carnival).only("pk", "title", "kind")
        }
        field = self.fields["post"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            ("", _("Choose one of your posts")),
            *((pk, f"{post.title} ({post.get_kind_display()})") for pk, post in self.posts.items()),
        ]

    def clean_post(self) -> Post:
        return self.posts[self.cleaned_data["post"]]


class RegisterAddressForm(forms.Form):
    url = forms.CharField(
        label=_("Address of your blog post"),
        max_length=URL_INPUT_MAX,
        help_text=_(
            "We fetch its title and first lines to show them here. Please link to this page from your post."
        ),
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
    )


class RoundupForm(forms.Form):
    text = forms.CharField(
        label=_("Roundup"),
        max_length=ROUNDUP_MAX,
        help_text=_("What the entries said together, with links to them. Markdown works."),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    confirm_privacy = PrivacyConfirmField()
