"""The demo community: Twente's fourteen municipalities with their care providers and schools,
the twelve themes of the transformation of care, and some seventy members.

Everything is fictional and the same on every machine: names come from Faker with a fixed
seed, every choice from a seeded random generator, and every address ends in the reserved
`.example` domain, so no real mailbox can ever get a login mail. Loading is idempotent:
organisations, themes and members are looked up by name, slug and address. Organisations
and members that exist are left as they are; a theme with a demo slug gets the demo's
name, description and order (so a second run writes nothing at all).

The organisations, the two fixed people and the Dutch texts of themes and roles are in
plein/demo/content/community.toml: demo data, not interface strings, so they are not
translated."""

import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from faker import Faker

from plein.demo import content
from plein.demo.loading import Writer as Writer  # the other demo loaders import it here
from plein.demo.loading import progress
from plein.members import actions
from plein.members.models import Member, Organisation
from plein.themes.actions import create_or_update_theme
from plein.themes.models import Theme

# Changing the seed (or the lists below) changes who is in the demo; a database loaded
# earlier would then get the new people next to the old ones.
SEED = 2015  # the year Twente's municipalities took over youth care and social support

COMMUNITY_MANAGER_EMAIL = "communitymanager@plein.example"
DEMO_MEMBER_EMAIL = "demo@plein.example"

JOINED_WITHIN_DAYS = 548  # the demo community started about eighteen months ago
SEEN_WITHIN_DAYS = 42
ENGLISH_SHARE = 0.1
ASK_ME_ABOUT_SHARE = 0.85

Kind = Organisation.Kind


@dataclass(frozen=True)
class ThemeSpec:
    slug: str
    name: str
    description: str


THEMES = content.records("community", "themes", ThemeSpec)


@dataclass(frozen=True)
class Role:
    job_title: str
    themes: tuple[str, ...]  # slugs, the main one first; every member gets the first
    bios: tuple[str, ...]  # may use {at}: "bij de gemeente Hengelo", "bij GGD Twente"
    asks: tuple[str, ...]


MUNICIPALITY_ROLES = content.records("community", "municipality_roles", Role)
YOUTH_CARE_ROLES = content.records("community", "youth_care_roles", Role)
WELFARE_ROLES = content.records("community", "welfare_roles", Role)
HOME_CARE_ROLES = content.records("community", "home_care_roles", Role)
MENTAL_HEALTH_ROLES = content.records("community", "mental_health_roles", Role)
SCHOOL_ROLES = content.records("community", "school_roles", Role)
MBO_ROLES = content.records("community", "mbo_roles", Role)
PUBLIC_HEALTH_ROLES = content.records("community", "public_health_roles", Role)
NETWORK_ROLES = content.records("community", "network_roles", Role)


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: str
    domain: str  # the part before `.example` in members' addresses
    members: int  # how many generated members work there
    roles: tuple[Role, ...]
    at: str = ""  # how a bio says "at this organisation"; defaults to "bij <name>"


ROLES = {
    "municipality": MUNICIPALITY_ROLES,
    "youth_care": YOUTH_CARE_ROLES,
    "welfare": WELFARE_ROLES,
    "home_care": HOME_CARE_ROLES,
    "mental_health": MENTAL_HEALTH_ROLES,
    "school": SCHOOL_ROLES,
    "mbo": MBO_ROLES,
    "public_health": PUBLIC_HEALTH_ROLES,
    "network": NETWORK_ROLES,
}


def _organisations() -> tuple[OrganisationSpec, ...]:
    """The municipalities, then the other organisations of community.toml."""
    data = content.read("community")
    municipalities = [
        OrganisationSpec(
            f"Gemeente {place}",
            Kind.MUNICIPALITY,
            domain,
            members,
            MUNICIPALITY_ROLES,
            at=f"bij de gemeente {place}",
        )
        for place, domain, members in data["municipalities"]
    ]
    others = [
        OrganisationSpec(
            row["name"],
            Kind(row["kind"]),
            row["domain"],
            row["members"],
            ROLES[row["roles"]],
            at=row.get("at", ""),
        )
        for row in data["organisations"]
    ]
    return (*municipalities, *others)


ORGANISATIONS = _organisations()


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    organisation: str
    job_title: str
    bio: str
    ask_me_about: str
    themes: tuple[str, ...]
    preferred_language: str
    joined_days_ago: float
    seen_days_ago: float
    community_manager: bool = False


# The two people with fixed addresses, named in the README and the command's output.
# Deliberately not the test personas of plein/core/testing.py, so tests can load both.
def _fixed_person(key: str, email: str) -> Person:
    person: Person = content.build(Person, {"email": email, **content.read("community")[key]})
    return person


COMMUNITY_MANAGER = _fixed_person("community_manager", COMMUNITY_MANAGER_EMAIL)
DEMO_MEMBER = _fixed_person("demo_member", DEMO_MEMBER_EMAIL)


_TUSSENVOEGSEL = re.compile(r"^(van|de|den|der|het|ter|ten|te|in|op|'t)$")


def _slug_part(text: str) -> str:
    """'de Vries' -> 'devries', 'Zoë' -> 'zoe': what is left is safe in an address."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def _plausible_last_name(last_name: str) -> bool:
    # Faker's Dutch list holds medieval names ("Heribert van Laon", "Claesdr"); keep one
    # surname, with or without a tussenvoegsel, that does not end in an old abbreviation.
    words = last_name.split()
    while len(words) > 1 and _TUSSENVOEGSEL.match(words[0]):
        words = words[1:]
    return len(words) == 1 and not words[0].endswith(("dr", "sd", "sz", "zn"))


def demo_people() -> list[Person]:
    """Everyone in the demo community, the same list on every call and every machine (for
    one Faker version: a new one may pick other names)."""
    fake = Faker("nl_NL")
    fake.seed_instance(SEED)
    rng = random.Random(SEED)  # noqa: S311 (a repeatable demo, not a secret)
    people = [COMMUNITY_MANAGER, DEMO_MEMBER]
    names = {person.name for person in people}
    emails = {person.email for person in people}
    for spec in ORGANISATIONS:
        for role in _roles_for(spec, rng):
            name = _unique_name(fake, names)
            names.add(name)
            email = _unique_email(name, spec.domain, emails)
            emails.add(email)
            joined = rng.uniform(1, JOINED_WITHIN_DAYS)
            extra = rng.sample(role.themes[1:], rng.randint(0, min(2, len(role.themes) - 1)))
            ask = rng.choice(role.asks) if rng.random() < ASK_ME_ABOUT_SHARE else ""
            people.append(
                Person(
                    email=email,
                    name=name,
                    organisation=spec.name,
                    job_title=role.job_title,
                    bio=rng.choice(role.bios).format(at=spec.at or f"bij {spec.name}"),
                    ask_me_about=ask,
                    themes=(role.themes[0], *extra),
                    preferred_language="en" if rng.random() < ENGLISH_SHARE else "nl",
                    joined_days_ago=joined,
                    seen_days_ago=rng.uniform(0, min(SEEN_WITHIN_DAYS, joined)),
                )
            )
    return people


def _roles_for(spec: OrganisationSpec, rng: random.Random) -> list[Role]:
    """Different jobs within one organisation, as long as there are enough to go round."""
    roles: list[Role] = []
    while len(roles) < spec.members:
        roles += rng.sample(spec.roles, min(len(spec.roles), spec.members - len(roles)))
    return roles


def _unique_name(fake: Faker, taken: set[str]) -> str:
    while True:
        last_name = fake.last_name()
        name = f"{fake.first_name()} {last_name}"
        if _plausible_last_name(last_name) and name not in taken:
            return name


def _unique_email(name: str, domain: str, taken: set[str]) -> str:
    first, _space, last = name.partition(" ")
    local = f"{_slug_part(first)}.{_slug_part(last)}"
    email = f"{local}@{domain}.example"
    number = 2
    while email in taken:
        email = f"{local}{number}@{domain}.example"
        number += 1
    return email


@dataclass
class DemoSummary:
    organisations: int
    themes: int
    members: int
    organisations_created: int
    themes_created: int
    members_created: int
    community_manager_email: str = COMMUNITY_MANAGER_EMAIL
    demo_member_email: str = DEMO_MEMBER_EMAIL


def load_demo_community(*, stdout: Writer | None = None) -> DemoSummary:
    """Add what is missing of the demo community to the database (see the module
    docstring for what happens to what exists). One transaction: an interrupted load
    leaves no half community behind."""
    people = demo_people()
    now = timezone.now()
    with transaction.atomic():
        organisations, organisations_created = _load_organisations()
        progress(stdout, f"Organisations: {len(organisations)} ({organisations_created} new)")
        themes_before = Theme.objects.count()
        themes = {
            spec.slug: create_or_update_theme(
                spec.name, slug=spec.slug, description=spec.description, order=order
            )
            for order, spec in enumerate(THEMES, start=1)
        }
        themes_created = Theme.objects.count() - themes_before
        progress(stdout, f"Themes: {len(themes)} ({themes_created} new)")
        members_created = _load_members(people, organisations, themes, now=now)
        progress(stdout, f"Members: {len(people)} ({members_created} new)")
    return DemoSummary(
        organisations=len(organisations),
        themes=len(themes),
        members=len(people),
        organisations_created=organisations_created,
        themes_created=themes_created,
        members_created=members_created,
    )


def _load_organisations() -> tuple[dict[str, Organisation], int]:
    existing: dict[str, Organisation] = {}
    created = 0
    for spec in ORGANISATIONS:
        existing[spec.name], is_new = actions.add_organisation(spec.name, kind=spec.kind)
        created += is_new
    return existing, created


def _load_members(
    people: Sequence[Person],
    organisations: dict[str, Organisation],
    themes: dict[str, Theme],
    *,
    now: datetime,
) -> int:
    existing = set(
        Member.objects.filter(email__in=[person.email for person in people]).values_list(
            "email", flat=True
        )
    )
    created = 0
    for person in people:
        if person.email in existing:
            # A member who is already here is left as they are; only the address the
            # command prints as the community manager's must really be one.
            if person.community_manager:
                member = Member.objects.get(email=person.email)
                if not member.is_community_manager:
                    actions.make_community_manager(member)
            continue
        member = actions.create_member(
            person.email,
            name=person.name,
            organisation=organisations[person.organisation],
            job_title=person.job_title,
            bio=person.bio,
            ask_me_about=person.ask_me_about,
            expertise=[themes[slug] for slug in person.themes],
            preferred_language=person.preferred_language,
        )
        if person.community_manager:
            actions.make_community_manager(member)
        # Demo only: backdate, so the directory and insights look like a community that has
        # been running for a while. Actions always stamp "now", so this writes the columns.
        joined = now - timedelta(days=person.joined_days_ago)
        Member.objects.filter(pk=member.pk).update(
            date_joined=joined, last_seen=now - timedelta(days=person.seen_days_ago)
        )
        created += 1
    return created


@dataclass
class DemoCast:
    """Who the demo content is written for: the demo people who are active members, their
    Member rows by e-mail address, and the themes by slug."""

    people: list[Person]
    members: dict[str, Member]
    themes: dict[str, Theme]


def demo_cast() -> DemoCast:
    """Two queries; call inside the loading transaction."""
    people = demo_people()
    members = {
        member.email: member
        for member in Member.objects.filter(
            email__in=[person.email for person in people], is_active=True
        )
    }
    return DemoCast(
        people=[person for person in people if person.email in members],
        members=members,
        themes={theme.slug: theme for theme in Theme.objects.all()},
    )
