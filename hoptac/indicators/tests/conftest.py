"""A small registry whose indicator values for 2018 are worked out by hand in the tests.

Province 62 with districts A (communes A1, A2), B (B1) and C (C1).

HTX (lifecycle; figures 2017 | 2018 as members/workers/revenue/profit/income/grade):
  c1  A1  est. 2010, re-registered 2015, active    | 2017: 20 m, kha          | 2018: 25 m, 12 w, 1200.5/120/45, tot, value chain (trung_uong)
  c2  A1  est. 2018-03-15, active                  |                          | 2018: 10 m, 4 w, 300/10/30, ungraded, value chain (lmhtx_vn)
  c3  A2  est. 2018-02-01, dissolved 2018-11-30    |                          | 2018: 8 m, ungraded
  c4  B1  est. 2005, ceased 2017-06-01, dissolved 2018-09-01 | 2017: 15 m, yeu |
  c5  B1  est. 2012, ceased 2018-04-01             | 2017: 9 m                | 2018: 9 m, 3 w, ungraded
  c6  B1  est. 2014, suspended 2018-05-01          | 2017: 12 m, kha, value chain (doanh_nghiep) | 2018: 12 m, 6 w, 500/-20, trung_binh, value chain
  c7  B1  est. 2008 (never re-registered), active  | 2017: 30 m               | 2018: 30 m, 10 w, 2000/100/50, kha
  c8  C1  est. 2016, active                        | 2017: 4 m                | 2018: 5 m, 2 w, ungraded
  c9  C1  est. 2011, re-reg. 2014, ceased 2016, resumed 2017, active |        | 2018: 6 m, ungraded

THT: g1 A1 founded 2018-04-01 (5 m); g2 B1 2017-05-01 (6 m); g3 B1 2018-12-31 (8 m);
     g4 C1 2019-01-01; g5 A2 2016, ended 2017-06-30. Commune A2 has no new group in 2018.

Alliance (province 62) members: m1 c1 2016-01-01; m2 c7 2018-03-01; m3 g2 2017-06-01 → 2018-06-01;
  m4 organisation in C1 2018-05-01; m5 organisation without commune 2017-01-01;
  m6 c4 2015-01-01 → 2018-09-01; m7 c8 2018-01-10.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from hoptac.registry.models import EventKind
from hoptac.registry.tests.factories import (
    AllianceFactory,
    AllianceMembershipFactory,
    CooperativeFactory,
    CooperativeGroupFactory,
    CooperativeYearFactory,
    LifecycleEventFactory,
)
from hoptac.units.tests.factories import CommuneFactory, DistrictFactory, ProvinceFactory

D = datetime.date


def add_event(coop, kind, day):
    """Record a lifecycle event and keep the registry's cached dates in step."""
    LifecycleEventFactory(cooperative=coop, kind=kind, date=day)
    if kind in (EventKind.DISSOLVED_VOLUNTARY, EventKind.DISSOLVED_COMPULSORY, EventKind.BANKRUPT):
        coop.dissolved_on = day
        coop.save(update_fields=["dissolved_on"])
    return coop


def figures(coop, year, members=None, workers=None, revenue=None, profit=None, income=None, grade="chua_xep_loai",
            value_chain=False, funding=""):
    return CooperativeYearFactory(
        cooperative=coop, year=year, members=members, regular_workers=workers,
        revenue=None if revenue is None else Decimal(str(revenue)),
        profit=None if profit is None else Decimal(str(profit)),
        average_income=None if income is None else Decimal(str(income)),
        grade=grade, is_value_chain_model=value_chain, value_chain_funding=funding,
    )


@pytest.fixture
def registry(db):
    province = ProvinceFactory()
    a = DistrictFactory(parent=province, short_name="A", code="801")
    b = DistrictFactory(parent=province, short_name="B", code="802")
    c = DistrictFactory(parent=province, short_name="C", code="803")
    a1 = CommuneFactory(parent=a, short_name="A1", code="80101")
    a2 = CommuneFactory(parent=a, short_name="A2", code="80102")
    b1 = CommuneFactory(parent=b, short_name="B1", code="80201")
    c1 = CommuneFactory(parent=c, short_name="C1", code="80301")

    c1_ = CooperativeFactory(name="HTX c1", commune=a1, established_on=D(2010, 5, 1))
    add_event(c1_, EventKind.REREGISTERED, D(2015, 6, 1))
    figures(c1_, 2017, members=20, grade="kha")
    figures(c1_, 2018, 25, 12, 1200.5, 120, 45, "tot", True, "trung_uong")

    c2 = CooperativeFactory(name="HTX c2", commune=a1, established_on=D(2018, 3, 15))
    figures(c2, 2018, 10, 4, 300, 10, 30, value_chain=True, funding="lmhtx_vn")

    c3 = CooperativeFactory(name="HTX c3", commune=a2, established_on=D(2018, 2, 1))
    add_event(c3, EventKind.DISSOLVED_VOLUNTARY, D(2018, 11, 30))
    figures(c3, 2018, members=8)

    c4 = CooperativeFactory(name="HTX c4", commune=b1, established_on=D(2005, 1, 1))
    add_event(c4, EventKind.CEASED, D(2017, 6, 1))
    add_event(c4, EventKind.DISSOLVED_COMPULSORY, D(2018, 9, 1))
    figures(c4, 2017, members=15, grade="yeu")

    c5 = CooperativeFactory(name="HTX c5", commune=b1, established_on=D(2012, 1, 1))
    add_event(c5, EventKind.CEASED, D(2018, 4, 1))
    figures(c5, 2017, members=9)
    figures(c5, 2018, members=9, workers=3)

    c6 = CooperativeFactory(name="HTX c6", commune=b1, established_on=D(2014, 1, 1))
    add_event(c6, EventKind.SUSPENDED, D(2018, 5, 1))
    figures(c6, 2017, members=12, grade="kha", value_chain=True, funding="doanh_nghiep")
    figures(c6, 2018, 12, 6, 500, -20, None, "trung_binh", True, "doanh_nghiep")

    c7 = CooperativeFactory(name="HTX c7", commune=b1, established_on=D(2008, 1, 1))
    figures(c7, 2017, members=30)
    figures(c7, 2018, 30, 10, 2000, 100, 50, "kha")

    c8 = CooperativeFactory(name="HTX c8", commune=c1, established_on=D(2016, 1, 1))
    figures(c8, 2017, members=4)
    figures(c8, 2018, members=5, workers=2)

    c9 = CooperativeFactory(name="HTX c9", commune=c1, established_on=D(2011, 1, 1))
    add_event(c9, EventKind.REREGISTERED, D(2014, 1, 1))
    add_event(c9, EventKind.CEASED, D(2016, 3, 1))
    add_event(c9, EventKind.RESUMED, D(2017, 2, 1))
    figures(c9, 2018, members=6)

    g1 = CooperativeGroupFactory(name="THT g1", commune=a1, founded_on=D(2018, 4, 1), members=5)
    g2 = CooperativeGroupFactory(name="THT g2", commune=b1, founded_on=D(2017, 5, 1), members=6)
    g3 = CooperativeGroupFactory(name="THT g3", commune=b1, founded_on=D(2018, 12, 31), members=8)
    g4 = CooperativeGroupFactory(name="THT g4", commune=c1, founded_on=D(2019, 1, 1))
    g5 = CooperativeGroupFactory(name="THT g5", commune=a2, founded_on=D(2016, 1, 1), dissolved_on=D(2017, 6, 30))

    alliance = AllianceFactory(admin_unit=province)
    member = dict(alliance=alliance, cooperative=None)
    m1 = AllianceMembershipFactory(alliance=alliance, cooperative=c1_, joined_on=D(2016, 1, 1))
    m2 = AllianceMembershipFactory(alliance=alliance, cooperative=c7, joined_on=D(2018, 3, 1))
    m3 = AllianceMembershipFactory(**member, group=g2, joined_on=D(2017, 6, 1), left_on=D(2018, 6, 1))
    m4 = AllianceMembershipFactory(**member, organisation_name="Doanh nghiệp X", commune=c1, joined_on=D(2018, 5, 1))
    m5 = AllianceMembershipFactory(**member, organisation_name="Hội ABC", joined_on=D(2017, 1, 1))
    m6 = AllianceMembershipFactory(alliance=alliance, cooperative=c4, joined_on=D(2015, 1, 1), left_on=D(2018, 9, 1))
    m7 = AllianceMembershipFactory(alliance=alliance, cooperative=c8, joined_on=D(2018, 1, 10))

    return SimpleNamespace(
        province=province, a=a, b=b, c=c, a1=a1, a2=a2, b1=b1, c1=c1,
        c1_=c1_, c2=c2, c3=c3, c4=c4, c5=c5, c6=c6, c7=c7, c8=c8, c9=c9,
        g1=g1, g2=g2, g3=g3, g4=g4, g5=g5, alliance=alliance,
        m1=m1, m2=m2, m3=m3, m4=m4, m5=m5, m6=m6, m7=m7,
    )
