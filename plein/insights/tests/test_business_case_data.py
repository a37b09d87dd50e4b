"""A small fixed data set of rollup rows for the business-case tests (no tests of its own:
its name keeps it with them), with its figures worked out by hand (see `hand_data`)."""

from datetime import date

from plein.core.testing import Personas
from plein.insights.business.queries import HELPED, WITH_ESTIMATE
from plein.insights.models import Aggregate, Dimension, Measure
from plein.members.models import Organisation

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
PERIOD = {"start": "2026-01", "end": "2026-03"}


def helped(
    month: date,
    dimension: str = Dimension.ALL,
    key: object = "",
    *,
    reports: int,
    estimated: int,
    minutes: int,
    members: int = 1,
) -> None:
    """Rollup rows for `reports` helped reports, `estimated` of them with an estimate."""
    Aggregate.objects.create(
        month=month,
        measure=HELPED,
        dimension=dimension,
        key=str(key),
        value=reports,
        minutes=minutes,
        members=members,
    )
    if estimated:
        Aggregate.objects.create(
            month=month,
            measure=WITH_ESTIMATE,
            dimension=dimension,
            key=str(key),
            value=estimated,
            members=members,
        )


def organisation_size(organisation: Organisation, members: int, month: date = MAR) -> None:
    Aggregate.objects.update_or_create(
        month=month,
        measure=Measure.MEMBERS,
        dimension=Dimension.ORGANISATION,
        key=str(organisation.pk),
        defaults={"value": members, "members": members},
    )


def hand_data(personas: Personas, *, hengelo_members: int = 6, almelo_members: int = 7) -> None:
    """Four helped reports in January to March 2026:

    1. Jan, youth care: Fatima (Hengelo) helped by Anouk (Almelo), 90 minutes.
    2. Jan, youth care: Joost (Hengelo) helped by Anouk (Almelo), no estimate.
    3. Jan, prevention: Anouk (Almelo) helped by an anonymous answer, 30 minutes.
    4. Mar, no theme (a circle): Anouk (Almelo) helped by Fatima (Hengelo), 240 minutes.

    Whole period: 4 reports, 3 with an estimate, 360 minutes = 6.0 h = €360 at €60.
    Per month: Jan 120 min (2.0 h, €120), Feb 0, Mar 240 (4.0 h, €240); so far 2.0, 2.0, 6.0.
    Per theme: youth care 90 (1.5 h, €90), prevention 30 (0.5 h, €30), no theme 240.
    Received: Almelo 270 (4.5 h, €270; 2 reports), Hengelo 90 (1.5 h, €90; 2 reports).
    Given: Hengelo 240 (4.0 h, €240), Almelo 90 (1.5 h, €90; 2 reports), anonymous 30."""
    youth, prevention = personas.youth_care.pk, personas.prevention.pk
    hengelo, almelo = personas.hengelo.pk, personas.almelo.pk
    helped(JAN, reports=3, estimated=2, minutes=120, members=3)
    helped(JAN, Dimension.THEME, youth, reports=2, estimated=1, minutes=90, members=2)
    helped(JAN, Dimension.THEME, prevention, reports=1, estimated=1, minutes=30)
    helped(JAN, Dimension.ORGANISATION, hengelo, reports=2, estimated=1, minutes=90, members=2)
    helped(JAN, Dimension.ORGANISATION, almelo, reports=1, estimated=1, minutes=30)
    helped(JAN, Dimension.HELPER_ORGANISATION, almelo, reports=2, estimated=1, minutes=90)
    helped(MAR, reports=1, estimated=1, minutes=240)
    helped(MAR, Dimension.ORGANISATION, almelo, reports=1, estimated=1, minutes=240)
    helped(MAR, Dimension.HELPER_ORGANISATION, hengelo, reports=1, estimated=1, minutes=240)
    organisation_size(personas.hengelo, hengelo_members)
    organisation_size(personas.almelo, almelo_members)
