"""Errors the converter raises for input it cannot turn into a page."""

from __future__ import annotations


class InputError(ValueError):
    """A raw file that cannot be converted.

    ``source`` names the file, ``reason`` says what is wrong with it and
    ``hint`` what to do about it; ``str()`` gives one line with all three,
    ready to show to office staff or in a CI log.
    """

    def __init__(self, source: str, reason: str, hint: str = "") -> None:
        self.source = source
        self.reason = reason
        self.hint = hint
        message = f"{source}: {reason}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)
