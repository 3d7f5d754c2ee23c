"""Reads: the active plan, the reference date, an agency's list and the aggregates, in bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.plans import queries, services
from hoptac.plans.models import Assignment, Directive
from hoptac.plans.status import Status
from hoptac.plans.tests.factories import AssignmentFactory, DirectiveFactory, TaskFactory
from hoptac.plans.tests.helpers import d
from hoptac.units.models import Agency

pytestmark = pytest.mark.django_db


def test_it_picks_the_active_plan_of_the_latest_year():
    DirectiveFactory(year=2018)
    latest = DirectiveFactory(year=2019)
    DirectiveFactory(year=2020, is_active=False)
    assert queries.active_plan() == latest
    Directive.objects.update(is_active=False)
    assert queries.active_plan() is None


def test_it_reads_a_closed_year_as_at_its_last_day():
    plan = DirectiveFactory(year=2018)
    assert queries.default_reference_date(plan, today=d("15/10/2018")) == d("15/10/2018")
    assert queries.default_reference_date(plan, today=d("31/12/2018")) == d("31/12/2018")
    assert queries.default_reference_date(plan, today=d("20/03/2026")) == d("31/12/2018")


def test_it_computes_the_whole_seed_directive_in_a_fixed_number_of_queries(seed_directive, officer):
    sở_kh = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
    five = Assignment.objects.get(task__directive=seed_directive, task__number="5", agency=sở_kh)
    services.add_progress_update(five, actor=officer, date=d("18/05/2018"), text="Dự thảo")
    with CaptureQueriesContext(connection) as captured:
        result = queries.directive_status(seed_directive, d("15/10/2018"))
    assert len(captured) <= 6
    # Lead assignments of the 15 tasks that are not headings; task 5 is overdue, nothing is done.
    assert result.counts.total == Assignment.objects.filter(role="lead", task__directive=seed_directive).exclude(task__number__in=["1", "3"]).count()
    assert result.counts.counts[Status.OVERDUE] >= 1
    assert any(a.task.number == "5" and a.agency == sở_kh for a, _r in result.overdue())
    assert result.task_counts.total == 15


def test_it_keeps_the_query_count_when_the_plan_grows(seed_directive, officer):
    with CaptureQueriesContext(connection) as small:
        queries.directive_status(seed_directive, d("31/12/2018"))
    for assignment in Assignment.objects.filter(task__directive=seed_directive, role="lead")[:40]:
        services.add_progress_update(assignment, actor=officer, date=d("20/09/2018"), text="Báo cáo quý III")
    with CaptureQueriesContext(connection) as large:
        queries.directive_status(seed_directive, d("31/12/2018"))
    assert len(large) == len(small)


def test_it_lists_an_agencys_assignments_with_their_status(seed_directive, officer):
    sở_nn = Agency.objects.get(name="Sở Nông nghiệp và Phát triển nông thôn")
    four = Assignment.objects.get(task__number="4", agency=sở_nn)
    services.complete_assignment(four, actor=officer, completed_on=d("20/03/2018"), evidence="Báo cáo")
    with CaptureQueriesContext(connection) as captured:
        rows = queries.assignments_for_agency(sở_nn, d("15/10/2018"))
    assert len(captured) <= 12  # its own assignments, then the leads of the tasks it coordinates
    assert [(r.assignment.task.number, r.assignment.role) for r in rows] == [
        ("3.2", "coordinate"), ("4", "lead"), ("5", "coordinate"), ("7", "lead"), ("8", "lead"),
    ]
    done = queries.assignments_for_agency(sở_nn, d("15/10/2018"), status=Status.DONE_ON_TIME)
    assert [r.assignment.task.number for r in done] == ["4"]
    counts = queries.agency_status_counts(sở_nn, d("15/10/2018"))
    assert (counts.counts[Status.DONE_ON_TIME], counts.total) == (1, 3)


def test_it_counts_returned_assignments_apart(officer):
    task = TaskFactory()
    kept, sent_back = AssignmentFactory(task=task), AssignmentFactory(task=task)
    services.return_assignment(sent_back, actor=officer, returned_on=d("10/05/2018"), reason="Không đúng chức năng")
    counts = queries.status_counts(Assignment.objects.all(), d("01/07/2018"))
    assert (counts.total, counts.returned, counts.overdue, str(counts.overdue_share)) == (1, 1, 1, "100.00")
    returned = queries.assignments_for_agency(sent_back.agency, d("01/07/2018"), status="returned")
    assert [r.assignment for r in returned] == [sent_back]
    assert kept.task.status(d("01/07/2018")) == Status.OVERDUE


def test_it_rolls_a_heading_task_up_from_its_children(officer):
    heading = TaskFactory(number="1", deadline_kind="unspecified", due=None)
    first = AssignmentFactory(task=TaskFactory(directive=heading.directive, parent=heading, number="1.1", due=d("31/03/2018")))
    AssignmentFactory(task=TaskFactory(directive=heading.directive, parent=heading, number="1.2", due=d("31/12/2018")))
    AssignmentFactory(task=heading, agency=first.agency)
    services.complete_assignment(first, actor=officer, completed_on=d("20/03/2018"), evidence="Xong")
    result = queries.directive_status(heading.directive, d("15/10/2018"))
    assert result.task_statuses[heading.pk] == Status.IN_PROGRESS
    assert result.counts.total == 2  # the heading's own assignment is not counted twice
    assert heading.status(d("01/01/2019")) == Status.OVERDUE


def test_it_gives_task_6_its_2018_and_2019_occurrences_each_with_a_status(seed_directive, officer):
    fair = Assignment.objects.get(task__directive=seed_directive, task__number="6")
    services.complete_assignment(fair, actor=officer, completed_on=d("10/06/2018"), evidence="Hội chợ tháng 5/2018")
    items = queries.occurrences_for(fair, d("15/06/2019"))
    assert [(o.occurrence.end, o.status, o.completed_on) for o in items] == [
        (d("31/05/2018"), Status.DONE_LATE, d("10/06/2018")),
        (d("31/05/2019"), Status.OVERDUE, None),
    ]
    assert fair.status(d("31/12/2018")).status == Status.DONE_LATE
    assert fair.status(d("15/03/2019")).status == Status.IN_PROGRESS
    assert fair.status(d("15/06/2019")).status == Status.OVERDUE


def test_it_lists_the_reporting_periods_of_an_ongoing_task(seed_directive, officer):
    alliance_34 = Assignment.objects.get(task__directive=seed_directive, task__number="3.4")
    for day in (d("20/03/2018"), d("20/06/2018")):
        services.add_progress_update(alliance_34, actor=officer, date=day, text="Cập nhật trang thông tin")
    periods = queries.periods_for(alliance_34, d("15/10/2018"))
    assert [(p.reported, p.status) for p in periods] == [
        (True, Status.DONE_ON_TIME), (True, Status.DONE_ON_TIME), (False, Status.OVERDUE), (False, Status.IN_PROGRESS),
    ]
    assert alliance_34.status(d("15/10/2018")).status == Status.OVERDUE
    assert queries.periods_for(Assignment.objects.filter(task__number="5").first(), d("15/10/2018")) == []
