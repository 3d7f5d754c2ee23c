import datetime
from decimal import Decimal

from django import forms

from hoptac.lib.forms import ViDateField, ViDecimalField, ViIntegerField


class FiguresForm(forms.Form):
    day = ViDateField(required=False)
    revenue = ViDecimalField(required=False, max_digits=14, decimal_places=1, min_value=0)
    members = ViIntegerField(required=False)


def test_it_accepts_vietnamese_dates_and_numbers():
    form = FiguresForm({"day": "05/04/2018", "revenue": "1.234,56", "members": "1.250"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"day": datetime.date(2018, 4, 5), "revenue": Decimal("1234.6"), "members": 1250}


def test_it_shows_values_back_in_vietnamese_notation():
    form = FiguresForm(initial={"day": datetime.date(2018, 4, 5), "revenue": Decimal("1234.5"), "members": 1250})
    html = str(form)
    assert 'value="05/04/2018"' in html and 'value="1.234,5"' in html and 'value="1.250"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'inputmode="decimal"' in html


def test_it_explains_each_refusal_in_vietnamese():
    form = FiguresForm({"day": "30/02/2018", "revenue": "-5", "members": "2,5"})
    assert not form.is_valid()
    assert form.errors["day"] == ["Ngày 30/02/2018 không có trong lịch (tháng 2/2018 không có ngày 30)."]
    assert form.errors["revenue"] == ["Giá trị phải từ 0 trở lên."]
    assert form.errors["members"] == ["“2,5” phải là số nguyên."]
