"""The overview pages on the Kon Tum demonstration: the district officer's October journey, the figures
against the scorecard, the records behind each figure, and the cost of the dashboard.

The demo is loaded once for the module inside a transaction rolled back after it (about 20 s).
"""

import datetime
import io
import re
import statistics
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hoptac.indicators.registry import INDICATORS
from hoptac.lib.text import fold
from hoptac.plans import scorecard
from hoptac.plans.queries import active_plan
from hoptac.registry.models import Cooperative, CooperativeYear, LifecycleEvent
from hoptac.reports.queries import round_rates

from .helpers import drilldown_links, grid_cells, json_text, record_ids, text_of

D = datetime.date
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
RECORD_PREFIX = {"Cooperative": "cooperative", "CooperativeYear": "cooperative_year", "CooperativeGroup": "group",
                 "AdminUnit": "unit", "AllianceMembership": "membership"}  # fmt: skip


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", verbosity=0, stdout=io.StringIO())
            yield active_plan()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def signed_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_it_shows_the_dak_ha_officer_her_district_in_october(client, demo):
    signed_in(client, "dakha")
    page = client.get(reverse("district", args=["615"]), {"ngay": "15/10/2018"}).content.decode()
    figures = {
        indicator: re.sub(r"\s+", " ", text_of(cell)).strip()
        for indicator, cell in re.findall(r'data-indicator="([a-z_0-9]+)">(.*?)</tr>', page, re.S)
    }
    assert "3/5 HTX" in figures["htx_new"]
    assert "2/2 mô hình" in figures["value_chain_models"]
    assert "8/11 xã" in figures["tht_new"]
    communes = text_of(page.split('id="communes-without-group"', 1)[1].split("</ul>", 1)[0])
    assert len(re.findall(r'<li data-commune="', page)) == 3
    for name in ("Đắk Ui", "Đăk Ngọk", "Ngok Wang"):
        assert name in communes


def test_it_lands_the_demo_users_where_their_roles_work(client, demo):
    expected = {"lanhdao": "/", "lienminh": "/", "admin": "/", "dakha": "/districts/615/", "kontum": "/districts/608/",
                "sokhdt": reverse("plans:my_tasks")}  # fmt: skip
    for username, destination in expected.items():
        signed_in(client, username)
        assert client.get(reverse("landing")).url == destination, username


@pytest.mark.parametrize("day", [D(2018, 10, 15), D(2018, 12, 31)])
def test_it_shows_the_scorecard_figures_for_the_same_date(client, demo, day):
    signed_in(client, "lanhdao")
    cells = grid_cells(client.get(reverse("home"), {"ngay": day.strftime("%d/%m/%Y")}).content.decode())
    rows = [row for row in scorecard.evaluate(demo, as_of=day) if row.admin_unit is not None]
    district_rows = [row for row in rows if row.is_total or row.admin_unit.level == "district"]
    assert len(cells) == len(district_rows) == 9 * 11  # nine targets × (ten districts + the province)
    for row in district_rows:
        key = ("total" if row.is_total else row.admin_unit.code, row.target.pk)
        assert cells[key]["actual"] == json_text(row.as_dict()["actual"]), key


def test_it_lists_exactly_the_records_counted_in_every_cell(client, demo):
    signed_in(client, "lanhdao")
    links = drilldown_links(client.get(reverse("home"), {"ngay": "15/10/2018"}).content.decode())
    assert len(links) == 9 * 11
    for url in links:
        drill = client.get(url)
        ctx = drill.context
        counted = INDICATORS[ctx["indicator"].code].drilldown(ctx["unit"], ctx["period"], base_year=ctx["base_year"])
        prefix = RECORD_PREFIX[counted.model.__name__]
        listed = record_ids(drill.content.decode())
        if ctx["page_obj"].paginator.num_pages == 1:
            assert sorted(listed) == sorted(f"{prefix}-{pk}" for pk in counted.values_list("pk", flat=True)), url
        assert ctx["page_obj"].paginator.count == counted.count(), url


def test_it_counts_reports_as_the_reporting_rates_once_every_report_is_in(client, demo):
    signed_in(client, "lanhdao")
    rnd = demo.reporting_rounds.get()
    rates = round_rates(rnd)
    page = text_of(client.get(reverse("home"), {"ngay": "31/03/2019"}).content.decode())
    assert f"{rates.received}/{rates.expected} đơn vị đã gửi" in page
    assert f"{rates.on_time}/{rates.expected} đơn vị gửi đúng hạn" in page
    assert f"Chưa gửi báo cáo ({rates.missing})" in page


def _double_the_cooperatives():
    """A copy of every cooperative, with its lifecycle and yearly figures, in the same commune."""
    originals = list(Cooperative.objects.all())
    copies = Cooperative.objects.bulk_create([
        Cooperative(name=f"{c.name} (bản sao)", name_folded=fold(f"{c.name} (bản sao)"), commune_id=c.commune_id,
                    sector=c.sector, established_on=c.established_on, dissolved_on=c.dissolved_on)
        for c in originals
    ])  # fmt: skip
    twin = {original.pk: copy.pk for original, copy in zip(originals, copies, strict=True)}
    if any(pk is None for pk in twin.values()):  # a database that does not return ids from bulk inserts
        by_name = dict(Cooperative.objects.filter(name__endswith="(bản sao)").values_list("name", "pk"))
        twin = {c.pk: by_name[f"{c.name} (bản sao)"] for c in originals}
    LifecycleEvent.objects.bulk_create([
        LifecycleEvent(cooperative_id=twin[e.cooperative_id], kind=e.kind, date=e.date, document_ref=e.document_ref)
        for e in LifecycleEvent.objects.all()
    ])  # fmt: skip
    CooperativeYear.objects.bulk_create([
        CooperativeYear(cooperative_id=twin[y.cooperative_id], year=y.year, members=y.members,
                        regular_workers=y.regular_workers, grade=y.grade, is_value_chain_model=y.is_value_chain_model,
                        value_chain_funding=y.value_chain_funding)
        for y in CooperativeYear.objects.all()
    ])  # fmt: skip
    return len(originals)


def test_it_runs_as_many_queries_with_twice_the_cooperatives(client, demo):
    signed_in(client, "lanhdao")
    url = f"{reverse('home')}?ngay=31/12/2018"

    def render():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), grid_cells(response.content.decode())

    client.get(url)
    queries, cells = render()
    before = Cooperative.objects.count()
    assert _double_the_cooperatives() == before
    assert Cooperative.objects.count() == 2 * before
    queries_doubled, cells_doubled = render()
    assert queries_doubled == queries
    new_htx = ("total", demo.tasks.get(number="1.2").targets.get(indicator="htx_new").pk)
    assert int(cells_doubled[new_htx]["actual"]) == 2 * int(cells[new_htx]["actual"])


def test_it_renders_the_dashboard_within_150_ms_of_server_time(client, demo):
    signed_in(client, "lanhdao")
    url = reverse("home")
    for _warm_up in range(3):
        assert client.get(url).status_code == 200
    cpu, wall = [], []
    for _run in range(15):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        client.get(url)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started_wall) * 1000)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"dashboard-timing-{connection.vendor}.txt").write_text(
        f"dashboard {url} on the demo ({connection.vendor}): server CPU median {statistics.median(cpu):.0f} ms "
        f"(min {min(cpu):.0f}), wall median {statistics.median(wall):.0f} ms (min {min(wall):.0f}) "
        f"over {len(cpu)} requests\n"
    )
    # CPU time of the request (wall time varies with whatever else the machine runs).
    assert statistics.median(cpu) < 150
