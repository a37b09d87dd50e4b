import ipaddress

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port

from plein.members.models import Member


class MemberRequest(HttpRequest):
    """The request of a view behind @login_required: `user` is a Member, never anonymous."""

    user: Member


def mailbox_is_open(request: HttpRequest) -> bool:
    return settings.DEBUG and _from_this_machine(request)


def _from_this_machine(request: HttpRequest) -> bool:
    """The connection comes from a loopback address (REMOTE_ADDR, which the client cannot
    choose) and is addressed to a loopback host: a proxy passes the public Host on, and
    says whom it forwards for. The Host header alone could be forged; both must hold."""
    if "HTTP_X_FORWARDED_FOR" in request.META or "HTTP_FORWARDED" in request.META:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    host, _port = split_domain_port(request.get_host())
    return address.is_loopback and (host == "localhost" or _is_loopback_ip(host.strip("[]")))


def _is_loopback_ip(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
