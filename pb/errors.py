"""Domain errors that services raise and routes turn into messages on the form."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the product refused an action.

    ``field`` names the form field the problem concerns (or ``None`` for the whole form);
    ``message`` is already in the user's language (a lazy string).
    """

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
