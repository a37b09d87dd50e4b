"""The one author rule (DESIGN.md rule 4): whoever renders an author calls author_for().
For anonymous content it returns a persona without name, link or organisation, for every
viewer, community managers included; only the author is told it is their own."""

from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from plein.members.models import Member


class Authored(Protocol):
    author_id: int
    is_anonymous: bool

    @property
    def author(self) -> Member: ...


@dataclass(frozen=True)
class Persona:
    name: str
    url: str = ""
    organisation: str = ""
    is_anonymous: bool = False
    is_viewer: bool = False  # the viewer is this author (only ever said to the author)
    member_id: int | None = None  # None for anonymous personas: never put it in a page


def author_for(obj: Authored, viewer: "Member | AnonymousUser | None") -> Persona:
    is_viewer = viewer is not None and viewer.is_authenticated and obj.author_id == viewer.pk
    # Library resources are always named: they have no is_anonymous.
    if getattr(obj, "is_anonymous", False):
        asker = getattr(obj, "post_id", None) is not None  # a reply by the anonymous asker
        if is_viewer:
            name = _("You (anonymous)")
        elif asker and _under_question(obj):
            name = _("The asker")
        elif asker:
            name = _("The author")
        else:
            name = _("Anonymous member")
        return Persona(name=name, is_anonymous=True, is_viewer=is_viewer)
    author = obj.author
    return Persona(
        name=author.name or _("Member"),
        url=author.get_absolute_url(),
        organisation=author.organisation.name if author.organisation else "",
        is_viewer=is_viewer,
        member_id=author.pk,
    )


def _under_question(reply: object) -> bool:
    """Whether an anonymous reply stands under a question (its writer is "the asker")
    rather than under a story ("the author"). Reads the reply's post only when it is
    already loaded, so rendering an author never costs a query; a reply whose post was
    not loaded counts as under a question, as every reply did before stories."""
    field = type(reply)._meta.get_field("post")  # type: ignore[attr-defined]
    if not field.is_cached(reply):
        return True
    return reply.post.kind == "question"  # type: ignore[attr-defined]
