"""Domain errors. Actions raise them with a translated message; views show the message
next to the form (keeping what the user typed), the API answers 4xx with it."""


class PleinError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(PleinError):
    status_code = 403


class RateLimited(PleinError):
    status_code = 429
