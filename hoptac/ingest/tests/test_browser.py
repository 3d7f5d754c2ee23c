"""A new directive arrives: the Alliance officer uploads it, sees the draft beside the text,
corrects one deadline and confirms; the directive page shows the task with that deadline."""

import re
import time

import pytest
from playwright.sync_api import expect

from hoptac.accounts.tests.actors import PASSWORD
from hoptac.ingest.tests.page_helpers import alliance_officer_of_kontum, chi_thi_storable, load_kontum
from hoptac.plans.models import Directive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".header-tools summary")).to_contain_text("Lienminh")


def test_it_uploads_reviews_corrects_and_stores_a_directive(live_server, page, tmp_path):
    started = time.monotonic()
    load_kontum()
    alliance_officer_of_kontum("lienminh")
    document = tmp_path / "chi_thi_2019.txt"
    document.write_bytes(chi_thi_storable())
    page.set_default_timeout(10_000)

    sign_in(page, live_server.url, "lienminh")
    page.goto(f"{live_server.url}/ingest/")
    page.set_input_files("#id_file", str(document))
    page.get_by_role("button", name="Đọc văn bản").click()

    # The draft beside the text: item 2's passage on the left, its form on the right.
    expect(page.locator("h1")).to_contain_text("Rà soát văn bản: chi_thi_2019.txt")
    passage = page.locator(".ingest-source #src-1")
    expect(passage).to_contain_text("Sở Kế hoạch và Đầu tư có trách nhiệm hướng dẫn")
    expect(page.locator("#src-1-deadline")).to_have_text("trước ngày 30/6/2019")
    task = page.locator("#task-1")
    expect(task.locator(":scope > legend")).to_have_text("Nhiệm vụ 2")
    expect(task.get_by_label("Chủ trì")).to_have_value("Sở Kế hoạch và Đầu tư")
    task.hover()
    expect(passage).to_have_class(re.compile(r"\bis-active\b"))
    task.locator(".ingest-deadline").hover()
    expect(page.locator("#src-1-deadline")).to_have_class(re.compile(r"\bis-active\b"))

    due = task.get_by_label("Hạn hoàn thành")
    expect(due).to_have_value("30/06/2019")
    due.fill("15/07/2019")
    page.get_by_role("button", name="Lưu kế hoạch").click()

    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("Đã lưu văn bản 08/CT-UBND")
    expect(page.locator(".messages")).to_contain_text(": 7 nhiệm vụ,")
    row = page.locator("#task-tree tr#task-2")
    expect(row).to_contain_text("Hạn 15/07/2019")
    expect(row).to_contain_text("“trước ngày 30/6/2019”")
    assert Directive.objects.get().tasks.get(number="2").due.isoformat() == "2019-07-15"
    assert time.monotonic() - started < 40
