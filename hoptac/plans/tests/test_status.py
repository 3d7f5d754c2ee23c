"""The status rules, at and around every boundary date (docs/adr/0002-task-status.md)."""

from decimal import Decimal

import pytest

from hoptac.plans import deadlines as dl
from hoptac.plans.status import (
    CompletionFact,
    ExtensionFact,
    Facts,
    Status,
    StatusCounts,
    StatusResult,
    assignment_status,
    occurrence_statuses,
    period_statuses,
    rollup,
)
from hoptac.plans.tests.helpers import d

START = d("01/01/2018")
Q2_DUE = dl.normalise("once", None, d("30/06/2018"))
MAY_EVERY_YEAR = dl.normalise("recurring", recurrence={"every": "year", "month": 5})


def status(deadline, as_of, facts=Facts(), period="quarter"):
    return assignment_status(deadline, facts, d(as_of), started_on=START, period=period).status


def done(day, occurrence=None):
    return Facts(completions=(CompletionFact(d(day), d(occurrence) if occurrence else None),))


def test_it_uses_the_exact_vietnamese_labels():
    assert [s.label for s in Status] == [
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Quá hạn, chưa hoàn thành",
    ]


def test_it_counts_the_due_date_itself_as_in_time_and_the_next_day_as_overdue():
    assert status(Q2_DUE, "29/06/2018") == Status.IN_PROGRESS
    assert status(Q2_DUE, "30/06/2018") == Status.IN_PROGRESS
    assert status(Q2_DUE, "01/07/2018") == Status.OVERDUE


def test_it_counts_completion_on_the_due_date_as_on_time_and_the_next_day_as_late():
    assert status(Q2_DUE, "31/12/2018", done("30/06/2018")) == Status.DONE_ON_TIME
    assert status(Q2_DUE, "31/12/2018", done("01/07/2018")) == Status.DONE_LATE


def test_it_ignores_facts_recorded_after_the_reference_date():
    late = done("10/07/2018")
    assert status(Q2_DUE, "05/07/2018", late) == Status.OVERDUE
    assert status(Q2_DUE, "10/07/2018", late) == Status.DONE_LATE


def test_it_moves_the_boundary_by_an_extension_from_the_day_it_is_granted():
    extended = Facts(extensions=(ExtensionFact(decided_on=d("25/06/2018"), new_due=d("30/09/2018")),))
    assert status(Q2_DUE, "24/06/2018", extended) == Status.IN_PROGRESS
    result = assignment_status(Q2_DUE, extended, d("01/07/2018"), started_on=START)
    assert result.status == Status.IN_PROGRESS
    assert (result.due, result.original_due, result.extended) == (d("30/09/2018"), d("30/06/2018"), True)
    assert status(Q2_DUE, "30/09/2018", extended) == Status.IN_PROGRESS
    assert status(Q2_DUE, "01/10/2018", extended) == Status.OVERDUE
    on_new_due = Facts(completions=(CompletionFact(d("30/09/2018")),), extensions=extended.extensions)
    assert status(Q2_DUE, "31/12/2018", on_new_due) == Status.DONE_ON_TIME


def test_it_judges_a_window_by_its_end():
    q3_q4 = dl.normalise("window", d("01/07/2018"), d("31/12/2018"))
    assert status(q3_q4, "15/03/2018") == Status.IN_PROGRESS
    assert status(q3_q4, "31/12/2018") == Status.IN_PROGRESS
    assert status(q3_q4, "01/01/2019") == Status.OVERDUE
    assert status(q3_q4, "01/01/2019", done("20/11/2018")) == Status.DONE_ON_TIME


def test_it_never_makes_an_unspecified_deadline_overdue():
    unspecified = dl.normalise("unspecified")
    assert status(unspecified, "31/12/2030") == Status.IN_PROGRESS
    assert status(unspecified, "31/12/2030", done("01/06/2029")) == Status.DONE_ON_TIME


def test_it_judges_an_ongoing_task_per_reporting_period():
    ongoing = dl.normalise("ongoing")
    reported_q1_q2 = Facts(update_dates=(d("20/03/2018"), d("15/05/2018")))
    # Q3 has not ended yet and Q2 was reported.
    assert status(ongoing, "30/09/2018", reported_q1_q2) == Status.IN_PROGRESS
    # Q3 ended without a report.
    result = assignment_status(ongoing, reported_q1_q2, d("15/10/2018"), started_on=START)
    assert result.status == Status.OVERDUE
    assert result.period == dl.Period(d("01/07/2018"), d("30/09/2018"))
    # A report in the current quarter brings it back in time.
    back = Facts(update_dates=reported_q1_q2.update_dates + (d("12/10/2018"),))
    assert status(ongoing, "15/10/2018", back) == Status.IN_PROGRESS
    # Nothing ended yet in the first quarter of work.
    assert status(ongoing, "15/02/2018") == Status.IN_PROGRESS


def test_it_lists_each_period_of_an_ongoing_task_as_reported_or_not():
    facts = Facts(update_dates=(d("20/03/2018"), d("20/09/2018"), d("20/11/2018")))
    periods = period_statuses(facts, d("15/10/2018"), started_on=START)
    assert [(dl.period_label(p.period), p.reported, p.status) for p in periods] == [
        ("Quý I/2018", True, Status.DONE_ON_TIME),
        ("Quý II/2018", False, Status.OVERDUE),
        ("Quý III/2018", True, Status.DONE_ON_TIME),
        ("Quý IV/2018", False, Status.IN_PROGRESS),  # the November update is after the reference date
    ]


def test_it_can_judge_ongoing_tasks_by_year():
    ongoing = dl.normalise("ongoing")
    assert status(ongoing, "15/10/2018", period="year") == Status.IN_PROGRESS
    assert status(ongoing, "15/01/2019", period="year") == Status.OVERDUE


def test_it_gives_each_recurring_occurrence_its_own_status():
    facts = Facts(completions=(CompletionFact(d("10/06/2018"), d("31/05/2018")),))
    items = occurrence_statuses(MAY_EVERY_YEAR, facts, d("15/06/2019"), started_on=START)
    assert [(o.occurrence.end, o.status) for o in items] == [
        (d("31/05/2018"), Status.DONE_LATE),
        (d("31/05/2019"), Status.OVERDUE),
    ]


def test_it_shows_the_recurring_occurrence_that_matters_at_the_date():
    late_2018 = Facts(completions=(CompletionFact(d("10/06/2018"), d("31/05/2018")),))
    assert status(MAY_EVERY_YEAR, "15/04/2018") == Status.IN_PROGRESS
    assert status(MAY_EVERY_YEAR, "31/05/2018") == Status.IN_PROGRESS
    assert status(MAY_EVERY_YEAR, "01/06/2018") == Status.OVERDUE
    assert status(MAY_EVERY_YEAR, "15/10/2018", late_2018) == Status.DONE_LATE
    result = assignment_status(MAY_EVERY_YEAR, late_2018, d("15/03/2019"), started_on=START)
    assert (result.status, result.due) == (Status.IN_PROGRESS, d("31/05/2019"))
    on_time_2019 = Facts(completions=late_2018.completions + (CompletionFact(d("20/05/2019"), d("31/05/2019")),))
    assert status(MAY_EVERY_YEAR, "15/10/2019", on_time_2019) == Status.DONE_ON_TIME


def test_it_keeps_an_unfinished_occurrence_overdue_in_later_years():
    assert status(MAY_EVERY_YEAR, "15/03/2019") == Status.OVERDUE


def test_it_extends_one_recurring_occurrence_only():
    facts = Facts(extensions=(ExtensionFact(d("20/05/2018"), d("30/06/2018"), d("31/05/2018")),))
    items = occurrence_statuses(MAY_EVERY_YEAR, facts, d("15/06/2019"), started_on=START)
    assert [(o.due, o.original_due, o.status) for o in items] == [
        (d("30/06/2018"), d("31/05/2018"), Status.OVERDUE),
        (d("31/05/2019"), d("31/05/2019"), Status.OVERDUE),
    ]
    assert status(MAY_EVERY_YEAR, "15/06/2018", facts) == Status.IN_PROGRESS


def test_it_takes_a_returned_assignment_out_of_the_four_statuses():
    returned = Facts(returned_on=d("10/05/2018"))
    before = assignment_status(Q2_DUE, returned, d("09/05/2018"), started_on=START)
    after = assignment_status(Q2_DUE, returned, d("10/05/2018"), started_on=START)
    assert before.status == Status.IN_PROGRESS and not before.returned
    assert after.status is None and after.returned and after.label == "Đã trả lại"


def test_it_rolls_up_a_task_from_its_leads():
    assert rollup([Status.DONE_ON_TIME, Status.DONE_LATE]) == Status.DONE_LATE
    assert rollup([Status.DONE_ON_TIME, Status.DONE_ON_TIME]) == Status.DONE_ON_TIME
    assert rollup([Status.DONE_ON_TIME, Status.IN_PROGRESS]) == Status.IN_PROGRESS
    assert rollup([Status.DONE_ON_TIME, Status.OVERDUE, Status.IN_PROGRESS]) == Status.OVERDUE
    assert rollup([None, Status.DONE_ON_TIME]) == Status.DONE_ON_TIME
    assert rollup([None]) is None


def test_it_counts_statuses_with_the_overdue_share():
    results = [StatusResult(Status.OVERDUE)] + [StatusResult(Status.DONE_ON_TIME)] * 2 + [StatusResult(None, returned=True)]
    counts = StatusCounts.of(results)
    assert counts.total == 3 and counts.returned == 1
    assert counts.overdue_share == Decimal("33.33")
    assert [row[1:] for row in counts.rows()] == [
        ("Hoàn thành đúng hạn", 2),
        ("Hoàn thành quá hạn", 0),
        ("Đang thực hiện trong hạn", 0),
        ("Quá hạn, chưa hoàn thành", 1),
    ]
    assert StatusCounts.of([]).overdue_share == 0


@pytest.mark.parametrize("as_of", ["01/01/2018", "15/10/2018"])
def test_it_is_in_progress_before_anything_is_due(as_of):
    assert status(dl.normalise("once", None, d("31/12/2018")), as_of) == Status.IN_PROGRESS
