"""The plan pages run a bounded number of queries, whatever the size of the plan and its history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoptac.plans.demo import build_demo_progress

from hoptac.plans import services

from .test_pages import KHDT, assignment, people, plan, task  # noqa: F401

pytestmark = pytest.mark.django_db

# Per page: signing in (session, user, grants) is 3 queries; the rest is listed in each view.
LIMIT = 20


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def pages(plan):
    lead = assignment(plan, "5", KHDT)
    return {
        "directive": reverse("plans:directive", args=[plan.pk]) + "?ngay=15/10/2018",
        "task": reverse("plans:task", args=[lead.task_id]),
        "heading task": reverse("plans:task", args=[task(plan, "1").pk]),
        "assignment": reverse("plans:assignment", args=[lead.pk]),
        "my tasks": reverse("plans:my_tasks"),
        "agency list": reverse("plans:agency_list"),
        "agency tasks": reverse("plans:agency_tasks", args=[lead.agency_id]),
        "directives": reverse("plans:index"),
    }


def test_it_keeps_each_page_under_the_limit_and_flat_as_the_history_grows(client, plan, people):
    # One record of each kind on task 5 first, so that no prefetch is skipped for lack of rows.
    lead = assignment(plan, "5", KHDT)
    day = plan.start_date
    files = [SimpleUploadedFile("a.txt", b"a")]
    services.add_progress_update(lead, actor=people.khdt, date=day, text="Bắt đầu", files=files)
    coordinator = assignment(plan, "5", "Sở Tài chính")
    files = [SimpleUploadedFile("b.txt", b"b")]
    services.complete_assignment(coordinator, actor=people.alliance, completed_on=day, evidence="Xong", files=files)
    client.force_login(people.alliance)
    urls = pages(plan)
    before = {name: count_queries(client, url) for name, url in urls.items()}
    build_demo_progress(plan, seed=2018)  # 136 updates, completions, an extension and a return
    after = {name: count_queries(client, url) for name, url in urls.items()}
    assert after == before
    assert max(after.values()) <= LIMIT, after


def test_it_bounds_the_directive_page(client, plan, people, django_assert_max_num_queries):
    build_demo_progress(plan, seed=2018)
    client.force_login(people.leader)
    # session, user, grants; directive; 6 for the statuses; 2 for targets and allocations
    with django_assert_max_num_queries(12):
        client.get(reverse("plans:directive", args=[plan.pk]))


def test_it_bounds_my_tasks_for_a_district_officer(client, plan, people, django_assert_max_num_queries):
    build_demo_progress(plan, seed=2018)
    client.force_login(people.dak_ha)
    # session, user, grants; agencies; active plan; directives for the picker; 5 for the rows;
    # 5 for the leads of the tasks it coordinates
    with django_assert_max_num_queries(16):
        client.get(reverse("plans:my_tasks") + "?status=overdue")


def test_it_bounds_the_agency_list(client, plan, people, django_assert_max_num_queries):
    build_demo_progress(plan, seed=2018)
    client.force_login(people.leader)
    with django_assert_max_num_queries(10):
        client.get(reverse("plans:agency_list"))
    client.force_login(people.khdt)
    with django_assert_max_num_queries(15):
        client.get(reverse("plans:agency_list"))
