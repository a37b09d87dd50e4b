"""The main menu: Start, Questions and Notifications always in the band; the rest behind
a "Menu" disclosure (<details>, no JavaScript) that phones show folded and wider screens
show inline (plein.css); the current page marked with aria-current in either part."""

import re

import pytest

from plein.core.testing import (  # noqa: F401 (fixtures, known to pytest by their names)
    client_fixture,
    english_fixture,
    personas_fixture,
)

pytestmark = pytest.mark.django_db


def _menu(html: str) -> tuple[str, str]:
    nav = re.search(r'<nav class="plein-nav".*?</nav>', html, re.S)
    assert nav is not None
    primary, _, more = nav.group(0).partition("<details")
    return primary, more


def test_members_get_the_first_items_in_view_and_the_rest_behind_menu(client, personas):
    client.force_login(personas.member)
    primary, more = _menu(client.get("/").content.decode())
    for name in ("Start", "Questions", "Notifications"):
        assert f">{name}" in primary
    assert "<summary>Menu</summary>" in more
    for name in ("Themes", "Library", "Circles", "Gatherings", "Ideas and stories", "Members"):
        assert f">{name}</a>" in more
    assert "Invite" not in more
    assert "<script" not in primary + more and "style=" not in primary + more


def test_the_current_page_is_marked_in_either_part(client, personas):
    client.force_login(personas.community_manager)
    primary, more = _menu(client.get("/").content.decode())
    assert 'aria-current="page">Start' in primary and "aria-current" not in more
    assert ">Invite</a>" in more
    primary, more = _menu(client.get("/circles/").content.decode())
    assert "aria-current" not in primary and 'aria-current="page">Circles' in more


def test_visitors_get_a_short_menu_without_a_disclosure(client, personas):
    primary, more = _menu(client.get("/").content.decode())
    assert ">Start</a>" in primary and ">Themes</a>" in primary
    assert more == "" and "Questions" not in primary
