"""Members of the provincial Cooperative Alliance: a cooperative (by code), a group (by name
and commune) or another organisation (by name), with the date it joined."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _, gettext_lazy

from hoptac.accounts import permissions as perms
from hoptac.lib.importing import CREATE, UNCHANGED, UPDATE, ChoiceColumn, DateColumn, RowError, TextColumn
from hoptac.lib.text import fold
from hoptac.units.models import Agency

from .. import services
from ..lifecycle import fmt
from ..models import AllianceMembership, Cooperative, CooperativeGroup
from .common import (
    RegistrationCodeColumn,
    RegistryImporter,
    chunks,
    commune_column,
    demo_column,
    district_column,
    load_cooperatives,
    missing_cooperative,
    unit_label,
)

COOPERATIVE_MEMBER, GROUP_MEMBER, OTHER_MEMBER = "cooperative", "group", "other"
MEMBER_KINDS = [
    (COOPERATIVE_MEMBER, gettext_lazy("Hợp tác xã")),
    (GROUP_MEMBER, gettext_lazy("Tổ hợp tác")),
    (OTHER_MEMBER, gettext_lazy("Tổ chức khác")),
]


def _overlaps(a_from, a_to, b_from, b_to) -> bool:
    """Two membership periods [from, to) share a day; an open end never ends."""
    return (b_to is None or a_from < b_to) and (a_to is None or b_from < a_to)


class MembershipImporter(RegistryImporter):
    identifier = "members"
    verbose_name = gettext_lazy("Thành viên Liên minh HTX")
    sheet_title = "Thành viên Liên minh"
    key_description = gettext_lazy("thành viên và ngày gia nhập")
    right = perms.MEMBERSHIP_WRITE
    notes = (
        gettext_lazy("Mỗi dòng là một lần gia nhập Liên minh HTX tỉnh của một hợp tác xã, tổ hợp tác hoặc tổ chức khác."),
        gettext_lazy("Hợp tác xã nhận biết bằng mã số HTX; tổ hợp tác bằng tên và xã; tổ chức khác bằng tên. Hợp tác xã, tổ hợp tác phải có trong sổ trước."),
        gettext_lazy("Thành viên đã có (cùng ngày gia nhập, hoặc đang là thành viên) được cập nhật, ví dụ ghi thêm ngày ra khỏi."),
    )  # fmt: skip

    def get_columns(self):
        return [
            ChoiceColumn("member_kind", _("Loại thành viên"), required=True, choices=MEMBER_KINDS, width=16,
                         synonyms={"HTX": COOPERATIVE_MEMBER, "THT": GROUP_MEMBER, "Tổ chức": OTHER_MEMBER,
                                   "Khác": OTHER_MEMBER}),
            RegistrationCodeColumn(required=False, help_text=_("Bắt buộc khi thành viên là hợp tác xã.")),
            TextColumn("member_name", _("Tên thành viên"), aliases=("Tên", "Tên tổ chức"), width=36,
                       help_text=_("Bắt buộc với tổ hợp tác và tổ chức khác; với hợp tác xã chỉ để đối chiếu.")),
            district_column(),
            commune_column(required=False, help_text=_("Bắt buộc với tổ hợp tác; không cần với hợp tác xã.")),
            DateColumn("joined_on", _("Ngày gia nhập"), required=True, width=14),
            DateColumn("left_on", _("Ngày ra khỏi"), width=14, help_text=_("Chỉ ghi khi đã ra khỏi Liên minh.")),
            demo_column(),
        ]  # fmt: skip

    def check_allowed(self):
        super().check_allowed()
        alliances = list(Agency.objects.filter(kind=Agency.Kind.ALLIANCE, is_external=False)[:2])
        if len(alliances) != 1:
            raise RowError(_("Cần đúng một Liên minh HTX tỉnh trong danh mục cơ quan để nhập thành viên."))
        self.alliance = alliances[0]

    def clean_row(self, row):
        kind, values = row.values["member_kind"], row.values
        if kind is None:
            return
        if kind == COOPERATIVE_MEMBER:
            if not values.get("registration_code"):
                raise RowError(_("Thành viên là hợp tác xã: cần ghi mã số HTX."), "registration_code")
            values["commune"] = values["district"] = None  # the cooperative's own commune counts
            return
        if not values.get("member_name"):
            raise RowError(_("Chưa ghi tên thành viên."), "member_name")
        if kind == GROUP_MEMBER and not values.get("commune"):
            raise RowError(_("Thành viên là tổ hợp tác: cần ghi xã của tổ."), "commune")
        self.units.resolve(row, on=values.get("joined_on"))

    def _identity(self, row):
        kind, values = row.values["member_kind"], row.values
        if kind == COOPERATIVE_MEMBER:
            return (kind, values["registration_code"])
        if kind == GROUP_MEMBER:
            return (kind, fold(values["member_name"]), values["commune"].pk)
        return (kind, fold(values["member_name"]))

    def row_key(self, row):
        return (*self._identity(row), row.values["joined_on"])

    def prefetch(self, rows):
        codes = [row.values["registration_code"] for row in rows if row.values["member_kind"] == COOPERATIVE_MEMBER]
        self.cooperatives = load_cooperatives(codes, self.units)
        group_communes = {row.values["commune"].pk for row in rows if row.values["member_kind"] == GROUP_MEMBER}
        self.groups: dict[tuple, list[CooperativeGroup]] = {}
        for ids in chunks(group_communes):
            for group in CooperativeGroup.objects.filter(commune_id__in=ids).select_related("commune__parent"):
                self.groups.setdefault((group.name_folded, group.commune_id), []).append(group)
        self.memberships: dict[tuple, list[AllianceMembership]] = {}
        memberships = AllianceMembership.objects.filter(alliance=self.alliance).select_related(
            "cooperative__commune__parent", "group__commune__parent", "commune__parent"
        )
        for m in memberships:
            if m.cooperative_id:
                key = (COOPERATIVE_MEMBER, m.cooperative_id)
            elif m.group_id:
                key = (GROUP_MEMBER, m.group_id)
            else:
                key = (OTHER_MEMBER, fold(m.organisation_name))
            self.memberships.setdefault(key, []).append(m)

    def _member(self, row):
        """(kind, member object or organisation name, unit) of the row."""
        kind, values = row.values["member_kind"], row.values
        if kind == COOPERATIVE_MEMBER:
            coop = self.cooperatives.get(values["registration_code"])
            if coop is None:
                raise missing_cooperative(values["registration_code"])
            if values.get("member_name") and fold(values["member_name"]) != coop.name_folded:
                self.warn(row, "member_name", _("Tên trong tệp khác tên trong sổ (“%(name)s”).") % {"name": coop.name})
            return (kind, coop.pk), coop, coop.commune
        if kind == GROUP_MEMBER:
            matches = self.groups.get((fold(values["member_name"]), values["commune"].pk), [])
            if not matches:
                raise RowError(
                    _("Chưa có tổ hợp tác “%(name)s” ở %(commune)s trong sổ; hãy nhập tổ hợp tác trước.")
                    % {"name": values["member_name"], "commune": unit_label(values["commune"])},
                    "member_name",
                )
            if len(matches) > 1:
                raise RowError(
                    _("%(commune)s có %(count)s tổ hợp tác cùng tên “%(name)s”; hãy ghi nhận trên trang thành viên.")
                    % {"commune": unit_label(values["commune"]), "count": len(matches), "name": values["member_name"]},
                    "member_name",
                )
            return (kind, matches[0].pk), matches[0], matches[0].commune
        return (kind, fold(values["member_name"])), values["member_name"], values.get("commune")

    def _check_dates(self, row, member, existing, others):
        joined, left = row.values["joined_on"], row.values.get("left_on")
        if left is None and existing is not None:
            left = existing.left_on
        errors = {}
        for field, day in (("joined_on", joined), ("left_on", left)):
            if day is not None and day > self.today:
                errors[field] = _("Ngày %(date)s ở tương lai.") % {"date": fmt(day)}
        if left is not None and left < joined:
            errors["left_on"] = _("Ngày ra khỏi %(left)s trước ngày gia nhập %(joined)s.") % {"left": fmt(left), "joined": fmt(joined)}
        if isinstance(member, Cooperative):
            if member.established_on is None or member.established_on > joined:
                errors["joined_on"] = _("Hợp tác xã chưa thành lập vào ngày %(date)s.") % {"date": fmt(joined)}
            elif member.dissolved_on is not None and member.dissolved_on <= joined:
                errors["joined_on"] = _("Hợp tác xã đã giải thể ngày %(date)s.") % {"date": fmt(member.dissolved_on)}
        if isinstance(member, CooperativeGroup):
            if member.founded_on > joined:
                errors["joined_on"] = _("Tổ hợp tác chưa thành lập vào ngày %(date)s.") % {"date": fmt(joined)}
            elif member.dissolved_on is not None and member.dissolved_on <= joined:
                errors["joined_on"] = _("Tổ hợp tác đã chấm dứt ngày %(date)s.") % {"date": fmt(member.dissolved_on)}
        for other in others:
            if other is not existing and _overlaps(joined, left, other.joined_on, other.left_on):
                errors.setdefault("joined_on", _("Trùng thời gian với lần gia nhập ngày %(date)s đã có trong sổ.") % {
                    "date": fmt(other.joined_on),
                })  # fmt: skip
        if errors:
            raise ValidationError(errors)

    def plan(self, row):
        key, member, unit = self._member(row)
        self.check_unit(unit, "commune" if row.values["member_kind"] != COOPERATIVE_MEMBER else "registration_code")
        history = self.memberships.get(key, [])
        same_day = [m for m in history if m.joined_on == row.values["joined_on"]]
        current = [m for m in history if m.left_on is None]
        existing = same_day[0] if same_day else (current[0] if len(current) == 1 else None)
        self._check_dates(row, member, existing, history)
        given = self.given(row, ("joined_on", "left_on", "is_demo"))
        if row.values["member_kind"] == OTHER_MEMBER and row.values.get("commune") is not None:
            given["commune"] = row.values["commune"]
        row.context["member"] = member
        if existing is None:
            row.action = CREATE
            return
        row.target = existing
        row.changes = self.diff(existing, given)
        row.action = UPDATE if row.changes else UNCHANGED

    def save_row(self, row):
        if row.action == UPDATE:
            return services.update_membership(row.target, actor=self.actor, **self.new_values(row))
        member, values = row.context["member"], row.values
        membership = services.add_membership(
            actor=self.actor, alliance=self.alliance, joined_on=values["joined_on"],
            cooperative=member if isinstance(member, Cooperative) else None,
            group=member if isinstance(member, CooperativeGroup) else None,
            organisation_name=member if isinstance(member, str) else "",
            commune=values.get("commune") if isinstance(member, str) else None,
            is_demo=bool(values.get("is_demo")),
        )  # fmt: skip
        if values.get("left_on"):
            services.end_membership(membership, actor=self.actor, on=values["left_on"])
        return membership

    def describe(self, row):
        member = row.context.get("member")
        name = getattr(member, "name", member) or row.values.get("member_name") or row.values.get("registration_code")
        return f"{name} — {fmt(row.values['joined_on'])}" if row.values.get("joined_on") else str(name)
