"""The access matrix of issue 7 (insights): every insights surface for every kind of
viewer, checked against a table written out by hand (not computed from the rule it
checks); then the anonymity of anonymous posts on every dashboard, export and survey
result, and the privacy threshold through the real rollup.

Viewers: a visitor (not logged in), a member (Fatima, Hengelo), the organisation manager
of Hengelo (Ingrid), the same organisation manager asking for Almelo (every address gets
`organisation=<Almelo>`, as a hand-edited link would), and a community manager.

Surfaces: the dashboard, a member's own figures, the business case page, its printed
report and its CSV (with and without `organisation=`), setting the hourly rate, the pulse
list, writing a pulse, a closed pulse's results, the answer page of an open pulse sent to
Hengelo, someone else's one-click link, and the start page's pulse card."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from pytest_django.fixtures import Settings

from plein.core.testing import Personas, english_fixture, personas_fixture  # noqa: F401
from plein.insights.business.actions import hourly_rate
from plein.insights.models import Event, Survey, SurveyResponse
from plein.insights.pulse import actions as pulse
from plein.insights.rollup import roll_up
from plein.insights.tests.pulse_helpers import answer_barriers, in_days, more_members
from plein.members import actions as member_actions
from plein.members.models import Member, Organisation
from plein.posts import actions as posts
from plein.posts import stories

pytestmark = pytest.mark.django_db

VIEWERS = ("visitor", "member", "org_manager", "org_for_almelo", "manager")

# One row per surface; one column per viewer, in the order of VIEWERS.
#   ok        200
#   login     a redirect to the login page
#   redirect  a redirect elsewhere (after a form that worked)
#   403 400   that status
#   yes no    the page shows it / does not (a name, a form, a message)
EXPECTED = """
dashboard                         login 403 ok  ok  ok
dashboard names Almelo            login 403 no  no  yes
dashboard names Hengelo           login 403 yes yes yes
dashboard refuses the filter      login 403 no  yes no
dashboard offers refresh          login 403 no  no  yes
dashboard for Hengelo             login 403 ok  ok  ok
dashboard for Hengelo is Hengelo  login 403 yes no  yes
dashboard for Almelo              login 403 ok  ok  ok
dashboard for Almelo is Almelo    login 403 no  no  yes
my figures                        login ok  ok  ok  ok
my figures links the dashboard    login no  yes yes yes
business case                     login 403 ok  ok  ok
business case names Almelo        login 403 no  no  yes
business case offers the rate     login 403 no  no  yes
business case for Almelo is Almelo login 403 no no  yes
print                             login 403 ok  ok  ok
print names Almelo                login 403 no  no  yes
csv                               login 403 ok  ok  ok
csv names Almelo                  login 403 no  no  yes
csv for Hengelo                   login 403 ok  ok  ok
csv for Hengelo is about Hengelo  login 403 yes no  yes
csv for Almelo                    login 403 ok  ok  ok
csv for Almelo is about Almelo    login 403 no  no  yes
set the hourly rate               login 403 403 403 redirect
update the figures now            login 403 403 403 redirect
pulse list                        login 403 ok  ok  ok
pulse list offers a new pulse     login 403 no  no  yes
write a pulse                     login 403 403 403 ok
pulse draft editor                login 403 403 403 ok
pulse draft results               login 403 ok  ok  redirect
publish a pulse                   login 403 403 403 redirect
close a pulse                     login 403 403 403 redirect
pulse results                     login 403 ok  ok  ok
pulse results show the answers    login 403 yes yes yes
answer page                       login ok  ok  ok  ok
answer page offers the form       login yes yes yes no
someone else's link               ok    ok  ok  ok  ok
someone else's link names them    no    no  no  no  no
forged link                       400   400 400 400 400
start page asks the pulse         no    yes yes yes no
"""
# The organisation manager asking for Almelo gets the form's error and the community's
# figures, never Almelo's: "is about Hengelo" is no for them because their addresses ask
# for Almelo (the last organisation= wins), which is refused.
# The open pulse was sent to Hengelo: the community manager (Almelo) is not asked, so the
# answer page tells them so and the start page shows them no card.
# A one-click link is the member's key to their own form, whoever opens it (a mail
# scanner, a forwarded mail): it shows the form but names nobody, and answering with it
# answers once, anonymously, for the member it was sent to.


def parse(text: str) -> dict[str, dict[str, str]]:
    table = {}
    for line in text.strip().splitlines():
        words = line.split()
        surface, cells = " ".join(words[: -len(VIEWERS)]), words[-len(VIEWERS) :]
        table[surface] = dict(zip(VIEWERS, cells, strict=True))
    return table


TABLE = parse(EXPECTED)


def _commit(function, *args, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return function(*args, **kwargs)


@dataclass
class World:
    lead: Member  # organisation manager of Hengelo
    closed: Survey  # closed, answered by five
    open_for_hengelo: Survey
    draft: Survey
    joost_link: str


def build_world(personas: Personas) -> World:
    """Hengelo and Almelo of five members each, help from Hengelo to Almelo, a closed
    pulse answered by five and an open one sent to Hengelo, all through the actions."""
    lead = member_actions.create_member(
        "ingrid@hengelo.example",
        name="Ingrid Smit",
        organisation=personas.hengelo,
        preferred_language="en",
    )
    # Organisation managers are named in the admin (Organisation.managers), nowhere else.
    personas.hengelo.managers.add(lead)
    more_members(2, personas.hengelo, prefix="hengelo")
    more_members(3, personas.almelo, prefix="almelo")
    question = posts.ask_question(
        personas.other_org_member,
        theme=personas.youth_care,
        title="Hoe houden jullie de wachtlijst kort?",
        body="Bij ons wachten gezinnen maanden.",
    )
    answer = posts.answer_question(personas.member, question, body="Met een wachtlijstcoach.")
    posts.mark_helped(personas.other_org_member, answer, minutes=90)

    closed = pulse.create_survey(
        personas.community_manager, title="", template="barriers", closes_on=in_days(14)
    )
    _commit(pulse.publish_survey, personas.community_manager, closed)
    respondents = Member.objects.exclude(pk=personas.community_manager.pk).order_by("pk")[:5]
    for member in respondents:
        answer_barriers(member, closed, ["no_time"])
    pulse.close_survey(personas.community_manager, closed)

    open_for_hengelo = pulse.create_survey(
        personas.community_manager,
        title="Hengelo pulse",
        template="barriers",
        audience=Survey.Audience.ORGANISATIONS,
        audience_organisations=[personas.hengelo],
        closes_on=in_days(14),
    )
    _commit(pulse.publish_survey, personas.community_manager, open_for_hengelo)
    draft = pulse.create_survey(
        personas.community_manager, title="Draft", template="barriers", closes_on=in_days(14)
    )
    roll_up()
    link = reverse(
        "insights:survey_answer_link",
        kwargs={"token": pulse.answer_token(open_for_hengelo, personas.colleague)},
    )
    return World(lead, closed, open_for_hengelo, draft, link)


def client_for(viewer: Member | None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if viewer is not None:
        client.force_login(viewer)
    return client


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def outcome(response) -> str:
    if response.status_code == 302:
        if response["Location"].startswith(reverse("members:login")):
            return "login"
        return "redirect"
    return "ok" if response.status_code == 200 else str(response.status_code)


def shows(response, text: str) -> str:
    """Whether a page (or a CSV) says `text`; its status when it is not shown at all."""
    if response.status_code != 200:
        return outcome(response)
    return yes_no(text in response.content.decode("utf-8"))


def csv_subject(response) -> str:
    """Whom a business-case CSV is about: its first row is ("Business case", subject)."""
    text = response.content.decode("utf-8-sig")
    # Semicolons where the language writes a decimal comma (Dutch), else commas.
    delimiter = ";" if ";" in text.splitlines()[0] else ","
    return next(csv.reader(io.StringIO(text), delimiter=delimiter))[1]


def observe(world: World, personas: Personas) -> dict[str, dict[str, str]]:
    viewers: dict[str, Member | None] = {
        "visitor": None,
        "member": personas.member,
        "org_manager": world.lead,
        "org_for_almelo": world.lead,
        "manager": personas.community_manager,
    }
    almelo, hengelo = personas.almelo, personas.hengelo
    actual: dict[str, dict[str, str]] = {}

    for name, viewer in viewers.items():
        client = client_for(viewer)
        extra = {"organisation": almelo.pk} if name == "org_for_almelo" else {}

        def get(path: str, query: dict | None = None):
            # A later organisation= wins (QueryDict), as in a hand-edited link.
            params = [*(query or {}).items(), *extra.items()]  # noqa: B023
            return client.get(f"{path}?{urlencode(params)}" if params else path)  # noqa: B023

        def put(surface: str, value: str) -> None:
            actual.setdefault(surface, {})[name] = value  # noqa: B023

        dashboard = get(reverse("insights:dashboard"))
        put("dashboard", outcome(dashboard))
        put("dashboard names Almelo", shows(dashboard, almelo.name))
        put("dashboard names Hengelo", shows(dashboard, hengelo.name))
        put("dashboard refuses the filter", shows(dashboard, "Select a valid choice"))
        put("dashboard offers refresh", shows(dashboard, "Update the figures now"))

        for organisation, label in ((hengelo, "Hengelo"), (almelo, "Almelo")):
            response = get(reverse("insights:dashboard"), {"organisation": organisation.pk})
            put(f"dashboard for {label}", outcome(response))
            put(
                f"dashboard for {label} is {label}",
                yes_no(response.context["board"].period.organisation == organisation)
                if response.status_code == 200
                else outcome(response),
            )
        response = get(reverse("insights:business_case"), {"organisation": almelo.pk})
        put(
            "business case for Almelo is Almelo",
            yes_no(response.context["case"].period.organisation == almelo)
            if response.status_code == 200
            else outcome(response),
        )

        mine = get(reverse("insights:my_activity"))
        put("my figures", outcome(mine))
        put(
            "my figures links the dashboard", shows(mine, f'href="{reverse("insights:dashboard")}"')
        )

        case = get(reverse("insights:business_case"))
        put("business case", outcome(case))
        put("business case names Almelo", shows(case, almelo.name))
        put("business case offers the rate", shows(case, 'name="hourly_rate"'))
        printed = get(reverse("insights:business_case_print"))
        put("print", outcome(printed))
        put("print names Almelo", shows(printed, almelo.name))

        exported = get(reverse("insights:business_case_csv"))
        put("csv", outcome(exported))
        put("csv names Almelo", shows(exported, almelo.name))
        for organisation, label in ((hengelo, "Hengelo"), (almelo, "Almelo")):
            response = get(reverse("insights:business_case_csv"), {"organisation": organisation.pk})
            put(f"csv for {label}", outcome(response))
            put(
                f"csv for {label} is about {label}",
                yes_no(csv_subject(response) == organisation.name)
                if response.status_code == 200
                else outcome(response),
            )

        before = hourly_rate()
        response = client.post(
            reverse("insights:business_case") + (f"?{urlencode(extra)}" if extra else ""),
            {"hourly_rate": "80"},
        )
        put("set the hourly rate", outcome(response))
        changed = hourly_rate() != before
        assert changed == (name == "manager"), f"{name} changed the rate: {changed}"

        refresh = client.post(reverse("insights:refresh_figures"), {"query": ""})
        put("update the figures now", outcome(refresh))

        listed = get(reverse("insights:surveys"))
        put("pulse list", outcome(listed))
        put("pulse list offers a new pulse", shows(listed, reverse("insights:survey_create")))
        put("write a pulse", outcome(get(reverse("insights:survey_create"))))
        put(
            "pulse draft editor",
            outcome(get(reverse("insights:survey_edit", args=[world.draft.pk]))),
        )
        put("pulse draft results", outcome(get(world.draft.get_absolute_url())))
        results = get(world.closed.get_absolute_url())
        put("pulse results", outcome(results))
        put("pulse results show the answers", shows(results, "What holds you back from using"))

        answer_page = get(
            reverse("insights:survey_answer", kwargs={"pk": world.open_for_hengelo.pk})
        )
        put("answer page", outcome(answer_page))
        put("answer page offers the form", shows(answer_page, "Send my answers"))
        link = get(world.joost_link)
        put("someone else's link", outcome(link))
        put(
            "someone else's link names them",
            yes_no(
                personas.colleague.name in link.content.decode()
                or personas.colleague.email in link.content.decode()
            ),
        )
        forged = get(
            reverse("insights:survey_answer_link", kwargs={"token": world.joost_link[-12:-1] + "x"})
        )
        put("forged link", outcome(forged))
        start = get("/")
        assert start.status_code == 200
        put("start page asks the pulse", yes_no('id="pulse-heading"' in start.content.decode()))
        # Last, as they change the pulses (only the community manager's do).
        publish = client.post(reverse("insights:survey_publish", args=[world.draft.pk]))
        put("publish a pulse", outcome(publish))
        close = client.post(reverse("insights:survey_close", args=[world.open_for_hengelo.pk]))
        put("close a pulse", outcome(close))
    return actual


def test_who_sees_which_insights(personas: Personas) -> None:
    world = build_world(personas)
    actual = observe(world, personas)
    mismatches = [
        f"{surface} / {viewer}: expected {expected}, got {actual[surface][viewer]}"
        for surface, row in TABLE.items()
        for viewer, expected in row.items()
        if actual.get(surface, {}).get(viewer) != expected
    ]
    assert set(actual) == set(TABLE), set(actual) ^ set(TABLE)
    assert not mismatches, "\n".join(mismatches)
    # Only the community manager's POST set the rate.
    assert hourly_rate() == Decimal(80)
    # Opening the links and answer pages answered nothing.
    assert world.open_for_hengelo.responses.count() == 0
    # Only the community manager published and closed.
    world.draft.refresh_from_db()
    world.open_for_hengelo.refresh_from_db()
    assert world.draft.published_at is not None
    assert not world.open_for_hengelo.is_open


# --- anonymity -------------------------------------------------------------------------------

AUTHOR_NAME = "Xaverius Quackenbosch"
AUTHOR_EMAIL = "xaverius@zwaluwstaart.example"
SMALL_ORGANISATION = "Buurtteam Zwaluwstaart"
OWN_WORDS = "Zwaluwstaartse eigen woorden over de drempel"


def test_no_insights_page_export_or_result_names_an_anonymous_author(
    personas: Personas,
) -> None:
    small, _ = member_actions.add_organisation(SMALL_ORGANISATION)
    author = member_actions.create_member(
        AUTHOR_EMAIL, name=AUTHOR_NAME, organisation=small, preferred_language="en"
    )
    lead = member_actions.create_member(
        "ingrid@hengelo.example",
        name="Ingrid Smit",
        organisation=personas.hengelo,
        preferred_language="en",
    )
    personas.hengelo.managers.add(lead)
    helpers = more_members(3, personas.hengelo, prefix="hengelo")
    question = posts.ask_question(
        author,
        theme=personas.youth_care,
        title="Wat doe je als een gezin niet komt opdagen?",
        body="Ik durf het niet met naam te vragen.",
        anonymous=True,
    )
    answer = posts.answer_question(personas.member, question, body="Bel de school.")
    posts.mark_helped(personas.other_org_member, answer, minutes=30)  # "helped me too"
    story = stories.write_story(
        author,
        theme=personas.prevention,
        title="Wat misging bij onze eerste huisbezoeken",
        sections={"learned": "Begin met één gezin, niet met tien."},
        anonymous=True,
    )
    # In their own threads the anonymous author stays anonymous.
    posts.answer_question(author, question, body="Dank, dat ga ik proberen.")
    stories.comment_on(author, story, body="Vraag gerust door, ik lees mee.")
    # Their named activity: a question under their own name.
    posts.ask_question(
        author,
        theme=personas.prevention,
        title="Welke subsidie gebruiken jullie voor huisbezoeken?",
        body="We zoeken een potje.",
    )
    for member, minutes in zip(
        (personas.member, personas.colleague, *helpers), (45, 15, 60, 20, 10), strict=True
    ):
        stories.mark_story_helped(member, story, minutes=minutes)

    survey = pulse.create_survey(
        personas.community_manager, title="", template="barriers", closes_on=in_days(14)
    )
    _commit(pulse.publish_survey, personas.community_manager, survey)
    answer_barriers(author, survey, ["other"], other=OWN_WORDS)
    for member in (personas.member, personas.colleague, *helpers[:2]):
        answer_barriers(member, survey, ["no_time"])
    roll_up()

    # The log: the author's name is on their joining only; the anonymous question, the
    # anonymous story and the help it gave are counted, tied to nobody.
    assert sorted(Event.objects.filter(member=author).values_list("kind", flat=True)) == [
        Event.Kind.ASKED,
        Event.Kind.JOINED,
    ]
    assert not Event.objects.filter(helper=author).exists()
    assert sorted(Event.objects.filter(organisation=small).values_list("kind", flat=True)) == [
        Event.Kind.ASKED,
        Event.Kind.JOINED,
    ]
    assert Event.objects.filter(kind=Event.Kind.ASKED, member=None).count() == 1
    assert Event.objects.filter(kind=Event.Kind.POSTED_STORY, member=None).count() == 1
    assert Event.objects.filter(kind=Event.Kind.ANSWERED, member=None).count() == 1
    assert Event.objects.filter(kind=Event.Kind.COMMENTED, member=None).count() == 1
    assert (
        Event.objects.filter(kind=Event.Kind.HELPED, helper=None, minutes__isnull=False).count()
        == 5
    )
    # A response keeps no link to who gave it.
    assert not any(
        getattr(field, "related_model", None) is Member
        for field in SurveyResponse._meta.get_fields()
    )

    pages = []
    filters = [
        {},
        {"theme": personas.youth_care.pk},
        {"theme": personas.prevention.pk},
        {"organisation": small.pk},
    ]
    for viewer in (personas.community_manager, lead):
        client = client_for(viewer)
        for query in filters:
            for route in (
                "insights:dashboard",
                "insights:business_case",
                "insights:business_case_print",
                "insights:business_case_csv",
            ):
                response = client.get(reverse(route), query)
                assert response.status_code == 200, (route, query)
                pages.append((f"{route} {query} as {viewer.name}", response))
        for path in (
            reverse("insights:my_activity"),
            reverse("insights:surveys"),
            survey.get_absolute_url(),
        ):
            response = client.get(path)
            assert response.status_code == 200, path
            pages.append((f"{path} as {viewer.name}", response))
    for where, response in pages:
        text = response.content.decode("utf-8")
        assert AUTHOR_NAME not in text, where
        assert AUTHOR_EMAIL not in text, where
        assert f"/members/{author.pk}/" not in text, where

    # The help the anonymous story gave is in the business case (2 h 30 min), without a
    # giving organisation: the CSV does not name the author's organisation either.
    csv_text = client_for(personas.community_manager).get(reverse("insights:business_case_csv"))
    exported = csv_text.content.decode("utf-8")
    assert SMALL_ORGANISATION not in exported
    total = next(
        row
        for row in csv.reader(io.StringIO(exported.lstrip("\ufeff")))
        if row and row[0] == "Total"
    )
    assert total[2:5] == ["6", "6", str(30 + 45 + 15 + 60 + 20 + 10)]

    # The free text is shown, but never beside who wrote it or where they work.
    results = client_for(personas.community_manager).get(survey.get_absolute_url())
    html = results.content.decode()
    assert OWN_WORDS in html
    item = html[
        html.rfind("<li", 0, html.find(OWN_WORDS)) : html.find("</li>", html.find(OWN_WORDS))
    ]
    assert SMALL_ORGANISATION not in html
    for member in Member.objects.all():
        assert member.name not in item and member.email not in item


# --- the privacy threshold, through the rollup ------------------------------------------------


def _organisation_rows(client: Client) -> dict[str, bool]:
    response = client.get(reverse("insights:dashboard"))
    assert response.status_code == 200
    return {row.organisation.name: row.shown for row in response.context["board"].organisations}


def test_a_figure_about_4_members_is_hidden_about_5_shown_and_the_setting_moves_the_line(
    personas: Personas, settings: Settings
) -> None:
    # Hengelo 4 members, Almelo 5, a neighbourhood team 3; each of them active.
    more_members(2, personas.hengelo, prefix="hengelo")
    more_members(3, personas.almelo, prefix="almelo")
    team, _ = member_actions.add_organisation("Wijkteam Noord", kind=Organisation.Kind.OTHER)
    more_members(3, team, prefix="noord")
    roll_up()
    client = client_for(personas.community_manager)

    settings.PLEIN_INSIGHTS_MIN_GROUP = 5
    rows = _organisation_rows(client)
    assert rows == {"Gemeente Almelo": True, "Gemeente Hengelo": False, "Wijkteam Noord": False}
    html = client.get(reverse("insights:dashboard")).content.decode()
    assert "not shown: fewer than 5 members" in html
    # The fifth member of Hengelo: now shown.
    more_members(1, personas.hengelo, prefix="fifth")
    roll_up()
    assert _organisation_rows(client)["Gemeente Hengelo"] is True

    settings.PLEIN_INSIGHTS_MIN_GROUP = 3
    assert _organisation_rows(client) == {
        "Gemeente Almelo": True,
        "Gemeente Hengelo": True,
        "Wijkteam Noord": True,
    }
    response = client.get(reverse("insights:dashboard"), {"organisation": team.pk})
    funnel = response.context["board"].funnel
    assert funnel.shown and funnel.steps[1].count == 3
    settings.PLEIN_INSIGHTS_MIN_GROUP = 4
    response = client.get(reverse("insights:dashboard"), {"organisation": team.pk})
    assert not response.context["board"].funnel.shown
    assert "fewer than 4 members" in response.content.decode()
    # The business case of an organisation below the line is not shown either.
    exported = client.get(reverse("insights:business_case_csv"), {"organisation": team.pk})
    assert "not shown (fewer than 4 members)" in exported.content.decode("utf-8")
    settings.PLEIN_INSIGHTS_MIN_GROUP = 3
    exported = client.get(reverse("insights:business_case_csv"), {"organisation": team.pk})
    assert "not shown" not in exported.content.decode("utf-8")
