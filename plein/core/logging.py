"""Keeps the secrets that travel in addresses out of every log line.

A login link, an invite, a calendar feed, a door code or a check-in link is a key: whoever
reads it in a log can use it. Which parts of an address are secret is read from the URL
patterns themselves, so a new route with a `<str:token>` or `<str:code>` is redacted
without anyone remembering to list it here (plein/core/tests/test_logging.py walks the
resolver and fails on a parameter nobody has classified).
"""

import logging
import re
from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

REDACTED = "[redacted]"

# A route parameter with one of these names (or ending in _token / _code) is a secret.
SECRET_PARAMETERS = frozenset({"token", "code"})

# Query strings: ?token=..., ?code=... and the like, whatever the route.
SECRET_IN_QUERY = re.compile(
    r"(?P<name>[?&](?:[A-Za-z0-9_]*_)?(?:token|code|key|secret)=)(?P<value>[^&#\s\"']+)",
    re.IGNORECASE,
)

# A slash in a log line may also appear percent-encoded: /login/?next=%2Fjoin%2F<token>%2F.
_SLASH = r"(?:/|%2[Ff])"
_VALUE = r"[^/?&#\s\"'%]+"
_END_OF_ADDRESS = r"(?=[/?&#\s\"']|$)"
# An address starts a log line's word, follows a quote or `=` (?next=), or follows a
# scheme and host (a Referer). Never in the middle of a path: /circles/4/invite/link/ is
# not /invite/<token>/.
_START_OF_ADDRESS = r"(?<![^\s\"'=(,;])(?:https?://[^/\s\"'?#]+)?" + _SLASH
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def is_secret_parameter(name: str) -> bool:
    return name in SECRET_PARAMETERS or name.endswith(("_token", "_code"))


def routes(patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "") -> list[str]:
    """Every route of the URLconf as one string ("circles/join/<str:token>/"), in the
    order Django tries them. Regex patterns (the admin's few) are left out: no secret
    travels in them."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    found: list[str] = []
    for entry in patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found.extend(routes(entry.url_patterns, route))
        else:
            found.append(route)
    return found


def _regex_for(route: str, earlier: list[str]) -> str | None:
    """A regex that finds `route` in a log line and captures its secret parameters as
    groups named `s0`, `s1`..., or None when the route holds no secret."""
    parts: list[str] = []
    position = 0
    secrets_seen = 0
    for match in _PARAMETER.finditer(route):
        literal = route[position : match.start()]
        parts.append(re.escape(literal).replace("/", _SLASH))
        if is_secret_parameter(match["name"]):
            # An earlier route with a literal word in this place wins in Django
            # (gatherings/<pk>/in/done/ before gatherings/<pk>/in/<code>/): that word is
            # no secret, and the log keeps it readable.
            words = _literal_siblings(route[: match.start()], earlier)
            guard = "".join(f"(?!{re.escape(word)}(?:{_SLASH}|$|\\s))" for word in words)
            # Lazy, so that a suffix after the secret (<token>.ics) stays in the log.
            parts.append(f"{guard}(?P<s{secrets_seen}>{_VALUE}?)")
            secrets_seen += 1
        elif match["converter"] == "int":
            parts.append("[0-9]+")
        else:
            parts.append(_VALUE)
        position = match.end()
    if not secrets_seen:
        return None
    # The rest may be missing from a logged address (/login/link/<token> without its
    # slash, answered by a redirect): then the secret runs to where the address ends.
    rest = re.escape(route[position:]).replace("/", _SLASH)
    parts.append(f"(?:{rest}|{_END_OF_ADDRESS})" if rest else _END_OF_ADDRESS)
    return _START_OF_ADDRESS + "".join(parts)


def _literal_siblings(prefix: str, earlier: list[str]) -> list[str]:
    words = []
    for route in earlier:
        if route.startswith(prefix):
            rest = route[len(prefix) :].split("/", 1)[0]
            if rest and "<" not in rest:
                words.append(rest)
    return words


@cache
def _secret_routes(urlconf: str) -> list[re.Pattern[str]]:
    # Built on first use, not at import: logging is configured before the URLconf loads.
    all_routes = routes(get_resolver(urlconf).url_patterns)
    found = []
    for index, route in enumerate(all_routes):
        regex = _regex_for(route, all_routes[:index])
        if regex:
            found.append(re.compile(regex))
    return found


def redact(message: str) -> str:
    """The message with every secret from an address replaced by [redacted]."""
    from django.conf import settings

    for pattern in _secret_routes(settings.ROOT_URLCONF):
        message = pattern.sub(_redact_groups, message)
    return SECRET_IN_QUERY.sub(rf"\g<name>{REDACTED}", message)


def _redact_groups(match: re.Match[str]) -> str:
    text = match.group(0)
    spans = sorted(match.span(name) for name in match.groupdict() if match.group(name))
    # From the last secret to the first, so that the earlier offsets stay right.
    for begin, end in reversed(spans):
        begin, end = begin - match.start(), end - match.start()
        text = text[:begin] + REDACTED + text[end:]
    return text


class RedactTokens(logging.Filter):
    """Keeps tokens and codes out of every log line (runserver, gunicorn, errors)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True
