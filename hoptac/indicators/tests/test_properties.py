"""Aggregation laws on random registries: counts add up, ratios are recomputed, never averaged."""

import datetime

import pytest
from django.db import transaction
from hypothesis import given, settings, strategies as st

from hoptac.indicators.engine import INDICATORS, compute_many
from hoptac.indicators.periods import Period
from hoptac.indicators.values import COUNT, Value
from hoptac.registry.models import (
    AllianceMembership,
    Cooperative,
    CooperativeGroup,
    CooperativeYear,
    EventKind,
    LifecycleEvent,
)
from hoptac.registry.tests.factories import AllianceFactory
from hoptac.units.tests.factories import CommuneFactory, DistrictFactory, ProvinceFactory

D = datetime.date
Y2018 = Period.year(2018)
GRADES = ["tot", "kha", "trung_binh", "yeu", "chua_xep_loai"]
FUNDING = ["", "trung_uong", "dia_phuong", "lmhtx_vn", "doanh_nghiep"]

cooperative = st.fixed_dictionaries(
    {
        "commune": st.integers(0, 4),
        "established": st.integers(2010, 2019),
        "ceased": st.none() | st.integers(2014, 2019),
        "dissolved": st.none() | st.integers(2015, 2019),
        "reregistered": st.booleans(),
        "members": st.tuples(st.none() | st.integers(0, 60), st.none() | st.integers(0, 60)),
        "grade": st.sampled_from(GRADES),
        "revenue": st.none() | st.integers(-50, 5000),
        "value_chain": st.tuples(st.booleans(), st.booleans()),
        "funding": st.sampled_from(FUNDING),
        "member_since": st.none() | st.integers(2015, 2019),
    }
)
group = st.tuples(st.integers(0, 4), st.integers(2016, 2019))


def build(units, alliance, coops, groups):
    communes = units["communes"]
    created = Cooperative.objects.bulk_create(
        [
            Cooperative(
                name=f"HTX {i}", commune=communes[spec["commune"]], established_on=D(spec["established"], 3, 1),
                dissolved_on=D(max(spec["dissolved"], spec["established"]), 9, 1) if spec["dissolved"] else None,
            )
            for i, spec in enumerate(coops)
        ]
    )
    events, years, memberships = [], [], []
    for coop, spec in zip(created, coops):
        events.append(LifecycleEvent(cooperative=coop, kind=EventKind.ESTABLISHED, date=coop.established_on))
        if spec["reregistered"]:
            events.append(LifecycleEvent(cooperative=coop, kind=EventKind.REREGISTERED, date=D(2014, 1, 1)))
        if spec["ceased"] and spec["ceased"] >= spec["established"]:
            events.append(LifecycleEvent(cooperative=coop, kind=EventKind.CEASED, date=D(spec["ceased"], 6, 1)))
        if coop.dissolved_on:
            events.append(LifecycleEvent(cooperative=coop, kind=EventKind.DISSOLVED_VOLUNTARY, date=coop.dissolved_on))
        for year, members, flagged in zip((2017, 2018), spec["members"], spec["value_chain"]):
            if members is not None or flagged:
                years.append(
                    CooperativeYear(
                        cooperative=coop, year=year, members=members, regular_workers=members,
                        revenue=spec["revenue"], profit=spec["revenue"], average_income=spec["revenue"],
                        grade=spec["grade"], is_value_chain_model=flagged,
                        value_chain_funding=spec["funding"] if flagged else "",
                    )
                )
        if spec["member_since"]:
            memberships.append(AllianceMembership(alliance=alliance, cooperative=coop, joined_on=D(spec["member_since"], 2, 1)))
    LifecycleEvent.objects.bulk_create(events)
    CooperativeYear.objects.bulk_create(years)
    AllianceMembership.objects.bulk_create(memberships)
    CooperativeGroup.objects.bulk_create(
        [CooperativeGroup(name=f"THT {i}", commune=communes[c], founded_on=D(y, 5, 1)) for i, (c, y) in enumerate(groups)]
    )


@pytest.fixture
def units(db):
    province = ProvinceFactory()
    districts = [DistrictFactory(parent=province) for _ in range(3)]
    # Commune 4 is alone in its district; district 2 has none.
    communes = [CommuneFactory(parent=districts[i]) for i in (0, 0, 0, 1, 1)]
    return {"province": province, "districts": districts, "communes": communes}


def check_laws(units):
    codes = list(INDICATORS)
    province = units["province"]
    communes = compute_many(codes, period=Y2018, level="commune", units=units["communes"], base_year=2017)
    districts = compute_many(codes, period=Y2018, level="district", units=units["districts"], base_year=2017)
    totals = compute_many(codes, period=Y2018, level="province", units=[province], base_year=2017)
    for code in codes:
        top = totals[code][province.pk]
        summed = Value.combine(districts[code].values(), INDICATORS[code].kind)
        assert (top.numerator, top.denominator) == (summed.numerator, summed.denominator), code
        assert top.value == summed.value, code
        if INDICATORS[code].kind == COUNT:
            assert top.numerator == sum(v.numerator for v in districts[code].values()), code
            assert top.breakdown == summed.breakdown, code
        for district in units["districts"]:
            inside = [v for cid, v in communes[code].items() if cid in {c.pk for c in units["communes"] if c.parent_id == district.pk}]
            rolled_up, value = Value.combine(inside, INDICATORS[code].kind), districts[code][district.pk]
            assert (rolled_up.numerator, rolled_up.denominator) == (value.numerator, value.denominator), code
            assert (rolled_up.breakdown or {}) == (value.breakdown or {}), code


def test_it_keeps_district_and_province_values_consistent_on_random_registries(units):
    alliance = AllianceFactory(admin_unit=units["province"])

    @settings(max_examples=30, deadline=None)
    @given(coops=st.lists(cooperative, max_size=10), groups=st.lists(group, max_size=8))
    def check(coops, groups):
        with transaction.atomic():
            build(units, alliance, coops, groups)
            check_laws(units)
            transaction.set_rollback(True)

    check()
