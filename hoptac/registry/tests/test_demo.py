"""The demonstration registry: built once for this module (inside a transaction rolled back
at the end), then read by each test."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q, Sum

from hoptac.audit.models import AuditEntry
from hoptac.registry import actions
from hoptac.registry.demo import DISTRICTS, build_demo_registry, geography, plan_demo
from hoptac.registry.models import (
    AllianceMembership,
    Cooperative,
    CooperativeGroup,
    CooperativeYear,
    EventKind,
    FundingSource,
    Grade,
    State,
)
from hoptac.units.agencies import load_agencies
from hoptac.units.loaders import load_units
from hoptac.units.models import AdminUnit

D = datetime.date
SEED = 2018
END_2017, END_2018 = D(2017, 12, 31), D(2018, 12, 31)
# Footnote 1 allocations and what the demo builds against them.
NEW_IN_2018 = {"608": 8, "613": 5, "615": 5, "611": 4, "612": 3, "614": 1, "610": 2, "616": 3, "617": 1, "618": 1}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            load_units("62")
            load_agencies("62")
            officer = get_user_model().objects.create_user("lienminh_demo", password="x")
            yield {"result": build_demo_registry(seed=SEED, actor=officer), "actor": officer}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def by_district(qs, path="commune__parent__code"):
    return dict(qs.values_list(path).annotate(n=Count("id")).order_by())


def test_it_has_about_100_active_cooperatives_at_the_end_of_2017(demo):
    assert 95 <= Cooperative.objects.active_on(END_2017).count() <= 105
    assert demo["result"]["created"] is True


def test_it_founds_new_cooperatives_in_2018_in_every_district_around_the_allocations(demo):
    new = Cooperative.objects.filter(established_on__year=2018)
    # The state is a queryset expression usable inside GROUP BY.
    assert by_district(new.active_on(END_2018)) == NEW_IN_2018
    assert set(by_district(new)) == set(DISTRICTS)
    assert new.count() == 33
    dak_ha = new.filter(commune__parent__code="615")
    assert (dak_ha.filter(established_on__lte=D(2018, 10, 15)).count(), dak_ha.count()) == (3, 5)


def test_it_has_a_few_ceased_cooperatives_some_dissolved_and_one_suspended(demo):
    ceased = Cooperative.objects.filter(events__kind=EventKind.CEASED, events__date__year__in=[2017, 2018])
    assert 3 <= ceased.count() <= 6
    assert 1 <= ceased.filter(dissolved_on__year=2018).count() < ceased.count()
    suspended = Cooperative.objects.filter(events__kind=EventKind.SUSPENDED, events__date__year=2018)
    assert suspended.count() == 1
    assert suspended.get().state_on(END_2018) == State.ACTIVE


def test_it_leaves_a_few_cooperatives_not_compliant_with_the_2012_law(demo):
    active = Cooperative.objects.active_on(END_2018)
    compliant = active.filter(pk__in=Cooperative.objects.compliant_on(END_2018).values("pk"))
    assert 1 <= active.count() - compliant.count() <= 6
    reregistered = Cooperative.objects.filter(events__kind=EventKind.REREGISTERED)
    assert reregistered.filter(events__date__year__in=[2017, 2018]).exists()


def test_it_has_figures_for_both_years_of_every_existing_cooperative(demo):
    for year, end in ((2017, END_2017), (2018, END_2018)):
        existing = Cooperative.objects.existing_on(end)
        assert CooperativeYear.objects.filter(year=year, cooperative__in=existing).count() == existing.count()
    members = {
        year: CooperativeYear.objects.filter(year=year, cooperative__in=Cooperative.objects.existing_on(end)).aggregate(
            n=Sum("members")
        )["n"]
        for year, end in ((2017, END_2017), (2018, END_2018))
    }
    assert 1.05 <= members[2018] / members[2017] <= 1.15
    rows_2018 = CooperativeYear.objects.filter(year=2018)
    revenue = sum(r.revenue for r in rows_2018) / rows_2018.count()
    profit = sum(r.profit for r in rows_2018) / rows_2018.count()
    assert 1200 <= revenue <= 1400 and 200 <= profit <= 260


def test_it_grades_both_years_about_half_good_or_fair_in_2018(demo):
    for year in (2017, 2018):
        graded = CooperativeYear.objects.filter(year=year).exclude(grade=Grade.UNGRADED)
        assert graded.count() > 40
        assert set(graded.values_list("grading_regime", flat=True)) == {"tt09_2017"}
    graded = CooperativeYear.objects.filter(year=2018).exclude(grade=Grade.UNGRADED)
    share = graded.filter(grade__in=[Grade.GOOD, Grade.FAIR]).count() / graded.count()
    assert 0.45 <= share <= 0.6
    assert CooperativeYear.objects.filter(year=2018, grade=Grade.UNGRADED).exists()


def test_it_flags_value_chain_models_in_2018(demo):
    models = CooperativeYear.objects.filter(year=2018, is_value_chain_model=True)
    counts = by_district(models, "cooperative__commune__parent__code")
    assert (counts["615"], counts["608"], counts["613"], counts["611"]) == (2, 3, 2, 3)
    assert all(counts.get(code, 0) <= 1 for code in ("610", "612", "614", "616", "617", "618"))
    alliance_funded = models.filter(value_chain_funding__in=[FundingSource.NATIONAL_ALLIANCE, FundingSource.ENTERPRISE])
    assert alliance_funded.count() == 2
    assert not models.filter(Q(value_chain_product="") | Q(value_chain_partner="")).exists()


def test_it_has_about_180_groups_with_new_ones_in_most_communes(demo):
    assert 170 <= CooperativeGroup.objects.existing_on(END_2018).count() <= 190
    new = CooperativeGroup.objects.filter(founded_on__year=2018)
    communes_with_new = set(new.values_list("commune", flat=True))
    all_communes = AdminUnit.objects.communes()
    assert 0.5 * all_communes.count() < len(communes_with_new) < all_communes.count()
    dak_ha = all_communes.filter(parent__code="615")
    assert (dak_ha.filter(pk__in=communes_with_new).count(), dak_ha.count()) == (8, 11)


def test_it_grows_the_alliance_from_about_71_to_about_80_members(demo):
    at_2017 = AllianceMembership.objects.member_on(END_2017)
    at_2018 = AllianceMembership.objects.member_on(END_2018)
    assert 69 <= at_2017.count() <= 73 and 78 <= at_2018.count() <= 82
    others = at_2018.filter(cooperative__isnull=True, group__isnull=True)
    assert 2 <= others.count() <= 3
    assert 1 <= at_2018.filter(group__isnull=False).count() <= 8
    assert not at_2018.filter(cooperative__dissolved_on__lte=END_2018).exists()


def test_it_marks_every_row_as_demo_with_kon_tum_tax_codes(demo):
    assert not Cooperative.objects.filter(is_demo=False).exists()
    assert not CooperativeGroup.objects.filter(is_demo=False).exists()
    assert not AllianceMembership.objects.filter(is_demo=False).exists()
    codes = list(Cooperative.objects.values_list("registration_code", flat=True))
    tax_codes = [c for c in codes if c.isdigit()]
    assert len(set(codes)) == len(codes) and len(tax_codes) >= len(codes) - 2
    assert all(len(c) == 10 and c.startswith("61") for c in tax_codes)


def test_it_writes_through_the_services_as_the_given_actor(demo):
    entries = AuditEntry.objects.filter(actor=demo["actor"])
    assert entries.filter(action=actions.COOPERATIVE_CREATED).count() == Cooperative.objects.count()
    assert entries.filter(action=actions.GROUP_CREATED).count() == CooperativeGroup.objects.count()
    loaded = entries.get(action=actions.DEMO_LOADED)
    assert loaded.data["seed"] == SEED and loaded.data["cooperatives"] == Cooperative.objects.count()


def test_it_leaves_existing_demo_data_alone_when_run_again(demo):
    entries = AuditEntry.objects.count()
    again = build_demo_registry(seed=SEED + 1, actor=demo["actor"])
    assert again["created"] is False
    assert again["cooperatives"] == Cooperative.objects.count()
    assert AuditEntry.objects.count() == entries


def test_it_is_deterministic_for_a_seed(demo):
    def names_and_dates(coops, groups):
        return (
            sorted((c.name, c.code, c.established, tuple(c.pairs())) for c in coops),
            sorted((g.name, g.founded, g.dissolved) for g in groups),
        )

    first = names_and_dates(*plan_demo(SEED, *geography())[:2])
    second = names_and_dates(*plan_demo(SEED, *geography())[:2])
    assert first == second
    assert names_and_dates(*plan_demo(SEED + 1, *geography())[:2]) != first
    stored = (
        sorted(
            (c.name, c.registration_code, c.established_on, tuple(c.event_pairs()))
            for c in Cooperative.objects.prefetch_related("events")
        ),
        sorted(CooperativeGroup.objects.values_list("name", "founded_on", "dissolved_on")),
    )
    assert stored == first
