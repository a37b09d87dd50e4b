from django.http import HttpRequest

from plein.members.models import Member


class MemberRequest(HttpRequest):
    """The request of a view behind @login_required: `user` is a Member, never anonymous."""

    user: Member
