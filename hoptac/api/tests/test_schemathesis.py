"""Property-based run of the whole API against its own schema (schemathesis, through WSGI).

Demo-like data: Kon Tum's real units and agencies, the 2018 seed plan, a registry made with the
factories and a reporting round. Every operation gets a few generated requests with an Alliance
officer's read-write token; none may answer 5xx, and every answer must match the schema
(status code, content type, body).
"""

import datetime
import random
import time

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hoptac.accounts import permissions as perms
from hoptac.accounts.services import create_user_with_role
from hoptac.accounts.tokens import issue_token
from hoptac.plans.queries import active_plan
from hoptac.registry.models import Cooperative
from hoptac.registry.tests.factories import (
    AllianceMembershipFactory,
    CooperativeFactory,
    CooperativeGroupFactory,
    CooperativeYearFactory,
)
from hoptac.reports import services as report_services
from hoptac.units.agencies import load_agencies
from hoptac.units.loaders import load_units
from hoptac.units.models import AdminUnit, Agency

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 5
TIME_LIMIT = 90  # seconds, data included


def build_demo_like_data():
    load_units("62")
    load_agencies("62")
    call_command("load_seed_plan", verbosity=0)
    rng = random.Random(2018)
    communes = list(AdminUnit.objects.filter(level=AdminUnit.Level.COMMUNE).order_by("code"))
    alliance = Agency.objects.get(kind=Agency.Kind.ALLIANCE)
    for n in range(40):
        commune = rng.choice(communes)
        coop = CooperativeFactory(
            commune=commune,
            name=f"Hợp tác xã Nông nghiệp {commune.short_name} {n}",
            established_on=datetime.date(rng.randint(2005, 2018), rng.randint(1, 12), 1),
        )
        CooperativeYearFactory(
            cooperative=coop, year=2018, grade=rng.choice(["tot", "kha", "trung_binh"]), grading_regime="tt09_2017"
        )
        if n % 3 == 0:
            AllianceMembershipFactory(alliance=alliance, cooperative=coop, joined_on=datetime.date(2018, 6, 1))
        CooperativeGroupFactory(commune=commune, name=f"Tổ hợp tác {commune.short_name} {n}")
    directive = active_plan()
    rnd, _created = report_services.open_round(directive, 2018, actor=None)
    for agency in rnd.expected_agencies.all()[:3]:
        report_services.start_submission(rnd, agency, actor=None)
    officer = create_user_with_role("lienminh", password=None, role=perms.ALLIANCE_OFFICER, actor=None, agency=alliance)
    _token, text = issue_token(officer, name="schemathesis", read_only=False, actor=officer)
    return text


@pytest.fixture
def wsgi_app():
    # Django's test client keeps the test's connection (and transaction) open between requests;
    # a bare WSGI application would close it at the end of every request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_it_answers_every_operation_within_its_schema(wsgi_app):
    started = time.monotonic()
    token = build_demo_like_data()
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app, headers=headers)

    operations, failures = 0, []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            phases=[Phase.explicit, Phase.generate],
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            exercise()
        except Exception as exc:  # collect them all, then fail with the list
            failures.append(f"{operation.label}: {exc}")
    elapsed = time.monotonic() - started

    assert operations >= 40
    assert failures == [], "\n\n".join(failures)
    assert Cooperative.objects.exists()
    assert elapsed < TIME_LIMIT, f"the run took {elapsed:.0f} s"
