"""Domain errors, one definition of each kind. Actions raise them with a translated
message. A view runs an action through plein.core.actionview.shown_on, which puts an
InvalidField next to its field (keeping what the user typed) and any other error on top of
the page; NotAllowed and NotFound become the 403 and 404 pages in
plein.core.middleware.DomainErrorMiddleware; the API answers 4xx with the message."""


class PleinError(Exception):
    """The request cannot be done as asked (400), for the reason in `message`."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidField(PleinError):
    """What was typed in one field cannot be used; `field` names it for the form ("" for
    a message about the form as a whole)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotAllowed(PleinError):
    status_code = 403


class NotFound(PleinError):
    """There is nothing by that name for this member (also what a secret thing is to
    someone who may not know it exists)."""

    status_code = 404


class Conflict(PleinError):
    """The thing is in a state that does not allow the step (done already, closed)."""

    status_code = 409


class RateLimited(PleinError):
    status_code = 429
