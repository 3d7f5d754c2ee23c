"""The 2018 reporting round of the demonstration: who reported when, one report returned and resubmitted,
two missing, some accepted by the Alliance. Deterministic (fixed dates, no randomness) and idempotent:
when the round already has reports nothing is written. Every step goes through `services`."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from hoptac.accounts.models import Grant
from hoptac.accounts import permissions as perms

from . import services
from .models import Submission
from .queries import round_rates

YEAR = 2018
OPENS_ON = datetime.date(2018, 12, 1)
DUE_ON = datetime.date(2018, 12, 20)
LOCKS_ON = datetime.date(2019, 1, 10)
RETURN_REASON = "Số liệu HTX thành lập mới không khớp sổ theo dõi"


@dataclass(frozen=True)
class Script:
    submitted: tuple | None = None  # (month, day, hour)
    returned: tuple | None = None
    resubmitted: tuple | None = None
    accepted: tuple | None = None
    draft_only: bool = False
    wrong_new_htx: bool = False  # first sent with a new-HTX figure that differs from the registry


SCRIPTS = {
    "ubnd-612": Script(submitted=(12, 10, 9), accepted=(12, 12, 10)),
    "so-nnptnt": Script(submitted=(12, 11, 14), accepted=(12, 13, 9)),
    "ubnd-613": Script(submitted=(12, 12, 15), accepted=(12, 14, 10)),
    "ubnd-615": Script(submitted=(12, 14, 10), returned=(12, 17, 9), resubmitted=(12, 19, 15), accepted=(12, 21, 9),
                       wrong_new_htx=True),
    "ubnd-611": Script(submitted=(12, 17, 8), accepted=(12, 19, 9)),
    "so-khdt": Script(submitted=(12, 18, 10), accepted=(12, 20, 8)),
    "ubnd-616": Script(submitted=(12, 18, 16)),
    "ubnd-608": Script(submitted=(12, 19, 11)),
    "ubnd-614": Script(submitted=(12, 19, 14), accepted=(12, 21, 10)),
    "lien-minh-htx-tinh": Script(submitted=(12, 20, 9), accepted=(12, 21, 11)),
    "ubnd-610": Script(submitted=(12, 20, 16)),
    "so-cong-thuong": Script(submitted=(12, 20, 17)),
    # Late
    "dai-ptth": Script(submitted=(12, 22, 10)),
    "ubnd-618": Script(submitted=(12, 24, 9), accepted=(12, 26, 14)),
    "so-tai-chinh": Script(submitted=(12, 27, 15)),
    # Missing: Tu Mơ Rông started a draft; Báo Kon Tum has not opened its report.
    "ubnd-617": Script(draft_only=True),
}

RESULTS = {
    "1.1": "Đã ban hành kế hoạch triển khai, lồng ghép tuyên truyền về kinh tế hợp tác trong các hội nghị ở thôn, làng; "
           "phối hợp với các phòng chuyên môn hướng dẫn HTX xây dựng phương án sản xuất, kinh doanh.",
    "1.2": "Năm 2018 trên địa bàn thành lập mới {htx_new} HTX (chỉ tiêu {htx_new_target}), xây dựng {chains} mô hình HTX "
           "gắn với chuỗi giá trị; {communes} xã, phường, thị trấn có tổ hợp tác mới.",
    "1.3": "Đã rà soát toàn bộ HTX trên địa bàn, hướng dẫn các HTX chưa đăng ký lại tổ chức lại theo Luật HTX năm 2012; "
           "đề nghị giải thể các HTX ngừng hoạt động nhiều năm.",
    "2": "Phối hợp với Đài Phát thanh và Truyền hình tỉnh, Báo Kon Tum đưa tin về các mô hình HTX hiệu quả; "
         "tổ chức hội nghị tuyên truyền Luật HTX năm 2012.",
    "3.1": "Kết nạp thành viên mới trong năm; số thành viên Liên minh HTX tỉnh đến 31/12/2018 là {members}.",
    "3.2": "Tiếp nhận và giải quyết kiến nghị của các HTX về đất đai, vốn vay; đề xuất UBND tỉnh bố trí nguồn vốn hỗ trợ.",
    "3.3": "Đã đề xuất Liên minh HTX Việt Nam hỗ trợ 02 mô hình HTX gắn với chuỗi giá trị; các mô hình đã triển khai.",
    "3.4": "Duy trì Trang thông tin điện tử, cập nhật thông tin HTX hằng tháng.",
    "3.5": "Kiện toàn Ban Thường vụ; cử cán bộ tham gia các lớp bồi dưỡng của Liên minh HTX Việt Nam.",
    "3.6": "Tổ chức khen thưởng các HTX, cán bộ quản lý HTX có thành tích nhân dịp tổng kết năm.",
    "4": "Đã triển khai Quyết định số 39/QĐ-UBND; hướng dẫn các HTX liên kết sản xuất, tiêu thụ sản phẩm nông nghiệp.",
    "5": "Đã trình UBND tỉnh dự thảo chính sách hỗ trợ HTX sản xuất gắn với chuỗi giá trị.",
    "6": "Hỗ trợ các HTX tham gia Hội chợ xúc tiến thương mại HTX cấp quốc gia tháng 5/2018 và xây dựng nhãn hiệu sản phẩm.",
    "7": "Phối hợp với Liên minh HTX tỉnh tổ chức lớp tập huấn về chủ trương, chính sách phát triển kinh tế hợp tác "
         "cho cán bộ thôn, làng và cấp xã.",
    "8": "Đã tổng hợp, đánh giá kết quả thực hiện nhiệm vụ được phân công và gửi báo cáo về Liên minh HTX tỉnh.",
}
DIFFICULTIES = [
    "Nhiều HTX quy mô nhỏ, thiếu vốn, khó tiếp cận tín dụng.",
    "Cán bộ quản lý HTX còn hạn chế về trình độ, nhất là ở vùng đồng bào dân tộc thiểu số.",
    "",
    "Việc liên kết với doanh nghiệp tiêu thụ sản phẩm chưa bền vững.",
    "",
]
PROPOSALS = [
    "Đề nghị tỉnh bố trí kinh phí hỗ trợ thành lập mới HTX và xây dựng mô hình chuỗi giá trị.",
    "",
    "Đề nghị Liên minh HTX tỉnh mở thêm lớp tập huấn cho cán bộ quản lý HTX.",
    "",
]


def _at(parts: tuple) -> datetime.datetime:
    month, day, hour = parts
    year = YEAR if month == 12 else YEAR + 1
    return datetime.datetime(year, month, day, hour, 0, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _agency_user(agency, fallback):
    grant = (
        Grant.objects.filter(agency=agency, user__is_active=True, role__in=[perms.DISTRICT_OFFICER, perms.DEPARTMENT_OFFICER,
                                                                             perms.ALLIANCE_OFFICER])
        .select_related("user").order_by("pk").first()
    )
    return grant.user if grant else fallback


def _figure(submission, indicator) -> dict | None:
    return next((row for row in submission.figures if row.get("indicator") == indicator), None)


def _number(row, key="computed") -> str:
    if not row or row.get(key) is None:
        return "0"
    value = row[key]
    return value[:-2] if value.endswith(".0") else value


def _texts(submission, index: int) -> dict:
    new = _figure(submission, "htx_new")
    values = {
        "htx_new": _number(new), "htx_new_target": _number(new, "target_value"),
        "chains": _number(_figure(submission, "value_chain_models")),
        "communes": f"{_number(_figure(submission, 'tht_new'), 'numerator')}/{_number(_figure(submission, 'tht_new'), 'denominator')}",
        "members": _number(_figure(submission, "alliance_member_growth"), "numerator"),
    }
    narratives = {}
    for offset, narrative in enumerate(submission.narratives.select_related("assignment__task")):
        number = narrative.assignment.task.number
        result = RESULTS.get(number, "Đã triển khai thực hiện theo kế hoạch.").format(**values)
        key = index + offset
        narratives[narrative.assignment_id] = {
            "result": result,
            "difficulties": DIFFICULTIES[key % len(DIFFICULTIES)],
            "proposals": PROPOSALS[key % len(PROPOSALS)],
        }
    return narratives


def _play(rnd, agency, script: Script, index: int, actor):
    user = _agency_user(agency, actor)
    submission = services.start_submission(rnd, agency, actor=user)
    first_day = _at(script.submitted) if script.submitted else _at((12, 18, 10))
    figures = None
    if script.wrong_new_htx and _figure(submission, "htx_new"):
        row = _figure(submission, "htx_new")
        figures = {row["key"]: str(int(float(row["computed"] or 0)) + 1)}
    # The figures were just computed by start_submission; submit() recomputes them anyway.
    submission = services.save_draft(submission, actor=user, narratives=_texts(submission, index), figures=figures,
                                     refresh=False, now=first_day - datetime.timedelta(hours=1))
    if script.draft_only or not script.submitted:
        return submission
    submission = services.submit(submission, actor=user, now=first_day)
    if script.returned:
        submission = services.return_submission(submission, reason=RETURN_REASON, actor=actor, now=_at(script.returned))
        fixed = {key: None for key in (figures or {})}
        submission = services.save_draft(submission, actor=user, figures=fixed, refresh=False,
                                         now=_at(script.resubmitted) - datetime.timedelta(hours=2))
        submission = services.submit(submission, actor=user, now=_at(script.resubmitted))
    if script.accepted:
        submission = services.accept(submission, actor=actor, now=_at(script.accepted))
    return submission


def build_demo_round(directive, *, actor=None) -> str:
    """Open the 2018 round of `directive` and play the agencies' reports; nothing when already played."""
    with transaction.atomic():
        rnd, _created = services.open_round(directive, YEAR, actor=actor, opens_on=OPENS_ON, due_on=DUE_ON, locks_on=LOCKS_ON)
        if not Submission.objects.filter(round=rnd).exists():
            expected = {a.code: a for a in rnd.expected_agencies.all()}
            for index, (code, script) in enumerate(SCRIPTS.items()):
                if code in expected:
                    _play(rnd, expected[code], script, index, actor)
    rates = round_rates(rnd)
    return (
        f"kỳ “{rnd.title}”: {rates.received}/{rates.expected} đơn vị đã gửi, {rates.on_time} đúng hạn, "
        f"{rates.accepted} đã tiếp nhận"
    )
