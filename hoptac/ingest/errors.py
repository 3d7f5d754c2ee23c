"""Errors and the time budget of a parse."""

import time

from django.utils.translation import gettext as _


class ParseError(ValueError):
    """The input cannot be read as a directive; the message says why, in Vietnamese."""


class Budget:
    """Wall-clock limit of one parse: long inputs fail with a clear message instead of hanging."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ParseError(
                _("Văn bản quá dài hoặc quá phức tạp: đã dừng phân tích sau %(seconds)s giây.") % {"seconds": self.seconds}
            )
