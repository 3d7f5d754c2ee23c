"""The plan pages read with the seed directive: directives, the task tree, a task, my tasks, agencies.

Actors (over Kon Tum's real agencies, loaded with the seed plan):
- leader: Phó Chủ tịch UBND tỉnh, reads every plan page, records nothing;
- alliance: Liên minh HTX tỉnh officer, reads everything and records on any assignment;
- khdt / nnptnt: officers of Sở KH&ĐT / Sở NN&PTNT, record on their own agency's assignments;
- dak_ha / kon_ray: district officers, record on their own committee's assignments;
- viewer: reads only; admin: records on any assignment (PLAN_WRITE);
- nobody: signed in without any grant, so without PLAN_READ.
"""

import datetime
import html
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from hoptac.accounts import permissions as perms
from hoptac.accounts.tests.actors import make_actor
from hoptac.plans.demo import build_demo_progress
from hoptac.plans.models import Assignment, Directive, DocumentType, Task
from hoptac.plans.status import Status
from hoptac.units.models import Agency

pytestmark = pytest.mark.django_db

KHDT = "Sở Kế hoạch và Đầu tư"
NNPTNT = "Sở Nông nghiệp và Phát triển nông thôn"
DAK_HA = "Ủy ban nhân dân huyện Đăk Hà"


# --- fixtures and helpers shared by the test_pages_* modules ------------------------------------


@pytest.fixture
def plan(seed_directive):
    return seed_directive


@pytest.fixture
def demo_plan(seed_directive):
    build_demo_progress(seed_directive, seed=2018)
    return seed_directive


@pytest.fixture
def people(kontum_agencies):
    def agency(code):
        return Agency.objects.get(code=code)

    return SimpleNamespace(
        leader=make_actor("lanh_dao_tinh", perms.PROVINCE_LEADER, admin_unit=kontum_agencies),
        alliance=make_actor("lien_minh", perms.ALLIANCE_OFFICER, agency=agency("lien-minh-htx-tinh")),
        khdt=make_actor("so_khdt", perms.DEPARTMENT_OFFICER, agency=agency("so-khdt")),
        nnptnt=make_actor("so_nnptnt", perms.DEPARTMENT_OFFICER, agency=agency("so-nnptnt")),
        dak_ha=make_actor("huyen_dak_ha", perms.DISTRICT_OFFICER, agency=agency("ubnd-615")),
        kon_ray=make_actor("huyen_kon_ray", perms.DISTRICT_OFFICER, agency=agency("ubnd-614")),
        viewer=make_actor("nguoi_xem", perms.VIEWER),
        admin=make_actor("quan_tri", perms.ADMINISTRATOR),
        nobody=get_user_model().objects.create(username="chua_phan_quyen"),
    )


def task(directive, number) -> Task:
    return Task.objects.get(directive=directive, number=number)


def assignment(directive, number, agency_name) -> Assignment:
    return Assignment.objects.get(task__directive=directive, task__number=number, agency__name=agency_name)


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def text_of(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def element(content: str, tag: str, element_id: str) -> str:
    match = re.search(rf'<{tag} id="{re.escape(element_id)}"[^>]*>(.*?)</{tag}>', content, re.S)
    assert match, f"no <{tag} id={element_id}>"
    return match.group(1)


def row_text(content: str, element_id: str) -> str:
    return text_of(element(content, "tr", element_id))


def tile_counts(content: str) -> dict[str, int]:
    return {
        status: int(count)
        for status, count in re.findall(r'class="stat-tile" data-status="(\w+)"><span class="n">(\d+)</span>', content)
    }


def tab_counts(content: str) -> dict[str, int]:
    found = re.findall(r'data-status="(\w+)">[^<]*<span class="count">(\d+)</span>', content)
    return {status: int(count) for status, count in found}


# --- directives ----------------------------------------------------------------------------------


def test_it_lists_the_directives_with_the_one_being_followed_first(client, plan, people):
    Directive.objects.create(
        issuer=plan.issuer, doc_type=DocumentType.PLAN, number="12/KH-UBND", subject="Kế hoạch năm 2017", year=2017,
        is_active=False,
    )  # fmt: skip
    content = page(client, people.viewer, reverse("plans:index"))
    assert "<h1>Văn bản chỉ đạo</h1>" in content
    assert content.index("Về việc các giải pháp phát triển kinh tế hợp tác, HTX") < content.index("Kế hoạch năm 2017")
    assert "Đang theo dõi" in content and "Đã kết thúc theo dõi" in content
    assert reverse("plans:directive", args=[plan.pk]) in content


def test_it_shows_the_directive_header_and_its_task_tree(client, plan, people):
    content = page(client, people.leader, reverse("plans:directive", args=[plan.pk]))
    text = text_of(content)
    for label in ("Loại văn bản", "Công văn", "Ủy ban nhân dân tỉnh Kon Tum", "Phó Chủ tịch Lê Ngọc Tuấn",
                  "văn bản 77/LMHTXVN-VP ngày 30/01/2018 của Liên minh HTX Việt Nam", "Tỷ lệ quá hạn, chưa hoàn thành"):
        assert label in text, label  # fmt: skip
    five = row_text(content, "task-5")
    assert KHDT in five and NNPTNT in five and "Sở Tài chính" in five
    assert "“thực hiện trong quý II năm 2018” Hạn 30/06/2018" in five
    assert "Từ 01/07/2018 đến 31/12/2018" in row_text(content, "task-1.3")
    assert "Định kỳ hằng năm, tháng 5" in row_text(content, "task-6")
    # The ten district committees named as one group in the text, collapsed with a way to expand them.
    twelve = element(content, "tr", "task-1.2")
    assert "<summary>Ủy ban nhân dân các huyện, thành phố (10)</summary>" in twelve
    assert DAK_HA in twelve
    assert "≥ 35 HTX (năm 2018)" in text_of(twelve) and "UBND huyện Đăk Hà: 5" in text_of(twelve)
    assert "≥ 10% so với năm 2017 (năm 2018)" in text_of(twelve)
    # "sở, ban ngành liên quan" assigns nobody and says so.
    assert "các sở, ban ngành liên quan — chưa giao cơ quan cụ thể" in row_text(content, "task-1.1")


def test_it_shows_all_four_statuses_as_at_15_october_2018(client, demo_plan, people):
    url = reverse("plans:directive", args=[demo_plan.pk]) + "?ngay=15/10/2018"
    content = page(client, people.leader, url)
    counts = tile_counts(content)
    assert all(counts[s] > 0 for s in Status.values), counts
    assert counts["returned"] == 1
    assert "Tình hình thực hiện đến ngày 15/10/2018" in text_of(content)
    tree = element(content, "table", "task-tree")
    for label in ("Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn", "Quá hạn, chưa hoàn thành"):
        assert label in tree, label
    assert "Hoàn thành đúng hạn" in row_text(content, "task-4")
    assert "Hoàn thành quá hạn" in row_text(content, "task-6")
    assert "Quá hạn, chưa hoàn thành" in row_text(content, "task-5")
    # The overdue lead assignments, with the agency holding each.
    assert "Nhiệm vụ quá hạn, chưa hoàn thành" in content and f"{KHDT}</a>" in content


def test_it_reads_a_closed_plan_year_as_at_its_end_by_default(client, plan, people):
    content = page(client, people.viewer, reverse("plans:directive", args=[plan.pk]))
    assert 'name="ngay" value="31/12/2018"' in content
    assert "Tình hình thực hiện đến ngày 31/12/2018" in text_of(content)


def test_it_explains_a_reference_date_it_cannot_read(client, plan, people):
    content = page(client, people.viewer, reverse("plans:directive", args=[plan.pk]) + "?ngay=31/02/2018")
    assert "Ngày 31/02/2018 không có trong lịch" in content


def test_it_shows_the_directive_text_with_each_task_passage_anchored(client, plan, people):
    content = page(client, people.viewer, reverse("plans:directive_text", args=[plan.pk]))
    five = task(plan, "5")
    passage = text_of(element(content, "span", "task-5"))
    assert passage.startswith("[Nhiệm vụ 5]")
    assert " ".join(plan.source_text[five.source_start : five.source_end].split()) in passage
    assert reverse("plans:task", args=[five.pk]) in content
    assert "Về việc các giải pháp phát triển kinh tế hợp tác" in text_of(content)


# --- a task --------------------------------------------------------------------------------------


def test_it_shows_task_5_to_the_khdt_officer_in_june_as_lead_due_30_june_in_progress(client, demo_plan, people):
    five = task(demo_plan, "5")
    lead = assignment(demo_plan, "5", KHDT)
    content = page(client, people.khdt, reverse("plans:task", args=[five.pk]) + "?ngay=15/06/2018")
    row = row_text(content, f"assignment-{lead.pk}")
    assert row.startswith(f"{KHDT} Chủ trì 30/06/2018 Đang thực hiện trong hạn 18/05/2018 (60%)")
    # The coordinating departments' updates are shown to the lead too, beside its own.
    timeline = text_of(content.split("Quá trình thực hiện")[1])
    assert "Sở Tài chính (phối hợp)" in timeline and "Đã có ý kiến về nguồn kinh phí" in timeline
    # Its own agency's forms are on the page.
    assert reverse("plans:record_completion", args=[lead.pk]) in content
    assert "Báo cáo hoàn thành" in content and "Cập nhật tiến độ" in content


def test_it_shows_an_extension_beside_the_original_due_date(client, demo_plan, people):
    three_three = task(demo_plan, "3.3")
    lead = assignment(demo_plan, "3.3", "Liên minh Hợp tác xã tỉnh Kon Tum")
    content = page(client, people.viewer, reverse("plans:task", args=[three_three.pk]))
    row = row_text(content, f"assignment-{lead.pk}")
    assert "31/03/2019 gia hạn; hạn ban đầu 31/12/2018" in row
    assert "Gia hạn" in content and "Hạn mới 31/03/2019" in content


def test_it_rolls_a_heading_task_up_from_its_children(client, demo_plan, people):
    content = page(client, people.viewer, reverse("plans:task", args=[task(demo_plan, "1").pk]) + "?ngay=15/10/2018")
    assert "Các nhiệm vụ con" in content
    assert 'data-status="overdue">Quá hạn, chưa hoàn thành' in content.split("Các nhiệm vụ con")[0]


def test_it_shows_each_occurrence_of_a_recurring_task(client, demo_plan, people):
    fair = assignment(demo_plan, "6", "Sở Công Thương")
    content = page(client, people.viewer, reverse("plans:assignment", args=[fair.pk]) + "?ngay=15/10/2018")
    assert "Các lần thực hiện" in content
    occurrences = text_of(content.split("Các lần thực hiện")[1].split("</table>")[0])
    assert "31/05/2018 10/06/2018 Hoàn thành quá hạn" in occurrences


def test_it_shows_each_reporting_period_of_an_ongoing_task(client, demo_plan, people):
    rewards = assignment(demo_plan, "3.6", "Liên minh Hợp tác xã tỉnh Kon Tum")
    content = page(client, people.viewer, reverse("plans:assignment", args=[rewards.pk]) + "?ngay=15/10/2018")
    periods = text_of(content.split("Báo cáo theo kỳ")[1].split("</table>")[0])
    assert "Quý II/2018 Có Hoàn thành đúng hạn" in periods
    assert "Quý III/2018 Chưa Quá hạn, chưa hoàn thành" in periods
    assert "Quý IV/2018 Chưa (kỳ hiện tại) Đang thực hiện trong hạn" in periods


# --- my tasks and agencies -----------------------------------------------------------------------


def test_it_lists_my_tasks_with_counts_per_status(client, demo_plan, people):
    lead = assignment(demo_plan, "5", KHDT)
    content = page(client, people.khdt, reverse("plans:my_tasks") + "?ngay=15/06/2018")
    assert "<h1>Nhiệm vụ của tôi</h1>" in content and KHDT in content
    row = row_text(content, f"assignment-{lead.pk}")
    assert row.startswith("5 Sở Kế hoạch và Đầu tư chủ trì") and "Chủ trì 30/06/2018 Đang thực hiện trong hạn" in row
    counts = tab_counts(content)
    assert counts["all"] == sum(counts[s] for s in (*Status.values, "returned")) > 0
    # 3.2 (coordinating), 5 (lead), 7 and 8 (lead with the other departments); no heading task.
    numbers = re.findall(r'<tr id="assignment-\d+">\s*<td[^>]*><a [^>]*><strong>([\d.]+)</strong>', content)
    assert numbers == ["3.2", "5", "7", "8"]


def test_it_filters_my_tasks_by_status(client, demo_plan, people):
    url = reverse("plans:my_tasks") + "?ngay=15/10/2018"
    content = page(client, people.dak_ha, url + "&status=overdue")
    counts = tab_counts(content)
    rows = re.findall(r'<tr id="assignment-(\d+)"', content)
    assert len(rows) == counts["overdue"]
    statuses = {a.status(datetime.date(2018, 10, 15)).status for a in Assignment.objects.filter(pk__in=rows)}
    assert statuses <= {Status.OVERDUE}
    assert 'aria-current="page" data-status="overdue"' in content
    everything = page(client, people.dak_ha, url)
    assert len(re.findall(r'<tr id="assignment-(\d+)"', everything)) == counts["all"]


def test_it_answers_htmx_with_the_rows_only(client, demo_plan, people):
    client.force_login(people.dak_ha)
    response = client.get(reverse("plans:my_tasks") + "?status=in_progress", HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="assignment-results"')
    assert "<html" not in content
    assert response["Vary"].count("HX-Request") == 1


def test_it_tells_a_user_without_an_agency_where_to_look(client, plan, people):
    content = page(client, people.leader, reverse("plans:my_tasks"))
    assert "không gắn với cơ quan, đơn vị nào được giao nhiệm vụ" in content


def test_it_lists_agencies_by_overdue_share(client, demo_plan, people):
    content = page(client, people.leader, reverse("plans:agency_list") + "?ngay=15/10/2018")
    shares = [
        float(share.replace(",", "."))
        for share in re.findall(r'data-label="Tỷ lệ quá hạn">(?:<span class="status-bad">)?([\d,]+)%', content)
    ]
    assert len(shares) >= 15 and shares == sorted(shares, reverse=True) and shares[0] > 0
    assert "Ủy ban nhân dân thành phố Kon Tum" in content and "Báo Kon Tum" in content


def test_it_shows_an_agencys_tasks_filtered_by_status(client, demo_plan, people):
    khdt = Agency.objects.get(code="so-khdt")
    url = reverse("plans:agency_tasks", args=[khdt.pk]) + "?ngay=15/10/2018&status=overdue"
    content = page(client, people.leader, url)
    assert "<h1>Sở Kế hoạch và Đầu tư</h1>" in content
    lead = assignment(demo_plan, "5", KHDT)
    assert "Quá hạn, chưa hoàn thành" in row_text(content, f"assignment-{lead.pk}")
    assert re.findall(r'<tr id="assignment-(\d+)"', content) == [str(lead.pk)]
