"""The engine's join-friendly forms of the registry's as-of-date rules select the same records."""

import datetime

import pytest

from hoptac.indicators.definitions import _in_state_on, compliant_q, existing_q, member_q
from hoptac.registry.models import AllianceMembership, Cooperative, CooperativeYear, State

DAYS = [datetime.date(y, m, d) for y in (2016, 2017, 2018) for m, d in ((1, 1), (6, 1), (9, 1), (12, 31))]


def ids(qs):
    return sorted(qs.values_list("pk", flat=True))


@pytest.mark.parametrize("day", DAYS)
def test_it_selects_the_same_cooperatives_as_the_registry_rules(registry, day):
    coops = Cooperative.objects.all()
    assert ids(coops.filter(existing_q(day))) == ids(coops.existing_on(day))
    assert ids(CooperativeYear.objects.filter(existing_q(day, "cooperative__"))) == ids(
        CooperativeYear.objects.filter(cooperative__in=coops.existing_on(day))
    )
    assert ids(coops.filter(compliant_q(day))) == ids(coops.compliant_on(day))
    for states in ([State.ACTIVE], [State.CEASED, State.DISSOLVED], [State.SUSPENDED]):
        assert ids(_in_state_on(coops, day, *states)) == ids(coops.in_state_on(day, *states)), states


@pytest.mark.parametrize("day", DAYS)
def test_it_selects_the_same_alliance_members_as_the_registry_rule(registry, day):
    memberships = AllianceMembership.objects.all()
    assert ids(memberships.filter(member_q(day))) == ids(memberships.member_on(day))
