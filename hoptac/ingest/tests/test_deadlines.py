import pytest

from hoptac.ingest.deadlines import find_deadline


def _resolved(text, plan_year=2018):
    d = find_deadline(text).resolve(plan_year)
    return (d["kind"], d["start"], d["due"], d["recurrence"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuyên truyền (thực hiện trong năm 2018).", ("once", None, "2018-12-31", None)),
        ("Hoàn thành trong quý II năm 2018.", ("once", None, "2018-06-30", None)),
        ("Thực hiện trong quý I/2019.", ("once", None, "2019-03-31", None)),
        ("Thời gian: Quý 4 năm 2018.", ("once", None, "2018-12-31", None)),
        ("(thực hiện trong quý III, IV năm 2018)", ("window", "2018-07-01", "2018-12-31", None)),
        ("(thực hiện trong quý II, III, IV năm 2018)", ("window", "2018-04-01", "2018-12-31", None)),
        ("từ quý II đến quý IV năm 2018", ("window", "2018-04-01", "2018-12-31", None)),
        ("hoàn thành trong tháng 3 năm 2018", ("once", None, "2018-03-31", None)),
        ("hoàn thành trong tháng 2/2020", ("once", None, "2020-02-29", None)),
        ("thực hiện trong tháng 6, 7 năm 2019", ("window", "2019-06-01", "2019-07-31", None)),
        ("báo cáo trước ngày 15/12/2018.", ("once", None, "2018-12-15", None)),
        ("chậm nhất ngày 05 tháng 01 năm 2019", ("once", None, "2019-01-05", None)),
        ("báo cáo trước ngày 30/6.", ("once", None, "2018-06-30", None)),
        ("Cuối năm tổng hợp, báo cáo.", ("once", None, "2018-12-31", None)),
        ("đến năm 2020 có 50% HTX hiệu quả", ("once", None, "2020-12-31", None)),
        ("giai đoạn 2018 - 2020", ("window", "2018-01-01", "2020-12-31", None)),
        ("6 tháng đầu năm 2019", ("once", None, "2019-06-30", None)),
        ("(thực hiện thường xuyên)", ("ongoing", None, None, None)),
        ("được tổ chức hằng năm vào tháng 5.", ("recurring", None, None, {"every": "year", "month": 5})),
        ("báo cáo trước ngày 15/12 hằng năm", ("recurring", None, None, {"every": "year", "month": 12, "day": 15})),
        ("Định kỳ hằng quý báo cáo.", ("recurring", None, None, {"every": "quarter"})),
        ("báo cáo trước ngày 20 hàng tháng", ("recurring", None, None, {"every": "month", "day": 20})),
        ("Tăng cường kết nạp thành viên mới.", ("unspecified", None, None, None)),
    ],
)
def test_it_normalises_vietnamese_deadlines(text, expected):
    assert _resolved(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "triển khai Quyết định số 39/QĐ-UBND ngày 12/01/2018 của Ủy ban nhân dân tỉnh",
        "theo Nghị quyết ngày 12 tháng 01 năm 2018 của Hội đồng nhân dân tỉnh",
        "tăng 10% so với năm 2017",
        "hoạt động đúng quy định của Luật HTX năm 2012",
    ],
)
def test_it_does_not_read_dates_of_citations_base_years_or_laws_as_deadlines(text):
    assert _resolved(text)[0] == "unspecified"


def test_it_prefers_the_stated_deadline_over_an_adverb():
    text = "thường xuyên tổ chức hội thảo (hoàn thành trong quý II năm 2018)"
    assert _resolved(text) == ("once", None, "2018-06-30", None)


def test_it_keeps_the_phrase_as_written_and_its_offsets():
    text = "Sở Tài chính bố trí kinh phí (*thực hiện trong quý II năm 2018*)."
    found = find_deadline(text.replace("*", ""))
    assert found.as_written == "thực hiện trong quý II năm 2018"
    start, end = found.span
    assert text.replace("*", "")[start:end] == "(thực hiện trong quý II năm 2018)"


def test_it_gives_no_dates_when_the_year_is_unknown():
    assert _resolved("hoàn thành trong quý II", plan_year=None)[0] == "unspecified"


def test_it_asks_for_a_month_of_a_yearly_recurrence_without_one():
    found = find_deadline("Tổ chức hội nghị hằng năm.")
    assert found.recurrence == {"every": "year", "month": 12}
    assert "recurring_year_without_month" in found.notes
