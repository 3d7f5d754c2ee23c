"""Reads over reporting rounds: who must report, and completeness and timeliness (DHIS2 reporting rates).

Definitions (docs/adr/0004-reporting-rates.md):
- expected: the agencies obliged in the round's period — internal agencies with an assignment in the
  plan whose task's time span meets the period, and whose territory existed in the period;
- received (actual reports): expected agencies whose report was submitted at least once;
- on time: received, and first submitted on or before the due date (a resubmission after a return
  does not make a report late);
- completeness = received / expected; timeliness = on time / expected.
All counts are made in the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from hoptac.plans.models import Assignment, Directive
from hoptac.units.models import Agency

from .models import ReportingRound, Submission, SubmissionState


def task_in_period(directive: Directive, period_start: datetime.date, period_end: datetime.date, prefix: str = "") -> Q:
    """Tasks whose time span meets the period. A task without its own start begins with the directive;
    one without a due date (ongoing, recurring, unspecified) runs on."""
    started = Q(**{f"{prefix}start__lte": period_end})
    if directive.start_date <= period_end:
        started |= Q(**{f"{prefix}start__isnull": True})
    return started & (Q(**{f"{prefix}due__isnull": True}) | Q(**{f"{prefix}due__gte": period_start}))


def expected_agencies_for(directive: Directive, period_start: datetime.date, period_end: datetime.date):
    """Internal agencies obliged to report on `directive` for the period."""
    in_period = Assignment.objects.filter(agency=OuterRef("pk"), task__directive=directive).filter(
        task_in_period(directive, period_start, period_end, prefix="task__")
    )
    territory_existed = (
        Q(admin_unit__isnull=True)
        | (Q(admin_unit__valid_from__isnull=True) | Q(admin_unit__valid_from__lte=period_end))
        & (Q(admin_unit__valid_to__isnull=True) | Q(admin_unit__valid_to__gt=period_start))
    )
    return Agency.objects.internal().filter(Exists(in_period)).filter(territory_existed).order_by("ordering", "name")


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Rates:
    expected: int
    received: int
    on_time: int
    accepted: int = 0
    returned: int = 0

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def completeness(self) -> Decimal | None:
        """Percentage of expected reports received (one decimal); None when nothing was expected."""
        return _percent(self.received, self.expected)

    @property
    def timeliness(self) -> Decimal | None:
        return _percent(self.on_time, self.expected)

    def as_dict(self) -> dict:
        return {
            "expected": self.expected,
            "received": self.received,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "accepted": self.accepted,
            "returned": self.returned,
            "completeness": None if self.completeness is None else str(self.completeness),
            "timeliness": None if self.timeliness is None else str(self.timeliness),
        }


def _expected_submissions(rnd_ref):
    expected = ReportingRound.expected_agencies.through.objects.filter(
        reportinground_id=rnd_ref, agency_id=OuterRef("agency_id")
    )
    return Submission.objects.filter(round_id=rnd_ref).filter(Exists(expected))


def round_rates(rnd: ReportingRound) -> Rates:
    """Completeness and timeliness of one round (2 queries)."""
    expected = rnd.expected_agencies.count()
    counts = _expected_submissions(rnd.pk).aggregate(
        received=Count("pk", filter=Q(first_submitted_on__isnull=False)),
        on_time=Count("pk", filter=Q(first_submitted_on__lte=rnd.due_on)),
        accepted=Count("pk", filter=Q(state=SubmissionState.ACCEPTED)),
        returned=Count("pk", filter=Q(state=SubmissionState.RETURNED)),
    )
    return Rates(expected=expected, **counts)


def _count_subquery(queryset):
    return Coalesce(
        Subquery(queryset.order_by().values("round_id").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def rounds_with_rates(queryset=None):
    """Rounds annotated with expected / received / on-time counts (one query for any number of rounds)."""
    queryset = queryset if queryset is not None else ReportingRound.objects.all()
    through = ReportingRound.expected_agencies.through
    expected = Coalesce(
        Subquery(
            through.objects.filter(reportinground_id=OuterRef("pk")).order_by().values("reportinground_id")
            .annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    # The submissions of the round being annotated, counted only for its expected agencies.
    base = Submission.objects.filter(round_id=OuterRef("pk")).filter(
        Exists(through.objects.filter(reportinground_id=OuterRef(OuterRef("pk")), agency_id=OuterRef("agency_id")))
    )
    return queryset.annotate(
        expected_count=expected,
        received_count=_count_subquery(base.filter(first_submitted_on__isnull=False)),
        on_time_count=_count_subquery(base.filter(first_submitted_on__lte=F("round__due_on"))),
    )


def rates_of(rnd: ReportingRound) -> Rates:
    """Rates from a round annotated by `rounds_with_rates` (no query)."""
    return Rates(expected=rnd.expected_count, received=rnd.received_count, on_time=rnd.on_time_count)


class AgencyReportStatus:
    """How one expected agency stands in a round, for lists and reminders."""

    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # not received, due date not passed
    OVERDUE = "overdue"  # not received, due date passed

    LABELS = {
        ON_TIME: _("Gửi đúng hạn"),
        LATE: _("Gửi muộn"),
        MISSING: _("Chưa gửi"),
        OVERDUE: _("Quá hạn chưa gửi"),
    }


@dataclass(frozen=True)
class AgencyRow:
    agency: Agency
    submission: Submission | None
    standing: str
    late_days: int | None = None

    @property
    def standing_label(self) -> str:
        return str(AgencyReportStatus.LABELS[self.standing])

    @property
    def state_label(self) -> str:
        return self.submission.get_state_display() if self.submission else str(_("Chưa lập"))


def standing_of(submission: Submission | None, due_on: datetime.date, today: datetime.date) -> tuple[str, int | None]:
    if submission is not None and submission.first_submitted_on is not None:
        late = (submission.first_submitted_on - due_on).days
        return (AgencyReportStatus.ON_TIME, None) if late <= 0 else (AgencyReportStatus.LATE, late)
    if today > due_on:
        return AgencyReportStatus.OVERDUE, (today - due_on).days
    return AgencyReportStatus.MISSING, None


def agency_rows(rnd: ReportingRound, *, today: datetime.date | None = None) -> list[AgencyRow]:
    """Every expected agency of the round with its report and standing (2 queries)."""
    from hoptac.lib.dates import today as local_today

    today = today or local_today()
    submissions = {
        s.agency_id: s
        for s in Submission.objects.filter(round=rnd).select_related("agency", "round")
    }
    rows = []
    for agency in rnd.expected_agencies.select_related("admin_unit").order_by("ordering", "name"):
        submission = submissions.get(agency.pk)
        standing, days = standing_of(submission, rnd.due_on, today)
        rows.append(AgencyRow(agency, submission, standing, days))
    return rows


def agency_rates(agency: Agency, rounds=None) -> Rates:
    """An agency's completeness and timeliness over the rounds in which it was expected (2 queries)."""
    rounds = rounds if rounds is not None else ReportingRound.objects.all()
    expected_in = rounds.filter(expected_agencies=agency)
    expected = expected_in.count()
    counts = Submission.objects.filter(agency=agency, round__in=expected_in).aggregate(
        received=Count("pk", filter=Q(first_submitted_on__isnull=False)),
        on_time=Count("pk", filter=Q(first_submitted_on__lte=F("round__due_on"))),
        accepted=Count("pk", filter=Q(state=SubmissionState.ACCEPTED)),
        returned=Count("pk", filter=Q(state=SubmissionState.RETURNED)),
    )
    return Rates(expected=expected, **counts)


def round_for_year(directive: Directive, year: int) -> ReportingRound | None:
    """The yearly round of a plan (the latest period ending in that year)."""
    return ReportingRound.objects.filter(directive=directive, year=year).order_by("-period_end", "-pk").first()


@dataclass(frozen=True)
class RoundOverview:
    """A round at a glance: its rates and every expected agency's standing, by name."""

    round: ReportingRound
    rates: Rates
    rows: list[AgencyRow]
    today: datetime.date

    @property
    def is_locked(self) -> bool:
        return self.round.is_locked_on(self.today)

    def _with(self, *standings) -> list[AgencyRow]:
        return [row for row in self.rows if row.standing in standings]

    @property
    def on_time_rows(self) -> list[AgencyRow]:
        return self._with(AgencyReportStatus.ON_TIME)

    @property
    def late_rows(self) -> list[AgencyRow]:
        return self._with(AgencyReportStatus.LATE)

    @property
    def missing_rows(self) -> list[AgencyRow]:
        """Not received yet, whether the due date has passed or not."""
        return self._with(AgencyReportStatus.MISSING, AgencyReportStatus.OVERDUE)

    @property
    def returned_rows(self) -> list[AgencyRow]:
        return [row for row in self.rows if row.submission is not None and row.submission.state == SubmissionState.RETURNED]


def round_overview(rnd: ReportingRound, *, today: datetime.date | None = None) -> RoundOverview:
    """Rates and agency rows of a round (2 queries). The rates are counted over the rows, which
    hold only expected agencies, so they equal `round_rates(rnd)`."""
    from hoptac.lib.dates import today as local_today

    today = today or local_today()
    rows = agency_rows(rnd, today=today)
    for row in rows:
        if row.submission is not None:
            row.submission.round = rnd  # the caller's instance, with whatever it has already loaded
    received = [row.submission for row in rows if row.submission is not None and row.submission.is_received]
    rates = Rates(
        expected=len(rows),
        received=len(received),
        on_time=sum(1 for s in received if s.first_submitted_on <= rnd.due_on),
        accepted=sum(1 for s in received if s.state == SubmissionState.ACCEPTED),
        returned=sum(1 for s in received if s.state == SubmissionState.RETURNED),
    )
    return RoundOverview(rnd, rates, rows, today)


def current_round_overview(directive: Directive | None = None, *, today: datetime.date | None = None):
    """The overview of the latest round already opened (of `directive` when given), or None (3 queries)."""
    from hoptac.lib.dates import today as local_today

    today = today or local_today()
    rounds = ReportingRound.objects.filter(opens_on__lte=today).select_related("directive", "consolidator")
    if directive is not None:
        rounds = rounds.filter(directive=directive)
    rnd = rounds.order_by("-period_end", "-opens_on", "-pk").first()
    return round_overview(rnd, today=today) if rnd is not None else None
