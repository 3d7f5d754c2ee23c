"""API test fixtures: clients authenticated with a personal token, and a small plan over the actors' units."""

import datetime

import pytest
from rest_framework.test import APIClient

from hoptac.accounts.tokens import issue_token
from hoptac.plans.models import AssignmentRole
from hoptac.plans.tests.factories import AssignmentFactory, DirectiveFactory, TaskFactory
from hoptac.registry.tests.factories import (
    AllianceMembershipFactory,
    CooperativeFactory,
    CooperativeGroupFactory,
    CooperativeYearFactory,
)


def token_client(user, *, read_only=False) -> APIClient:
    """An API client sending `Authorization: Bearer <token>` of a new token of `user`."""
    _token, text = issue_token(user, name="thử nghiệm", read_only=read_only, actor=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    client.token_text = text
    return client


@pytest.fixture
def api_for():
    clients = {}

    def make(user, *, read_only=False):
        key = (user.pk, read_only)
        if key not in clients:
            clients[key] = token_client(user, read_only=read_only)
        return clients[key]

    return make


@pytest.fixture
def registry_data(units):
    """Cooperative A (commune A1, district A), cooperative B (district B), a group in A2, a membership of A."""
    coop_a = CooperativeFactory(
        commune=units.commune_a1, name="Hợp tác xã Nông nghiệp Đắk Ui", established_on=datetime.date(2015, 3, 1)
    )
    coop_b = CooperativeFactory(
        commune=units.commune_b1, name="Hợp tác xã Đăk Ruồng", established_on=datetime.date(2016, 5, 2)
    )
    CooperativeYearFactory(cooperative=coop_a, year=2018, grade="kha", grading_regime="tt09_2017")
    group_a = CooperativeGroupFactory(commune=units.commune_a2, name="Tổ hợp tác trồng cà phê Hà Mòn")
    membership_a = AllianceMembershipFactory(
        alliance=units.alliance, cooperative=coop_a, joined_on=datetime.date(2016, 1, 1)
    )
    return {"coop_a": coop_a, "coop_b": coop_b, "group_a": group_a, "membership_a": membership_a}


@pytest.fixture
def plan_data(units):
    """A 2018 directive: task 1 led by Sở KH&ĐT, task 2 led by district A's committee (Sở KH&ĐT coordinates)."""
    directive = DirectiveFactory(issuer=units.alliance, year=2018, issued_on=datetime.date(2018, 2, 1))
    task_1 = TaskFactory(directive=directive, number="1", position=1, due=datetime.date(2018, 6, 30))
    task_2 = TaskFactory(directive=directive, number="2", position=2, due=datetime.date(2018, 12, 31))
    return {
        "directive": directive,
        "task_1": task_1,
        "task_2": task_2,
        "dept_lead": AssignmentFactory(task=task_1, agency=units.department, role=AssignmentRole.LEAD),
        "a_lead": AssignmentFactory(task=task_2, agency=units.committee_a, role=AssignmentRole.LEAD),
        "dept_coord": AssignmentFactory(task=task_2, agency=units.department, role=AssignmentRole.COORDINATE),
    }
