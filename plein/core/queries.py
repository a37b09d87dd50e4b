"""Reads for the start page that span apps."""

from django.db.models import Exists, OuterRef

from plein.members.models import Member
from plein.themes.models import Theme


def themes_marking_expertise(member: Member) -> list[Theme]:
    """Every theme (for the theme grid), each with `is_expertise` telling whether the
    member knows about it: one query where two would list all themes and the member's."""
    mine = Member.expertise.through.objects.filter(member_id=member.pk, theme_id=OuterRef("pk"))
    return list(Theme.objects.annotate(is_expertise=Exists(mine)))
