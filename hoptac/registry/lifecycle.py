"""The cooperative lifecycle as pure functions over dated events (no database).

An event is a `(kind, date)` pair. Sequences are read in date order; events on the
same date keep the order in which they were recorded, exactly as
`CooperativeQuerySet.with_state_on` breaks ties by id. The queryset methods and these
functions must agree; `tests/test_lifecycle.py` checks both against one table.

Rules (Luật HTX 2012 practice):
- the first event is the establishment, and there is only one;
- nothing happens before the establishment, nor after a dissolution or bankruptcy;
- suspend only an active cooperative; resume only a suspended or ceased one;
- a cooperative ceases operating when active or suspended;
- dissolution or bankruptcy follows any non-terminal state;
- at most one re-registration under the 2012 law, dated from the law's effect, and
  none for cooperatives founded under that law (on or after 01/07/2013);
- no event is dated in the future.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy

from .models import LAW_2012_EFFECTIVE, STATE_AFTER, TERMINAL_KINDS, EventKind, State

Event = tuple[str, datetime.date]

# The states from which each state-changing event may happen.
ALLOWED_FROM = {
    EventKind.SUSPENDED: {State.ACTIVE},
    EventKind.RESUMED: {State.SUSPENDED, State.CEASED},
    EventKind.CEASED: {State.ACTIVE, State.SUSPENDED},
    EventKind.DISSOLVED_VOLUNTARY: {State.ACTIVE, State.SUSPENDED, State.CEASED},
    EventKind.DISSOLVED_COMPULSORY: {State.ACTIVE, State.SUSPENDED, State.CEASED},
    EventKind.BANKRUPT: {State.ACTIVE, State.SUSPENDED, State.CEASED},
}

# Why each refused transition is refused, by event kind.
_TRANSITION_REASON = {
    EventKind.SUSPENDED: gettext_lazy("chỉ tạm ngừng được hợp tác xã đang hoạt động"),
    EventKind.RESUMED: gettext_lazy("chỉ hoạt động trở lại được khi đang tạm ngừng hoặc ngừng hoạt động"),
    EventKind.CEASED: gettext_lazy("chỉ ngừng hoạt động được khi đang hoạt động hoặc tạm ngừng"),
}


def fmt(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def label(kind: str) -> str:
    return str(EventKind(kind).label)


def ordered(events: Iterable[Event]) -> list[Event]:
    """Events in date order; `sorted` is stable, so same-day events keep their recorded order."""
    return sorted(((EventKind(kind), date) for kind, date in events), key=lambda e: e[1])


def _error(field: str, message: str, code: str, params: dict) -> ValidationError:
    return ValidationError({field: ValidationError(message % params, code=code)})


def validate_sequence(events: Sequence[Event], *, today: datetime.date | None = None) -> None:
    """Raise ValidationError (keyed "kind" or "date") at the first impossible event."""
    today = today or timezone.localdate()
    seq = ordered(events)
    if not seq:
        raise _error("kind", _("Chưa có sự kiện “Thành lập”."), "no_establishment", {})

    for kind, date in seq:
        if date > today:
            raise _error(
                "date",
                _("Ngày %(date)s của “%(event)s” ở tương lai (hôm nay là %(today)s)."),
                "future",
                {"date": fmt(date), "event": label(kind), "today": fmt(today)},
            )

    establishments = [date for kind, date in seq if kind == EventKind.ESTABLISHED]
    first_kind, first_date = seq[0]
    if first_kind != EventKind.ESTABLISHED:
        if establishments:
            raise _error(
                "date",
                _("“%(event)s” ngày %(date)s diễn ra trước ngày thành lập %(established)s."),
                "before_establishment",
                {"event": label(first_kind), "date": fmt(first_date), "established": fmt(establishments[0])},
            )
        raise _error(
            "kind",
            _("Sự kiện đầu tiên phải là “Thành lập”, không thể là “%(event)s” ngày %(date)s."),
            "no_establishment",
            {"event": label(first_kind), "date": fmt(first_date)},
        )

    established = first_date
    state, since = State.ACTIVE, established
    terminal: Event | None = None
    reregistered: datetime.date | None = None
    for kind, date in seq[1:]:
        params = {"event": label(kind), "date": fmt(date)}
        if terminal is not None:
            raise _error(
                "date",
                _("Không thể ghi nhận “%(event)s” ngày %(date)s: hợp tác xã đã “%(terminal)s” ngày %(terminal_date)s."),
                "after_terminal",
                {**params, "terminal": label(terminal[0]), "terminal_date": fmt(terminal[1])},
            )
        if kind == EventKind.ESTABLISHED:
            raise _error(
                "kind",
                _("Hợp tác xã đã thành lập ngày %(established)s; không thể thành lập lần nữa ngày %(date)s."),
                "duplicate_establishment",
                {**params, "established": fmt(established)},
            )
        if kind == EventKind.REREGISTERED:
            if established >= LAW_2012_EFFECTIVE:
                raise _error(
                    "kind",
                    _(
                        "Hợp tác xã thành lập ngày %(established)s, đã theo Luật HTX 2012 từ khi thành lập; "
                        "không cần “%(event)s” ngày %(date)s."
                    ),
                    "reregistration_not_needed",
                    {**params, "established": fmt(established)},
                )
            if date < LAW_2012_EFFECTIVE:
                raise _error(
                    "date",
                    _("“%(event)s” ngày %(date)s trước ngày Luật HTX 2012 có hiệu lực (%(law)s)."),
                    "reregistration_before_law",
                    {**params, "law": fmt(LAW_2012_EFFECTIVE)},
                )
            if reregistered is not None:
                raise _error(
                    "kind",
                    _("Hợp tác xã đã đăng ký lại theo Luật HTX 2012 ngày %(first)s; không thể đăng ký lại ngày %(date)s."),
                    "duplicate_reregistration",
                    {**params, "first": fmt(reregistered)},
                )
            reregistered = date
            continue
        if state not in ALLOWED_FROM[kind]:
            raise _error(
                "kind",
                _(
                    "Không thể ghi nhận “%(event)s” ngày %(date)s: hợp tác xã đang “%(state)s” từ ngày %(since)s; "
                    "%(reason)s."
                ),
                "invalid_transition",
                {**params, "state": str(state.label), "since": fmt(since), "reason": str(_TRANSITION_REASON[kind])},
            )
        state, since = STATE_AFTER[kind], date
        if kind in TERMINAL_KINDS:
            terminal = (kind, date)


def state_on(events: Iterable[Event], day: datetime.date) -> State:
    """The state at the end of `day`: that of the last state-changing event on or before it."""
    state = State.NOT_ESTABLISHED
    for kind, date in ordered(events):
        if date > day:
            break
        if kind in STATE_AFTER:
            state = STATE_AFTER[kind]
    return state


def established_on(events: Iterable[Event]) -> datetime.date | None:
    return next((date for kind, date in ordered(events) if kind == EventKind.ESTABLISHED), None)


def dissolved_on(events: Iterable[Event]) -> datetime.date | None:
    return next((date for kind, date in ordered(events) if kind in TERMINAL_KINDS), None)


def is_compliant_on(events: Iterable[Event], day: datetime.date) -> bool:
    """Operating under the 2012 law on `day`: founded under it, or re-registered by then.

    Like `CooperativeQuerySet.compliant_on`, this says nothing about being in operation;
    combine it with the state (`existing_on`) when counting.
    """
    events = list(events)
    established = established_on(events)
    if established is None or established > day:
        return False
    if established >= LAW_2012_EFFECTIVE:
        return True
    return any(kind == EventKind.REREGISTERED and date <= day for kind, date in events)
