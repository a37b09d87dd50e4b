"""Building shop window data for tests through the real actions."""

from django.test import TestCase

from plein.members import actions as member_actions
from plein.members.models import Member, Organisation
from plein.showcase import actions
from plein.showcase.models import Feature


def feature(
    manager: Member, why: str = "Een mooi voorbeeld van durven vragen.", **target
) -> Feature:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return actions.feature(manager, why=why, **target)


def new_member(email: str, name: str, organisation: Organisation | None = None) -> Member:
    member = member_actions.create_member(email, name=name, organisation=organisation)
    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])
    return member


def helpers(count: int, organisation: Organisation | None = None) -> list[Member]:
    return [new_member(f"helper{i}@example.org", f"Helper {i}", organisation) for i in range(count)]


def school(name: str = "Basisschool De Esch") -> Organisation:
    organisation, _ = member_actions.add_organisation(name, kind=Organisation.Kind.EDUCATION)
    return organisation
