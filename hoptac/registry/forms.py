"""Forms of the registry pages. They only parse what the user typed (Vietnamese dates and
numbers forgiven); the rules live in `services.py`, whose errors are shown next to the fields."""

from collections import defaultdict

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hoptac.lib.forms import ViDateField, ViDecimalField, ViIntegerField
from hoptac.lib.text import fold, place_key
from hoptac.units.models import AdminUnit, Agency

from .models import (
    EventKind,
    FundingSource,
    Grade,
    GradingRegime,
    GroupField,
    Sector,
    State,
)

BLANK = [("", "—")]


# --- unit picking -------------------------------------------------------------------------


def search_units(queryset, text: str):
    """Units whose name matches `text` without diacritics: "dak ui" finds "Xã Đắk Ui".

    Every typed word must start a word of the folded name; or the typed text, as a place key,
    must appear in the unit's key ("dakui", "ia h drai" / "iahdrai").
    """
    words = fold(text).split()
    if not words:
        return queryset
    by_words = Q()
    for word in words:
        by_words &= Q(name_folded__startswith=word) | Q(name_folded__contains=" " + word)
    return queryset.filter(by_words | Q(search_key__contains=place_key(text)))


def unit_choices(units, *, grouped: bool) -> list:
    """Choices in folded-name order; when `grouped`, under their parent (communes by district)."""
    ordered = sorted(units, key=lambda u: fold(u.name))
    if not grouped:
        return [*BLANK, *((str(u.pk), u.name) for u in ordered)]
    groups = defaultdict(list)
    for unit in ordered:
        groups[unit.parent.name if unit.parent_id else ""].append((str(unit.pk), unit.name))
    return [*BLANK, *((parent, groups[parent]) for parent in sorted(groups, key=fold))]


class UnitChoiceField(forms.ChoiceField):
    """A select of administrative units (grouped by parent unless `grouped=False`); cleans to an AdminUnit."""

    def __init__(self, *, units=(), grouped=True, **kwargs):
        self.grouped = grouped
        super().__init__(**kwargs)
        self.set_units(units)

    def set_units(self, units):
        units = list(units)
        self.units_by_pk = {str(unit.pk): unit for unit in units}
        self.choices = unit_choices(units, grouped=self.grouped)

    def prepare_value(self, value):
        return str(value.pk) if isinstance(value, AdminUnit) else value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if value not in self.units_by_pk:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return self.units_by_pk[value]

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


def commune_filter_widget(kind: str):
    from django.urls import reverse_lazy

    return forms.TextInput(
        attrs={
            "type": "search",
            "autocomplete": "off",
            "placeholder": _("gõ tên xã, ví dụ: dak ui"),
            "hx-get": reverse_lazy("registry:commune_options"),
            "hx-trigger": "input changed delay:300ms, search",
            "hx-target": "#id_commune",
            "hx-include": "[name=commune]",
            "hx-vals": '{"for": "%s"}' % kind,
        }
    )


class CommunePickerMixin:
    """A commune select (grouped by district) plus a text filter on folded names.

    The filter works without JavaScript: a "Lọc" button posts the form back and the page
    re-renders with the select narrowed; with htmx the select narrows as the user types.
    """

    picker_kind = "cooperative"

    def setup_communes(self, communes, commune_q: str = "", selected=None):
        queryset = communes.select_related("parent")
        if commune_q:
            narrowed = search_units(queryset, commune_q)
            selected_pk = str(getattr(selected, "pk", selected) or "")
            if selected_pk.isdigit():
                narrowed = narrowed | queryset.filter(pk=selected_pk)
            queryset = narrowed
        self.fields["commune"].set_units(queryset)
        self.fields["commune_q"].widget = commune_filter_widget(self.picker_kind)
        units = self.fields["commune"].units_by_pk
        if commune_q and len(units) == 1 and not selected:
            self.initial["commune"] = next(iter(units))


def commune_q_field():
    return forms.CharField(
        label=_("Lọc danh sách xã"), required=False, max_length=100,
        help_text=_("Gõ không dấu cũng được, ví dụ “dak ui” tìm ra “Đắk Ui”."),
    )


class VersionField(forms.IntegerField):
    """The version the user's form was based on (optimistic concurrency)."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, min_value=0, **kwargs)


# --- cooperatives ----------------------------------------------------------------------------


class CooperativeForm(CommunePickerMixin, forms.Form):
    name = forms.CharField(label=_("Tên hợp tác xã"), max_length=250)
    registration_code = forms.CharField(
        label=_("Mã số HTX"), max_length=40, required=False,
        help_text=_("Mã số thuế 10 chữ số, hoặc số giấy chứng nhận đăng ký cũ"),
    )
    commune_q = commune_q_field()
    commune = UnitChoiceField(label=_("Xã, phường, thị trấn"))
    sector = forms.ChoiceField(label=_("Lĩnh vực"), choices=Sector.choices, initial=Sector.AGRICULTURE)
    established_on = ViDateField(label=_("Ngày thành lập"), help_text=_("Ngày/tháng/năm, ví dụ 15/03/2018"))
    establishment_ref = forms.CharField(
        label=_("Số giấy chứng nhận đăng ký"), max_length=150, required=False
    )
    address = forms.CharField(label=_("Địa chỉ trụ sở"), max_length=250, required=False)
    representative = forms.CharField(label=_("Người đại diện"), max_length=150, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)

    service_fields = (
        "name", "registration_code", "commune", "sector", "established_on", "establishment_ref", "address",
        "representative", "phone",
    )  # fmt: skip

    def __init__(self, *args, communes, commune_q="", **kwargs):
        super().__init__(*args, **kwargs)
        selected = self.data.get("commune") if self.is_bound else self.initial.get("commune")
        self.setup_communes(communes, commune_q, selected)


class CooperativeEditForm(CooperativeForm):
    version = VersionField()


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Sự kiện"), choices=[c for c in EventKind.choices if c[0] != EventKind.ESTABLISHED]
    )
    date = ViDateField(label=_("Ngày"))
    document_ref = forms.CharField(
        label=_("Số văn bản"), max_length=150, required=False,
        help_text=_("Số giấy chứng nhận, quyết định hoặc thông báo"),
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


def _amount(label, *, allow_negative=False):
    return ViDecimalField(
        label=label, required=False, max_digits=14, decimal_places=1, min_value=None if allow_negative else 0,
        help_text=_("Triệu đồng; ví dụ 1.234,5"),
    )


class YearFiguresForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=1990, max_value=2100)
    members = ViIntegerField(label=_("Số thành viên"), required=False)
    regular_workers = ViIntegerField(label=_("Lao động thường xuyên"), required=False)
    charter_capital = _amount(_("Vốn điều lệ (triệu đồng)"))
    revenue = _amount(_("Doanh thu (triệu đồng)"))
    profit = _amount(_("Lợi nhuận (triệu đồng)"), allow_negative=True)
    average_income = ViDecimalField(
        label=_("Thu nhập bình quân lao động (triệu đồng/năm)"), required=False, max_digits=10, decimal_places=1,
        min_value=0,
    )
    grade = forms.ChoiceField(label=_("Xếp loại"), choices=Grade.choices, initial=Grade.UNGRADED)
    grading_regime = forms.ChoiceField(label=_("Căn cứ xếp loại"), choices=BLANK + GradingRegime.choices, required=False)
    is_value_chain_model = forms.BooleanField(label=_("Mô hình gắn với chuỗi giá trị"), required=False)
    value_chain_product = forms.CharField(label=_("Sản phẩm chuỗi giá trị"), max_length=150, required=False)
    value_chain_partner = forms.CharField(label=_("Doanh nghiệp liên kết"), max_length=200, required=False)
    value_chain_funding = forms.ChoiceField(
        label=_("Nguồn kinh phí mô hình"), choices=BLANK + FundingSource.choices, required=False
    )
    version = VersionField(required=False)

    figure_fields = (
        "members", "regular_workers", "charter_capital", "revenue", "profit", "average_income", "grade",
        "grading_regime", "is_value_chain_model", "value_chain_product", "value_chain_partner", "value_chain_funding",
    )  # fmt: skip

    def __init__(self, *args, fixed_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_year is not None:
            # Editing an existing year: the year is part of the URL, not of the form.
            del self.fields["year"]


# --- cooperative groups ------------------------------------------------------------------------


class GroupForm(CommunePickerMixin, forms.Form):
    picker_kind = "group"

    name = forms.CharField(label=_("Tên tổ hợp tác"), max_length=250)
    commune_q = commune_q_field()
    commune = UnitChoiceField(label=_("Xã, phường, thị trấn"))
    founded_on = ViDateField(label=_("Ngày thành lập"))
    certified_on = ViDateField(label=_("Ngày UBND xã chứng thực hợp đồng"), required=False)
    members = ViIntegerField(label=_("Số tổ viên"), required=False)
    field = forms.ChoiceField(label=_("Lĩnh vực"), choices=GroupField.choices, initial=GroupField.CROPS)
    leader = forms.CharField(label=_("Tổ trưởng"), max_length=150, required=False)

    service_fields = ("name", "commune", "founded_on", "certified_on", "members", "field", "leader")

    def __init__(self, *args, communes, commune_q="", **kwargs):
        super().__init__(*args, **kwargs)
        selected = self.data.get("commune") if self.is_bound else self.initial.get("commune")
        self.setup_communes(communes, commune_q, selected)


class GroupEditForm(GroupForm):
    version = VersionField()


class DissolveGroupForm(forms.Form):
    dissolved_on = ViDateField(label=_("Ngày chấm dứt hoạt động"))


# --- Alliance memberships -------------------------------------------------------------------


class MemberKind:
    COOPERATIVE = "cooperative"
    GROUP = "group"
    OTHER = "other"
    CHOICES = [
        (COOPERATIVE, _("Hợp tác xã")),
        (GROUP, _("Tổ hợp tác")),
        (OTHER, _("Tổ chức khác")),
    ]


class MembershipForm(CommunePickerMixin, forms.Form):
    picker_kind = "membership"

    alliance = forms.ModelChoiceField(label=_("Liên minh HTX"), queryset=Agency.objects.none(), empty_label=None)
    member_kind = forms.ChoiceField(
        label=_("Thành viên là"), choices=MemberKind.CHOICES, widget=forms.RadioSelect, initial=MemberKind.COOPERATIVE
    )
    cooperative = forms.ModelChoiceField(label=_("Hợp tác xã"), queryset=None, required=False, empty_label="—")
    group = forms.ModelChoiceField(label=_("Tổ hợp tác"), queryset=None, required=False, empty_label="—")
    organisation_name = forms.CharField(label=_("Tên tổ chức khác"), max_length=250, required=False)
    commune_q = commune_q_field()
    commune = UnitChoiceField(
        label=_("Địa bàn của tổ chức khác"), required=False, help_text=_("Chỉ nhập cho tổ chức khác")
    )
    joined_on = ViDateField(label=_("Ngày gia nhập"))

    def __init__(self, *args, cooperatives, groups, communes, commune_q="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alliance"].queryset = Agency.objects.filter(kind=Agency.Kind.ALLIANCE)
        self.fields["cooperative"].queryset = cooperatives.select_related("commune").order_by("name")
        self.fields["cooperative"].label_from_instance = lambda c: f"{c.name} — {c.commune.name}"
        self.fields["group"].queryset = groups.select_related("commune").order_by("name")
        self.fields["group"].label_from_instance = lambda g: f"{g.name} — {g.commune.name}"
        selected = self.data.get("commune") if self.is_bound else self.initial.get("commune")
        self.setup_communes(communes, commune_q, selected)

    def service_values(self) -> dict:
        """Only the chosen kind of member goes to the service; the others are cleared."""
        data = self.cleaned_data
        kind = data["member_kind"]
        return {
            "alliance": data["alliance"],
            "joined_on": data["joined_on"],
            "cooperative": data.get("cooperative") if kind == MemberKind.COOPERATIVE else None,
            "group": data.get("group") if kind == MemberKind.GROUP else None,
            "organisation_name": data.get("organisation_name", "") if kind == MemberKind.OTHER else "",
            "commune": data.get("commune") if kind == MemberKind.OTHER else None,
        }


class MembershipEditForm(forms.Form):
    joined_on = ViDateField(label=_("Ngày gia nhập"))
    organisation_name = forms.CharField(label=_("Tên tổ chức khác"), max_length=250, required=False)
    version = VersionField()

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        if membership.cooperative_id or membership.group_id:
            del self.fields["organisation_name"]

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class EndMembershipForm(forms.Form):
    left_on = ViDateField(label=_("Ngày ra khỏi Liên minh"))


# --- list filters --------------------------------------------------------------------------------


class UnitFilterMixin:
    """District and commune selects built from one list of the user's visible units."""

    def setup_units(self, units):
        districts = [u for u in units if u.level == AdminUnit.Level.DISTRICT]
        by_pk = {u.pk: u for u in units}
        communes = [u for u in units if u.level == AdminUnit.Level.COMMUNE]
        for commune in communes:  # attach parents already loaded, to group without more queries
            if commune.parent_id in by_pk:
                commune.parent = by_pk[commune.parent_id]
        self.fields["district"].set_units(districts)
        self.fields["commune"].set_units(communes)


class CooperativeFilterForm(UnitFilterMixin, forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã số"), required=False, max_length=100)
    district = UnitChoiceField(label=_("Huyện, thành phố"), required=False, grouped=False)
    commune = UnitChoiceField(label=_("Xã, phường, thị trấn"), required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=BLANK + State.choices)
    sector = forms.ChoiceField(label=_("Lĩnh vực"), required=False, choices=BLANK + Sector.choices)
    grade = forms.ChoiceField(label=_("Xếp loại"), required=False, choices=BLANK + Grade.choices)
    value_chain = forms.ChoiceField(
        label=_("Mô hình chuỗi giá trị"), required=False,
        choices=[*BLANK, ("1", _("Là mô hình chuỗi giá trị")), ("0", _("Không phải mô hình"))],
    )

    def __init__(self, *args, units, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_units(units)
        self.fields["grade"].label = _("Xếp loại năm %(year)s") % {"year": year}
        self.fields["value_chain"].label = _("Mô hình chuỗi giá trị năm %(year)s") % {"year": year}


class GroupFilterForm(UnitFilterMixin, forms.Form):
    EXISTING, DISSOLVED = "existing", "dissolved"
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    district = UnitChoiceField(label=_("Huyện, thành phố"), required=False, grouped=False)
    commune = UnitChoiceField(label=_("Xã, phường, thị trấn"), required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False,
        choices=[*BLANK, (EXISTING, _("Đang hoạt động")), (DISSOLVED, _("Đã chấm dứt"))],
    )
    field = forms.ChoiceField(label=_("Lĩnh vực"), required=False, choices=BLANK + GroupField.choices)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_units(units)


class MembershipFilterForm(UnitFilterMixin, forms.Form):
    MEMBER, LEFT = "member", "left"
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    district = UnitChoiceField(label=_("Huyện, thành phố"), required=False, grouped=False)
    commune = UnitChoiceField(label=_("Xã, phường, thị trấn"), required=False)
    kind = forms.ChoiceField(label=_("Loại thành viên"), required=False, choices=BLANK + MemberKind.CHOICES)
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False,
        choices=[*BLANK, (MEMBER, _("Đang là thành viên")), (LEFT, _("Đã ra khỏi"))],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_units(units)
