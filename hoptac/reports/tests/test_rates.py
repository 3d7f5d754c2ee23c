"""Completeness and timeliness as DHIS2 reporting rates (docs/adr/0004-reporting-rates.md).

Round 2018 (due 20/12/2018) expects 4 agencies: Đăk Hà sends on 14/12 (returned, resubmitted on 22/12),
Kon Rẫy on 21/12 (late), Sở KH&ĐT on 20/12 (the due date: on time), the Alliance never.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.reports import services
from hoptac.reports.queries import (
    AgencyReportStatus,
    agency_rates,
    agency_rows,
    rates_of,
    round_rates,
    rounds_with_rates,
)

from .conftest import moment, send

D = datetime.date


@pytest.fixture
def played(rnd, units, alliance_officer):
    dak_ha = send(rnd, units.committee_a, actor=None, on=D(2018, 12, 14))
    dak_ha = services.return_submission(dak_ha, reason="Số liệu không khớp", actor=alliance_officer, now=moment(D(2018, 12, 17)))
    services.submit(dak_ha, actor=None, now=moment(D(2018, 12, 22)))
    send(rnd, units.committee_b, actor=None, on=D(2018, 12, 21))
    department = send(rnd, units.department, actor=None, on=D(2018, 12, 20))
    services.accept(department, actor=alliance_officer, now=moment(D(2018, 12, 21)))
    return rnd


def test_it_computes_completeness_and_timeliness_of_a_round(played):
    rates = round_rates(played)
    assert (rates.expected, rates.received, rates.on_time, rates.late, rates.missing) == (4, 3, 2, 1, 1)
    assert (rates.completeness, rates.timeliness) == (Decimal("75.0"), Decimal("50.0"))
    assert rates.accepted == 1


def test_it_lists_each_expected_agency_with_its_standing(played, units):
    rows = {row.agency.name: row for row in agency_rows(played, today=D(2018, 12, 28))}
    assert {name: row.standing_label for name, row in rows.items()} == {
        units.committee_a.name: "Gửi đúng hạn",
        units.committee_b.name: "Gửi muộn",
        units.department.name: "Gửi đúng hạn",
        units.alliance.name: "Quá hạn chưa gửi",
    }
    assert rows[units.committee_b.name].late_days == 1
    assert rows[units.alliance.name].late_days == 8
    assert rows[units.committee_a.name].state_label == "Đã gửi lại"
    assert rows[units.alliance.name].state_label == "Chưa lập"


def test_it_calls_a_report_missing_not_late_before_the_due_date(rnd, units):
    rows = {row.agency.pk: row.standing for row in agency_rows(rnd, today=D(2018, 12, 20))}
    assert rows[units.alliance.pk] == AgencyReportStatus.MISSING


def test_it_does_not_count_reports_of_agencies_not_expected(played, units):
    played.expected_agencies.remove(units.committee_b)  # e.g. no longer obliged
    rates = round_rates(played)
    assert (rates.expected, rates.received, rates.on_time) == (3, 2, 2)


def test_it_annotates_many_rounds_in_one_query(played):
    with CaptureQueriesContext(connection) as queries:
        rounds = list(rounds_with_rates())
    assert len(queries) == 1
    assert rates_of(rounds[0]) == round_rates(played).__class__(expected=4, received=3, on_time=2)


def test_it_computes_an_agencys_rates_over_the_rounds_it_was_expected_in(played, plan, units):
    later, _ = services.open_round(plan.directive, 2019, actor=None, due_on=D(2019, 12, 20), locks_on=D(2020, 1, 10))
    later.expected_agencies.add(units.committee_b)
    send(later, units.committee_b, actor=None, on=D(2019, 12, 10))
    rates = agency_rates(units.committee_b)
    assert (rates.expected, rates.received, rates.on_time) == (2, 2, 1)
    assert rates.timeliness == Decimal("50.0")


def test_it_reports_no_rate_when_nothing_is_expected(plan):
    rnd, _ = services.open_round(plan.directive, 2016, actor=None)
    rates = round_rates(rnd)
    assert (rates.expected, rates.completeness, rates.timeliness) == (0, None, None)


def test_it_lists_the_agencies_of_a_round_in_two_queries(played):
    with CaptureQueriesContext(connection) as queries:
        rows = agency_rows(played, today=D(2018, 12, 28))
        [row.standing_label for row in rows]
    assert len(rows) == 4 and len(queries) == 2
    with CaptureQueriesContext(connection) as queries:
        round_rates(played)
    assert len(queries) == 2
