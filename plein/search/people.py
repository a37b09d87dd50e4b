"""The people finder ("wie weet hier meer van?"): members ranked for a topic by how often
their named answers and shared resources in its themes helped someone, by the expertise
they declare, and by what they say they like to be asked about. Members who turned the
finder off are never in it (Member.in_people_finder)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from plein.core.pagination import encode_cursor
from plein.members.models import Member, Organisation
from plein.posts.models import HelperScore
from plein.search.backends import Filters, get_backend
from plein.search.models import SearchDocument
from plein.search.queries import BadCursor, audience_of, decode_page_cursor, related_themes
from plein.search.text import parse_query
from plein.themes.models import Theme

PEOPLE_PAGE_SIZE = 12
# Each source adds at most this many candidates, so a topic costs the same on any site.
CANDIDATES_PER_SOURCE = 200
# Points: one per time someone was helped; a declared expertise counts like a few; a
# match of the words in name, job, "ask me about" or bio up to a few more.
EXPERTISE_POINTS = 3.0
TEXT_POINTS = 4.0


@dataclass
class Expert:
    member: Member
    score: float = 0.0
    # Times their named contributions in the topic's themes helped someone.
    helped: int = 0
    themes: list[Theme] = field(default_factory=list)


@dataclass
class PeoplePage:
    experts: list[Expert]
    themes: list[Theme]
    next_cursor: str | None = None


def people_for_topic(
    viewer: Member,
    text: str,
    *,
    theme: Theme | None = None,
    organisation: Organisation | None = None,
    organisation_kind: str = "",
    cursor: str = "",
    size: int = PEOPLE_PAGE_SIZE,
) -> PeoplePage:
    """Members who know about `text` (and/or `theme`), best first, the viewer left out.
    Seven queries whatever the number of members. Raises BadCursor for a tampered page."""
    query = parse_query(text)
    audience = audience_of(viewer, circles=False)
    if audience is None or not (query or theme):
        return PeoplePage(experts=[], themes=[])
    themes = [theme] if theme else related_themes(query)
    experts: dict[int, Expert] = {}

    def expert(member_id: int) -> Expert:
        return experts.setdefault(member_id, Expert(member=Member(pk=member_id)))

    if query:
        filters = Filters(
            kinds=(SearchDocument.Kind.MEMBER,),
            organisation_ids=(organisation.pk,) if organisation else (),
        )
        hits = get_backend().search(query, filters, audience, limit=CANDIDATES_PER_SOURCE)
        best = max((hit.score for hit in hits), default=0) or 1
        for hit in hits:
            expert(hit.object_id).score += TEXT_POINTS * hit.score / best
    if themes:
        scores = HelperScore.objects.filter(theme__in=themes, helped_count__gt=0).order_by(
            "-helped_count"
        )[:CANDIDATES_PER_SOURCE]
        for member_id, helped in scores.values_list("member_id", "helped_count"):
            found = expert(member_id)
            found.helped += helped
            found.score += helped
        declared = Member.expertise.through.objects.filter(theme__in=themes).values_list(
            "member_id", flat=True
        )[:CANDIDATES_PER_SOURCE]
        for member_id in declared:
            expert(member_id).score += EXPERTISE_POINTS
    experts.pop(viewer.pk, None)

    # Rank on the few columns the ranking needs; load whole members for one page only.
    eligible = Member.objects.listed().filter(pk__in=list(experts), in_people_finder=True)
    if organisation is not None:
        eligible = eligible.filter(organisation=organisation)
    if organisation_kind:
        eligible = eligible.filter(organisation__kind=organisation_kind)
    names = dict(eligible.values_list("pk", "name"))
    ranked = [experts[pk] for pk in names]
    # Proven help in the topic's themes comes first ("whose answers helped most"); the
    # points of declared expertise and matching words order the rest and break ties.
    ranked.sort(key=lambda e: (-e.helped, -e.score, names[e.member.pk], e.member.pk))
    page = _page(ranked, themes, cursor, size)
    members = (
        Member.objects.filter(pk__in=[found.member.pk for found in page.experts])
        .select_related("organisation")
        .prefetch_related(
            Prefetch("expertise", queryset=Theme.objects.only("id", "name", "slug", "order"))
        )
        .in_bulk()
    )
    for found in page.experts:
        found.member = members[found.member.pk]
        found.themes = [known for known in found.member.expertise.all() if known in themes]
    return page


def _page(ranked: list[Expert], themes: list[Theme], cursor: str, size: int) -> PeoplePage:
    """A page of an already ranked, bounded list, by the keyset (score, id) of the last
    member shown, as the other result pages."""
    start = 0
    if cursor:
        key = decode_page_cursor(cursor)
        positions = [
            index for index, found in enumerate(ranked) if (found.score, found.member.pk) == key
        ]
        if not positions:
            # Their rank changed since the link was made: say so and start again.
            raise BadCursor(cursor)
        start = positions[0] + 1
    page = ranked[start : start + size]
    next_cursor = None
    if start + size < len(ranked):
        last = page[-1]
        next_cursor = encode_cursor([repr(last.score), last.member.pk])
    return PeoplePage(experts=page, themes=themes, next_cursor=next_cursor)
