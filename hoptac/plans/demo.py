"""Plausible 2018 progress on the Kon Tum seed directive, for the demonstration.

As at 15/10/2018 the assignments show all four statuses (task 4 done on time by Sở NN&PTNT,
the May 2018 fair done late by Sở Công Thương, task 5 of Sở KH&ĐT overdue with a May update,
training and year targets in progress), and 31/12/2018 still shows a mix. Task 5 is left open
on purpose: completing it is a step of the walkthrough.

Deterministic for a seed; every record is written through the services with `is_demo=True`
and skipped when it is already there, so running it again adds nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from hoptac.lib.text import fold
from hoptac.units.models import Agency

from . import services
from .models import Assignment

D = datetime.date
QUARTER_UPDATE_DAYS = (D(2018, 3, 20), D(2018, 6, 20), D(2018, 9, 20), D(2018, 12, 15))
APPROVER = "Lê Ngọc Tuấn, Phó Chủ tịch UBND tỉnh"


@dataclass(frozen=True)
class Step:
    kind: str  # update | complete | extend | return
    task: str
    agency: str  # an agency name or "district:<n>" (n-th district committee of the task)
    day: datetime.date
    text: str
    percent: int | None = None
    new_due: datetime.date | None = None
    occurrence_due: datetime.date | None = None


# What agencies write, by (task, kind).
TEXTS = {
    ("4", "coordinate"): "Đã phối hợp rà soát 04 HTX sản xuất rau, cà phê tham gia liên kết theo Quyết định 39/QĐ-UBND.",
    ("4", "update"): "Đã tổ chức hội nghị triển khai kế hoạch liên kết sản xuất, tiêu thụ sản phẩm.",
    ("4", "complete"): "Báo cáo kết quả triển khai Quyết định 39/QĐ-UBND; 06 chuỗi liên kết được hình thành.",
    ("5", "update"): "Đã xây dựng dự thảo chính sách hỗ trợ HTX, đang lấy ý kiến các sở, ngành.",
    ("5", "coordinate"): "Đã có ý kiến về nguồn kinh phí địa phương bố trí cho chính sách hỗ trợ HTX.",
    ("6", "update"): "Đã thông báo, hướng dẫn các HTX đăng ký tham gia hội chợ xúc tiến thương mại HTX năm 2018.",
    ("6", "complete"): "05 HTX của tỉnh đã tham gia hội chợ; báo cáo kết quả gửi chậm so với kỳ tháng 5.",
    ("7", "return"): "Tổ chức lớp tập huấn không thuộc chức năng của cơ quan báo chí; Báo Kon Tum đưa tin về các lớp.",
    ("3.1", "update"): "Kết nạp thêm 9 thành viên, tăng 12% so với cuối năm 2017.",
    ("3.3", "update"): "Đã đề xuất Liên minh HTX Việt Nam 02 HTX nông nghiệp xây dựng mô hình chuỗi giá trị.",
    ("3.3", "extend"): "Liên minh HTX Việt Nam chưa phê duyệt nguồn lực trong năm 2018.",
    ("2", "update"): "Phối hợp Đài PT-TH tỉnh, Báo Kon Tum đưa tin, phóng sự về kinh tế hợp tác trong quý.",
    ("2", "district"): "Tuyên truyền về kinh tế hợp tác trên đài truyền thanh huyện, xã trong quý.",
    ("3.4", "update"): "Cập nhật tin, bài trên Trang thông tin điện tử Liên minh HTX tỉnh.",
    ("3.5", "update"): "Kiện toàn bộ máy, bồi dưỡng cán bộ cơ quan Liên minh HTX tỉnh.",
    ("3.6", "update"): "Khen thưởng HTX, cán bộ quản lý HTX có thành tích trong quý.",
    ("1.1", "update"): "Vận động, hỗ trợ kinh tế hợp tác, HTX trên địa bàn trong quý.",
    ("1.2", "june"): "Đã thành lập mới một số HTX, THT; tiếp tục vận động ở các xã còn lại.",
    ("1.2", "september"): "Cập nhật số HTX, THT thành lập mới đến hết quý III.",
    ("1.2", "complete"): "Báo cáo kết quả thành lập mới HTX, THT và mô hình chuỗi giá trị năm 2018.",
    ("1.2", "late"): "Báo cáo kết quả năm 2018 (gửi muộn).",
    ("1.3", "complete"): "Hoàn thành rà soát HTX theo Luật HTX 2012; đã có quyết định giải thể các HTX ngừng hoạt động.",
    ("7", "complete"): "Đã tổ chức lớp tập huấn cho trưởng thôn, cán bộ cấp xã.",
    ("7", "update"): "Đã xây dựng nội dung, đang phối hợp Liên minh HTX tỉnh mở lớp.",
    ("7", "coordinate"): "Đã biên soạn tài liệu tập huấn dùng chung cho các huyện.",
    ("8", "complete"): "Đã gửi báo cáo kết quả thực hiện năm 2018 về Liên minh HTX tỉnh.",
}
SỞ_NN = "Sở Nông nghiệp và Phát triển nông thôn"
SỞ_KH = "Sở Kế hoạch và Đầu tư"
SỞ_TC = "Sở Tài chính"
SỞ_CT = "Sở Công Thương"
ALLIANCE = "Liên minh HTX tỉnh"


def _plan_steps(rng: random.Random) -> list[Step]:
    """The whole story, drawn from `rng` before anything is written (same seed, same story)."""
    t = TEXTS
    steps = [
        Step("update", "4", "district:0", D(2018, 3, 10), t["4", "coordinate"]),
        Step("update", "4", SỞ_NN, D(2018, 2, 28), t["4", "update"], percent=60),
        Step("complete", "4", SỞ_NN, D(2018, 3, 20), t["4", "complete"]),
        Step("update", "5", SỞ_KH, D(2018, 5, 18), t["5", "update"], percent=60),
        Step("update", "5", SỞ_TC, D(2018, 6, 12), t["5", "coordinate"]),
        Step("update", "6", SỞ_CT, D(2018, 4, 25), t["6", "update"]),
        Step("complete", "6", SỞ_CT, D(2018, 6, 10), t["6", "complete"], occurrence_due=D(2018, 5, 31)),
        Step("return", "7", "Báo Kon Tum", D(2018, 5, 10), t["7", "return"]),
        Step("update", "3.1", ALLIANCE, D(2018, 9, 25), t["3.1", "update"]),
        Step("update", "3.3", ALLIANCE, D(2018, 6, 15), t["3.3", "update"], percent=40),
        Step("extend", "3.3", ALLIANCE, D(2018, 11, 20), t["3.3", "extend"], new_due=D(2019, 3, 31)),
        Step("update", "7", ALLIANCE, D(2018, 7, 10), t["7", "coordinate"]),
    ]
    for day in QUARTER_UPDATE_DAYS:
        for number in ("2", "3.4", "3.5", "3.6"):
            if number == "3.6" and day.month == 9:
                continue  # no report for the third quarter: overdue as at 15/10/2018
            steps.append(Step("update", number, ALLIANCE, day, t[number, "update"]))
    districts = list(range(10))
    for n in districts:
        unit = f"district:{n}"
        for number, chance, text in (("1.1", 0.8, t["1.1", "update"]), ("2", 0.7, t["2", "district"])):
            for day in QUARTER_UPDATE_DAYS:
                if rng.random() < chance:
                    steps.append(Step("update", number, unit, day + datetime.timedelta(days=rng.randint(0, 8)), text))
        steps.append(Step("update", "1.2", unit, D(2018, 6, 25), t["1.2", "june"], percent=rng.choice((30, 40, 50, 60))))
        steps.append(Step("update", "1.2", unit, D(2018, 9, 25), t["1.2", "september"], percent=rng.choice((60, 70, 80))))
    done_12 = rng.sample(districts, 6)
    for n in done_12:
        steps.append(Step("complete", "1.2", f"district:{n}", D(2018, 12, rng.randint(10, 28)), t["1.2", "complete"]))
    late_12 = next(n for n in districts if n not in done_12)
    steps.append(Step("complete", "1.2", f"district:{late_12}", D(2019, 1, 15), t["1.2", "late"]))
    for n in rng.sample(districts, 4):
        day = D(2018, rng.choice((11, 12)), rng.randint(1, 20))
        steps.append(Step("complete", "1.3", f"district:{n}", day, t["1.3", "complete"]))
    for n in rng.sample(districts, 4):
        day = D(2018, rng.choice((6, 7, 8, 9)), rng.randint(1, 28))
        steps.append(Step("complete", "7", f"district:{n}", day, t["7", "complete"]))
    for name in (SỞ_NN, SỞ_KH):
        steps.append(Step("update", "7", name, D(2018, 8, 15), t["7", "update"], percent=50))
    for name in (ALLIANCE, SỞ_NN, SỞ_KH, SỞ_TC, SỞ_CT):
        steps.append(Step("complete", "8", name, D(2018, 12, rng.randint(14, 27)), t["8", "complete"]))
    for n in rng.sample(districts, 5):
        steps.append(Step("complete", "8", f"district:{n}", D(2018, 12, rng.randint(18, 28)), t["8", "complete"]))
    return steps


def _agency_assignment(by_task: dict[str, list[Assignment]], step: Step) -> Assignment | None:
    rows = by_task.get(step.task, [])
    if step.agency.startswith("district:"):
        districts = [a for a in rows if a.agency.kind == Agency.Kind.DISTRICT_COMMITTEE]
        index = int(step.agency.split(":")[1])
        return districts[index] if index < len(districts) else None
    key = fold(step.agency)
    for a in rows:
        names = [a.agency.name, a.agency.short_name, *a.agency.aliases.splitlines()]
        if key in {fold(n) for n in names if n}:
            return a
    return None


def _already_there(assignment: Assignment, step: Step) -> bool:
    if step.kind == "update":
        return assignment.updates.filter(date=step.day, is_demo=True).exists()
    if step.kind == "complete":
        return assignment.completions.filter(occurrence_due=step.occurrence_due).exists()
    if step.kind == "extend":
        return assignment.extensions.exists()
    return assignment.returns.exists()


def _apply(assignment: Assignment, step: Step, actor):
    if step.kind == "update":
        services.add_progress_update(
            assignment, actor=actor, date=step.day, text=step.text, percent=step.percent, is_demo=True
        )
    elif step.kind == "complete":
        services.complete_assignment(
            assignment, actor=actor, completed_on=step.day, evidence=step.text, occurrence_due=step.occurrence_due, is_demo=True
        )
    elif step.kind == "extend":
        services.extend_assignment(
            assignment,
            actor=actor,
            new_due=step.new_due,
            reason=step.text,
            approved_by=APPROVER,
            decided_on=step.day,
            is_demo=True,
        )
    else:
        services.return_assignment(assignment, actor=actor, returned_on=step.day, reason=step.text, is_demo=True)


def build_demo_progress(directive, *, seed: int, actor=None) -> dict:
    """Record the demo story on `directive`; returns how many records of each kind were added."""
    added = {"update": 0, "complete": 0, "extend": 0, "return": 0}
    if directive is None:
        return added
    assignments = (
        Assignment.objects.filter(task__directive=directive)
        .select_related("task__directive", "agency")
        .order_by("task__position", "role", "agency__ordering", "agency__name")
    )
    by_task: dict[str, list[Assignment]] = {}
    for a in assignments:
        by_task.setdefault(a.task.number, []).append(a)
    for step in sorted(_plan_steps(random.Random(seed)), key=lambda s: (s.day, s.task, s.agency, s.kind)):
        assignment = _agency_assignment(by_task, step)
        if assignment is None or _already_there(assignment, step):
            continue
        try:
            _apply(assignment, step, actor)
        except ValidationError:
            # Someone already acted on this assignment (completed, returned …): leave it as it is.
            continue
        added[step.kind] += 1
    return added
