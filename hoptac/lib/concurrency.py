"""Optimistic concurrency: a write names the version it was based on."""


class EditConflict(Exception):
    """The record changed after the user opened it; nothing was written."""

    def __init__(self, current, message=None):
        self.current = current
        super().__init__(message or "Bản ghi đã được người khác thay đổi sau khi bạn mở.")


def check_version(obj, expected_version):
    """Raise EditConflict unless `expected_version` is None or matches `obj.version`."""
    if expected_version is not None and int(expected_version) != obj.version:
        raise EditConflict(obj)
