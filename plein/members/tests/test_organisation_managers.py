"""Member.is_organisation_manager follows Organisation.managers, from either side, so the
menu can offer the insights to organisation managers without a query per page."""

from django.urls import reverse

from plein.core.testing import Personas, client_fixture, english_fixture, personas_fixture  # noqa: F401
from plein.members.models import Member


def flag(member: Member) -> bool:
    return Member.objects.get(pk=member.pk).is_organisation_manager


def test_the_flag_follows_adding_and_removing_managers(personas: Personas) -> None:
    hengelo, member = personas.hengelo, personas.member
    hengelo.managers.add(member, personas.colleague)
    assert flag(member) and flag(personas.colleague)
    hengelo.managers.remove(personas.colleague)
    assert flag(member) and not flag(personas.colleague)
    hengelo.managers.clear()
    assert not flag(member)


def test_the_flag_stays_while_they_manage_another_organisation(personas: Personas) -> None:
    member = personas.member
    member.managed_organisations.add(personas.hengelo, personas.almelo)
    assert flag(member)
    member.managed_organisations.remove(personas.hengelo)
    assert flag(member)
    member.managed_organisations.set([])
    assert not flag(member)


def test_the_menu_offers_insights_to_organisation_managers_only(client, personas: Personas) -> None:
    insights = reverse("insights:dashboard")
    client.force_login(personas.member)
    assert insights not in client.get(reverse("core:home")).content.decode()
    personas.hengelo.managers.add(personas.member)
    assert insights in client.get(reverse("core:home")).content.decode()
