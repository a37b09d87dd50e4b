"""Circles for tests, built through the real actions with the on-commit work (mails,
notifications, search index) run as a real request would."""

from django.test import TestCase

from plein.circles import actions
from plein.circles.models import Circle
from plein.core.testing import Personas
from plein.members.models import Member


def start(host: Member, access: str = Circle.Access.CLOSED, **kw) -> Circle:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return actions.start_circle(
            host,
            name=kw.pop("name", "Preventie op school"),
            learning_goal=kw.pop(
                "learning_goal", "Een gedeelde aanpak voor vroegsignalering op basisscholen"
            ),
            access=access,
            **kw,
        )


def circle_with(personas: Personas, access: str = Circle.Access.CLOSED, **kw) -> Circle:
    """A circle hosted by Fatima (member) with Joost (colleague) in it; Anouk
    (other_org_member) is the outsider."""
    circle = start(personas.member, access, **kw)
    token = actions.renew_invite_link(personas.member, circle)
    actions.join_by_invite_link(token, personas.colleague)
    actions.disable_invite_link(personas.member, circle)
    circle.refresh_from_db()
    return circle
