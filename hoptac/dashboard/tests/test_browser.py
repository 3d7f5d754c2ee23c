"""What users click, in Chromium, on the Kon Tum demonstration.

The demo is built once for the module (load_demo) and kept as a serialised snapshot; each test starts
from that snapshot, since a live server needs committed data, which is flushed after every test.
Screenshots go to test-artifacts/ (the copies in docs/images/ are chosen from them by hand).
"""

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect

from hoptac.plans.models import Assignment, AssignmentRole, Target
from hoptac.plans.queries import active_plan
from hoptac.registry.models import Cooperative

pytestmark = pytest.mark.browser

PASSWORD = "hoptac2018"  # the demo accounts' password (load_demo)
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
EDIT_WORDS = re.compile(r"Sửa|Thêm|Ghi nhận")


@pytest.fixture(scope="module")
def demo_snapshot(django_db_setup, django_db_blocker):
    """The demo database as JSON; the database itself is left empty again for the next modules."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        snapshot = connection.creation.serialize_db_to_string()
        call_command("flush", interactive=False, verbosity=0)
    return snapshot


@pytest.fixture
def demo(demo_snapshot, live_server):
    """The demo, restored into the live server's database (flushed again after the test)."""
    # Content types and permissions are re-created after each flush, under other ids: take the snapshot's.
    Permission.objects.all().delete()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    connection.creation.deserialize_db_from_string(demo_snapshot)
    ContentType.objects.clear_cache()
    with connection.cursor() as cursor:  # PostgreSQL sequences must move past the restored ids
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)
    return active_plan()


@pytest.fixture
def page(page):
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": 1366, "height": 900})
    return page


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def new_htx_cell(page, live_server, target: Target, district_code="615"):
    page.goto(f"{live_server.url}{reverse('home')}?ngay=31/12/2018")
    cell = page.locator(f'#scorecard tr[data-unit="{district_code}"] td[data-target="{target.pk}"]')
    return int(cell.get_attribute("data-actual")), cell.inner_text()


def test_a_district_officer_registers_a_cooperative_and_the_dashboard_counts_it(demo, live_server, page, browser):
    target = Target.objects.get(task__directive=demo, indicator="htx_new")
    sign_in(page, live_server, "dakha")
    assert page.url.endswith(reverse("district", args=["615"]))  # she lands on her district
    expect(page.locator("h1")).to_have_text("Huyện Đắk Hà")
    before, _text = new_htx_cell(page, live_server, target)

    page.goto(f"{live_server.url}{reverse('registry:cooperative_list')}")
    page.get_by_role("link", name=re.compile("Thêm hợp tác xã")).click()
    page.get_by_label("Tên hợp tác xã").fill("HTX Dịch vụ Nông nghiệp Đắk Ui Xanh")
    page.get_by_label("Mã số HTX").fill("6101234567")
    page.get_by_label("Lọc danh sách xã").press_sequentially("dak ui", delay=40)
    commune = page.locator("#id_commune")
    expect(commune.locator("option:checked")).to_have_text(re.compile("Đắk Ui"))  # the only match is picked
    page.get_by_label("Ngày thành lập").fill("15/10/2018")
    page.get_by_role("button", name="Lưu", exact=True).last.click()
    expect(page.get_by_text("Đã thêm hợp tác xã")).to_be_visible()
    coop = Cooperative.objects.get(registration_code="6101234567")
    assert coop.commune.name == "Xã Đắk Ui" and str(coop.established_on) == "2018-10-15"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cooperative-new.png"), full_page=True)

    after, text = new_htx_cell(page, live_server, target)
    assert after == before + 1
    assert text.strip().endswith(f"{after}/5")

    # Another district's officer: the cooperative does not exist for him.
    other = browser.new_context()
    try:
        other_page = other.new_page()
        sign_in(other_page, live_server, "kontum")
        response = other_page.goto(f"{live_server.url}{reverse('registry:cooperative_edit', args=[coop.pk])}")
        assert response.status == 404
    finally:
        other.close()


def test_a_department_officer_records_the_completion_of_task_5(demo, live_server, page):
    sign_in(page, live_server, "sokhdt")
    assert page.url.endswith(reverse("plans:my_tasks"))
    lead = Assignment.objects.get(task__directive=demo, task__number="5", role=AssignmentRole.LEAD)
    page.goto(f"{live_server.url}{reverse('plans:task', args=[lead.task_id])}")
    row = page.locator(f"#assignment-{lead.pk}")
    expect(row).to_contain_text("Quá hạn")
    panel = page.locator(f"#form-complete-{lead.pk}")
    panel.locator("summary").click()
    panel.get_by_label("Ngày hoàn thành").fill("28/06/2018")
    panel.get_by_label("Kết quả, minh chứng").fill("Tờ trình số 45/TTr-SKHĐT ngày 28/06/2018 đề xuất chính sách hỗ trợ HTX")
    panel.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã ghi nhận hoàn thành")).to_be_visible()
    expect(page.locator(f"#assignment-{lead.pk}")).to_contain_text(re.compile(r"[Hh]oàn thành (đúng hạn|quá hạn)"))
    expect(page.locator(f"#assignment-{lead.pk}")).to_contain_text("Hoàn thành đúng hạn")


def test_a_leader_reads_the_dashboard_and_finds_no_edit_button(demo, live_server, page):
    sign_in(page, live_server, "lanhdao")
    assert page.url == f"{live_server.url}{reverse('home')}"
    page.goto(f"{live_server.url}{reverse('home')}?ngay=15/10/2018")
    expect(page.locator("#scorecard")).to_be_visible()
    expect(page.locator("#targets-chart")).to_be_visible()
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length > 0")

    coop = Cooperative.objects.filter(years__isnull=False, events__isnull=False).distinct().order_by("pk").first()
    task5 = Assignment.objects.get(task__directive=demo, task__number="5", role=AssignmentRole.LEAD).task
    pages = {
        "dashboard": f"{reverse('home')}?ngay=15/10/2018",
        "cooperative": f"{reverse('registry:cooperative_detail', args=[coop.pk])}?ngay=31/12/2018",
        "task": reverse("plans:task", args=[task5.pk]),
        "district": f"{reverse('district', args=['615'])}?ngay=15/10/2018",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    for name, url in pages.items():
        page.goto(f"{live_server.url}{url}")
        main = page.locator("main")
        assert main.get_by_role("button", name=EDIT_WORDS).count() == 0, name
        assert main.get_by_role("link", name=EDIT_WORDS).count() == 0, name
        if name == "dashboard":
            page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length > 0")
            page.screenshot(path=str(ARTIFACTS / "dashboard-october.png"), full_page=True)
        elif name in ("cooperative", "district"):
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    # The year's end: every part of the page filled, the reporting round included.
    page.goto(f"{live_server.url}{reverse('home')}?ngay=31/12/2018")
    expect(page.get_by_text(re.compile(r"Chưa gửi báo cáo \(\d+\)"))).to_be_visible()
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length > 0")
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)

    # A figure leads to the records behind it.
    page.goto(f"{live_server.url}{pages['dashboard']}")
    target = Target.objects.get(task__directive=demo, indicator="htx_new")
    page.locator(f'#scorecard tr[data-unit="615"] td[data-target="{target.pk}"] a').click()
    expect(page.locator("h1")).to_have_text("Số HTX thành lập mới")
    expect(page.locator("table.drill-records tbody tr")).to_have_count(3)
