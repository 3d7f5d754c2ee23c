"""The demo story on the seed directive: all four statuses in October 2018, a mix at year end."""

import pytest

from hoptac.plans import queries
from hoptac.plans.demo import build_demo_progress
from hoptac.plans.models import Assignment, Completion, Extension, ProgressUpdate
from hoptac.plans.status import Status
from hoptac.plans.tests.helpers import d


@pytest.fixture
def demo(seed_directive, officer):
    build_demo_progress(seed_directive, seed=2018, actor=officer)
    return seed_directive


def status_of(directive, number, agency_name, as_of):
    assignment = Assignment.objects.get(task__directive=directive, task__number=number, agency__name=agency_name)
    return assignment.status(d(as_of))


def test_it_shows_every_status_as_at_15_october_2018(demo):
    counts = queries.directive_status(demo, d("15/10/2018")).counts
    assert all(counts.counts[s] > 0 for s in Status), counts.as_dict()
    assert counts.returned == 1
    assert status_of(demo, "4", "Sở Nông nghiệp và Phát triển nông thôn", "15/10/2018").status == Status.DONE_ON_TIME
    fair = status_of(demo, "6", "Sở Công Thương", "15/10/2018")
    assert (fair.status, fair.completed_on, fair.due) == (Status.DONE_LATE, d("10/06/2018"), d("31/05/2018"))
    assert status_of(demo, "5", "Sở Kế hoạch và Đầu tư", "15/10/2018").status == Status.OVERDUE


def test_it_leaves_task_5_open_with_a_may_update_for_the_walkthrough(demo):
    five = Assignment.objects.get(task__directive=demo, task__number="5", role="lead")
    assert not five.completions.exists()
    assert list(five.updates.values_list("date", flat=True)) == [d("18/05/2018")]
    assert five.status(d("15/06/2018")).status == Status.IN_PROGRESS
    assert ProgressUpdate.objects.filter(assignment__task=five.task, assignment__role="coordinate").exists()


def test_it_still_shows_a_mix_at_the_end_of_2018(demo):
    counts = queries.directive_status(demo, d("31/12/2018")).counts
    assert sum(1 for s in Status if counts.counts[s]) >= 3, counts.as_dict()
    extension = Extension.objects.get(assignment__task__directive=demo)
    assert extension.assignment.task.due == d("31/12/2018")  # the original due date stays
    assert extension.assignment.status(d("31/12/2018")).due == extension.new_due


def test_it_is_deterministic_and_adds_nothing_the_second_time(demo, officer):
    first = sorted(Completion.objects.values_list("assignment__agency__name", "assignment__task__number", "completed_on"))
    again = build_demo_progress(demo, seed=2018, actor=officer)
    assert again == {"update": 0, "complete": 0, "extend": 0, "return": 0}
    assert sorted(Completion.objects.values_list("assignment__agency__name", "assignment__task__number", "completed_on")) == first
    assert all(Completion.objects.values_list("is_demo", flat=True))


def test_it_does_nothing_without_a_plan():
    assert build_demo_progress(None, seed=1) == {"update": 0, "complete": 0, "extend": 0, "return": 0}
