import pytest

from hoptac.plans import deadlines as dl
from hoptac.plans.tests.helpers import d


def test_it_accepts_each_deadline_kind():
    assert dl.normalise("once", None, d("31/12/2018")).due == d("31/12/2018")
    window = dl.normalise("window", d("01/07/2018"), d("31/12/2018"))
    assert (window.start, window.due) == (d("01/07/2018"), d("31/12/2018"))
    assert dl.normalise("ongoing").kind == "ongoing"
    assert dl.normalise("recurring", recurrence={"month": 5, "every": "year"}).recurrence == {"every": "year", "month": 5}
    unspecified = dl.normalise("unspecified")
    assert (unspecified.kind, unspecified.start, unspecified.due) == ("unspecified", None, None)


@pytest.mark.parametrize(
    "kind, start, due, recurrence, message",
    [
        ("once", None, None, None, "phải có hạn hoàn thành"),
        ("window", None, d("31/12/2018"), None, "cả ngày bắt đầu"),
        ("window", d("01/12/2018"), d("01/07/2018"), None, "Ngày bắt đầu 01/12/2018 sau hạn hoàn thành 01/07/2018"),
        ("ongoing", None, d("31/12/2018"), None, "không có hạn hoàn thành"),
        ("unspecified", None, d("31/12/2018"), None, "không nêu thời hạn"),
        ("recurring", None, None, {"every": "year"}, "phải nêu tháng"),
        ("recurring", None, None, {"every": "week"}, "year, quarter hoặc month"),
        ("recurring", None, None, {"every": "year", "month": 13}, "từ 1 đến 12"),
        ("once", None, d("31/12/2018"), {"every": "year", "month": 5}, "Chỉ thời hạn định kỳ"),
        ("soon", None, None, None, "không hợp lệ"),
    ],
)
def test_it_refuses_inconsistent_deadlines_with_a_reason(kind, start, due, recurrence, message):
    with pytest.raises(dl.DeadlineError, match=message):
        dl.normalise(kind, start, due, recurrence)


def test_it_lists_yearly_occurrences_due_at_the_end_of_the_month():
    may = {"every": "year", "month": 5}
    occurrences = dl.occurrences(may, d("01/01/2018"), d("31/12/2019"))
    assert [(o.start, o.end) for o in occurrences] == [
        (d("01/05/2018"), d("31/05/2018")),
        (d("01/05/2019"), d("31/05/2019")),
    ]
    assert dl.occurrence_for(may, d("31/05/2019")).start == d("01/05/2019")
    assert dl.occurrence_for(may, d("30/05/2019")) is None


def test_it_places_monthly_and_quarterly_occurrences_on_their_day():
    monthly = dl.occurrences({"every": "month", "day": 31}, d("01/01/2019"), d("31/03/2019"))
    assert [o.end for o in monthly] == [d("31/01/2019"), d("28/02/2019"), d("31/03/2019")]
    quarterly = dl.occurrences({"every": "quarter"}, d("01/01/2018"), d("31/12/2018"))
    assert [o.end for o in quarterly] == [d("31/03/2018"), d("30/06/2018"), d("30/09/2018"), d("31/12/2018")]
    first_month = dl.occurrences({"every": "quarter", "month": 1, "day": 15}, d("01/01/2018"), d("30/06/2018"))
    assert [o.end for o in first_month] == [d("15/01/2018"), d("15/04/2018")]


def test_it_finds_reporting_periods():
    assert dl.period_of(d("15/10/2018")) == dl.Period(d("01/10/2018"), d("31/12/2018"))
    assert dl.period_of(d("15/10/2018"), "half") == dl.Period(d("01/07/2018"), d("31/12/2018"))
    assert dl.period_of(d("15/02/2018"), "month") == dl.Period(d("01/02/2018"), d("28/02/2018"))
    assert dl.period_of(d("15/02/2018"), "year") == dl.Period(d("01/01/2018"), d("31/12/2018"))
    quarters = dl.periods_between(d("20/02/2018"), d("15/10/2018"))
    assert [dl.period_label(q) for q in quarters] == ["Quý I/2018", "Quý II/2018", "Quý III/2018", "Quý IV/2018"]
    assert dl.previous_period(quarters[-1]) == quarters[-2]
