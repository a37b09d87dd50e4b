"""The business case's one setting: the hourly rate an hour saved is valued at."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.core.errors import NotAllowed, PleinError
from plein.insights.models import BusinessCaseSettings
from plein.members.models import Member

RATE_MIN = Decimal("1")
RATE_MAX = Decimal("1000")
CENT = Decimal("0.01")


def hourly_rate() -> Decimal:
    """The rate the community manager set, or PLEIN_INSIGHTS_DEFAULT_HOURLY_RATE until
    someone does."""
    row = BusinessCaseSettings.objects.order_by("pk").values_list("hourly_rate", flat=True).first()
    if row is None:
        return Decimal(settings.PLEIN_INSIGHTS_DEFAULT_HOURLY_RATE).quantize(CENT)
    return row


def set_hourly_rate(manager: Member, rate: Decimal) -> BusinessCaseSettings:
    """Set the hourly rate (community managers only): euros, from 1 to 1000, in cents."""
    if not manager.is_active or not manager.is_community_manager:
        raise NotAllowed(_("Only a community manager can set the hourly rate."))
    # NaN and infinity are Decimals too, and comparing NaN raises: refuse them first.
    if not rate.is_finite() or not RATE_MIN <= rate <= RATE_MAX:
        raise PleinError(
            _("The hourly rate is an amount in euros from %(min)d to %(max)d.")
            % {"min": RATE_MIN, "max": RATE_MAX}
        )
    with transaction.atomic():
        # One row: lock it so two managers saving at once do not create a second.
        row = BusinessCaseSettings.objects.select_for_update().order_by("pk").first()
        if row is None:
            row = BusinessCaseSettings()
        row.hourly_rate = rate.quantize(CENT, rounding=ROUND_HALF_UP)
        row.changed_by = manager
        row.changed_at = timezone.now()
        row.save()
    return row
