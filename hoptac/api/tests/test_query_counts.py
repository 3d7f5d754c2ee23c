"""List endpoints issue the same number of queries whatever the page size."""

import datetime

import pytest

from hoptac.plans.models import AssignmentRole
from hoptac.plans.tests.factories import AssignmentFactory, TaskFactory
from hoptac.registry.tests.factories import (
    AllianceMembershipFactory,
    CooperativeFactory,
    CooperativeGroupFactory,
    CooperativeYearFactory,
)
from hoptac.units.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/units/",
    "/api/v1/agencies/",
    "/api/v1/cooperatives/",
    "/api/v1/groups/",
    "/api/v1/memberships/",
    "/api/v1/directives/",
    "/api/v1/tasks/",
    "/api/v1/assignments/",
    "/api/v1/assignments/?status=overdue",
    "/api/v1/rounds/",
    "/api/v1/submissions/",
]
# The token (1) and the user's grants (1), then the list's own: a count and a page (registry lists: 4 in all);
# tasks add the directive's statuses (11); assignments load the page's status data with the leads (10).
MAX_QUERIES = 11


@pytest.fixture
def many(units, plan_data):
    for n in range(60):
        commune = units.commune_a1 if n % 2 else units.commune_b1
        coop = CooperativeFactory(commune=commune, name=f"Hợp tác xã thử {n:02d}")
        CooperativeYearFactory(cooperative=coop, year=datetime.date.today().year)
        CooperativeGroupFactory(commune=commune, name=f"Tổ hợp tác thử {n:02d}")
        AllianceMembershipFactory(alliance=units.alliance, cooperative=coop)
        task = TaskFactory(directive=plan_data["directive"], number=f"9.{n}", position=100 + n)
        lead = AgencyFactory(code=f"so-thu-{n}")
        AssignmentFactory(task=task, agency=lead, role=AssignmentRole.LEAD)
        AssignmentFactory(task=task, agency=units.department, role=AssignmentRole.COORDINATE)


def count_queries(assert_max, client, url, page_size):
    separator = "&" if "?" in url else "?"
    client.get(f"{url}{separator}page_size=1")  # the token's last use is recorded on the first call
    with assert_max(MAX_QUERIES) as captured:
        response = client.get(f"{url}{separator}page_size={page_size}")
    assert response.status_code == 200, response.content[:300]
    return len(captured), len(response.json()["results"])


@pytest.mark.parametrize("url", LISTS)
def test_it_issues_the_same_queries_for_5_or_50_rows(
    api_for, alliance_officer, many, url, django_assert_max_num_queries
):
    client = api_for(alliance_officer)
    small, small_rows = count_queries(django_assert_max_num_queries, client, url, 5)
    large, large_rows = count_queries(django_assert_max_num_queries, client, url, 50)
    assert small == large, f"{url}: {small} queries for {small_rows} rows, {large} for {large_rows}"


def test_it_reads_large_pages_of_the_main_lists(api_for, alliance_officer, many, django_assert_max_num_queries):
    client = api_for(alliance_officer)
    for url in ("/api/v1/cooperatives/", "/api/v1/groups/", "/api/v1/memberships/", "/api/v1/assignments/"):
        _queries, rows = count_queries(django_assert_max_num_queries, client, url, 50)
        assert rows == 50, url
