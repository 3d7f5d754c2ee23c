import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count

from hoptac.audit.models import AuditEntry
from hoptac.lib.concurrency import EditConflict
from hoptac.registry import actions, services
from hoptac.registry.models import (
    AllianceMembership,
    Cooperative,
    CooperativeGroup,
    CooperativeYear,
    EventKind,
    FundingSource,
    Grade,
    GradingRegime,
    GroupField,
    Sector,
)
from hoptac.registry.tests.factories import CooperativeFactory, CooperativeGroupFactory
from hoptac.units.tests.factories import CommuneFactory, DistrictFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def last_entry():
    return AuditEntry.objects.order_by("-id").first()


@pytest.fixture
def coop(actor, commune):
    return services.create_cooperative(
        actor=actor, name="Hợp tác xã Nông nghiệp Dịch vụ Đắk Ui", commune=commune, established_on=D(2010, 3, 15),
        registration_code="6100123456", representative="A Thiết", establishment_ref="38.07.000123",
    )  # fmt: skip


# --- audit entries ------------------------------------------------------------------------


def test_it_logs_the_creation_of_a_cooperative_with_its_establishment(coop, actor):
    entry = last_entry()
    assert (entry.action, entry.actor, entry.object_id, entry.before) == (
        actions.COOPERATIVE_CREATED, actor, str(coop.pk), None,
    )  # fmt: skip
    assert entry.after["name"] == "Hợp tác xã Nông nghiệp Dịch vụ Đắk Ui"
    assert entry.after["established_on"] == "2010-03-15"
    assert entry.after["establishment_ref"] == "38.07.000123"
    event = coop.events.get()
    assert (event.kind, event.date, event.document_ref, event.created_by) == (
        EventKind.ESTABLISHED, D(2010, 3, 15), "38.07.000123", actor,
    )  # fmt: skip


def test_it_logs_only_the_changed_fields_of_an_update(coop, actor):
    services.update_cooperative(coop, actor=actor, expected_version=1, phone="0260 3862 123", representative="A Thiết")
    entry = last_entry()
    assert (entry.action, entry.actor) == (actions.COOPERATIVE_UPDATED, actor)
    assert (entry.before, entry.after) == ({"phone": "", "version": 1}, {"phone": "0260 3862 123", "version": 2})
    assert coop.version == 2


def test_it_writes_nothing_when_an_update_changes_nothing(coop, actor):
    entries = AuditEntry.objects.count()
    services.update_cooperative(coop, actor=actor, representative="A Thiết")
    assert (AuditEntry.objects.count(), Cooperative.objects.get().version) == (entries, 1)


def test_it_moves_the_establishment_when_its_date_is_corrected(coop, actor):
    services.update_cooperative(coop, actor=actor, established_on=D(2010, 3, 5), establishment_ref="38.07.000124")
    entry = last_entry()
    assert entry.before == {"established_on": "2010-03-15", "establishment_ref": "38.07.000123", "version": 1}
    assert entry.after == {"established_on": "2010-03-05", "establishment_ref": "38.07.000124", "version": 2}
    assert coop.events.get().date == D(2010, 3, 5)


def test_it_logs_recorded_and_deleted_events_on_the_cooperative(coop, actor):
    event = services.record_event(coop, actor=actor, kind=EventKind.REREGISTERED, date=D(2015, 9, 1), document_ref="6100123456")
    entry = last_entry()
    assert (entry.action, entry.actor, entry.object_id) == (actions.EVENT_RECORDED, actor, str(coop.pk))
    assert entry.after == {"kind": "reregistered", "date": "2015-09-01", "document_ref": "6100123456", "note": ""}
    assert entry.data["event"] == event.pk
    services.delete_event(event, actor=actor)
    entry = last_entry()
    assert (entry.action, entry.before["date"], entry.after) == (actions.EVENT_DELETED, "2015-09-01", None)


def test_it_creates_then_updates_year_figures_with_audit(coop, actor):
    row = services.set_year_figures(coop, actor=actor, year=2017, members=25, revenue="1250.5", grade=Grade.FAIR,
                                    grading_regime=GradingRegime.TT09_2017)  # fmt: skip
    entry = last_entry()
    assert (entry.action, entry.actor, entry.before) == (actions.YEAR_CREATED, actor, None)
    assert (entry.after["members"], entry.after["revenue"], entry.after["grade"]) == (25, "1250.5", "kha")
    services.set_year_figures(coop, actor=actor, year=2017, expected_version=1, members=28)
    entry = last_entry()
    assert (entry.action, entry.before, entry.after) == (
        actions.YEAR_UPDATED, {"members": 25, "version": 1}, {"members": 28, "version": 2},
    )  # fmt: skip
    row.refresh_from_db()
    assert (row.members, row.revenue, row.version) == (28, Decimal("1250.5"), 2)


def test_it_logs_group_creation_update_and_dissolution(actor, commune):
    group = services.create_group(actor=actor, name="Tổ hợp tác trồng cà phê thôn 3", commune=commune,
                                  founded_on=D(2016, 4, 1), certified_on=D(2016, 4, 10), members=9)  # fmt: skip
    assert (last_entry().action, last_entry().after["members"]) == (actions.GROUP_CREATED, 9)
    services.update_group(group, actor=actor, expected_version=1, members=11, field=GroupField.CROPS)
    assert (last_entry().action, last_entry().before, last_entry().after) == (
        actions.GROUP_UPDATED, {"members": 9, "version": 1}, {"members": 11, "version": 2},
    )  # fmt: skip
    services.dissolve_group(group, actor=actor, on=D(2018, 6, 30))
    entry = last_entry()
    assert (entry.action, entry.actor, entry.before, entry.after) == (
        actions.GROUP_DISSOLVED, actor, {"dissolved_on": None, "version": 2}, {"dissolved_on": "2018-06-30", "version": 3},
    )  # fmt: skip
    assert CooperativeGroup.objects.existing_on(D(2018, 6, 30)).count() == 0


def test_it_logs_membership_joining_change_and_leaving(coop, actor, alliance):
    m = services.add_membership(actor=actor, alliance=alliance, joined_on=D(2016, 1, 5), cooperative=coop)
    entry = last_entry()
    assert (entry.action, entry.actor, entry.after["cooperative"]) == (actions.MEMBERSHIP_CREATED, actor, coop.pk)
    services.update_membership(m, actor=actor, expected_version=1, joined_on=D(2016, 1, 6))
    assert (last_entry().action, last_entry().after) == (
        actions.MEMBERSHIP_UPDATED, {"joined_on": "2016-01-06", "version": 2},
    )  # fmt: skip
    services.end_membership(m, actor=actor, on=D(2018, 12, 1))
    assert (last_entry().action, last_entry().before, last_entry().after) == (
        actions.MEMBERSHIP_ENDED, {"left_on": None, "version": 2}, {"left_on": "2018-12-01", "version": 3},
    )  # fmt: skip
    assert AllianceMembership.objects.member_on(D(2018, 12, 1)).count() == 0


# --- registration code --------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("6101234567", "6101234567"),
        (" 61 0123 4567 ", "6101234567"),
        ("6101234567-001", "6101234567-001"),
        ("38.07.000123", "38.07.000123"),
        ("3807/GCN-HTX", "3807/GCN-HTX"),
        ("", ""),
    ],
)
def test_it_accepts_tax_codes_and_legacy_certificate_numbers(actor, commune, typed, stored):
    coop = services.create_cooperative(actor=actor, name="HTX Sâm Ngọc Linh", commune=commune,
                                       established_on=D(2016, 1, 1), registration_code=typed)  # fmt: skip
    assert Cooperative.objects.get(pk=coop.pk).registration_code == stored


@pytest.mark.parametrize("typed", ["610123456", "61012345678", "6101234567-01", "6101234567001", "61-01234567"])
def test_it_refuses_a_malformed_tax_code(actor, commune, typed):
    with pytest.raises(ValidationError) as exc:
        services.create_cooperative(actor=actor, name="HTX Sâm Ngọc Linh", commune=commune,
                                    established_on=D(2016, 1, 1), registration_code=typed)  # fmt: skip
    assert exc.value.message_dict["registration_code"] == [
        f"Mã số HTX “{typed}” không hợp lệ: mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu “-” và 3 chữ số đối với "
        "chi nhánh."
    ]
    assert not Cooperative.objects.exists()


def test_it_names_the_cooperative_that_already_has_the_code(coop, actor, commune):
    other = services.create_cooperative(actor=actor, name="HTX Rau an toàn", commune=commune, established_on=D(2016, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.update_cooperative(other, actor=actor, registration_code="61 0012 3456")
    assert exc.value.message_dict == {
        "registration_code": ["Mã số HTX 6100123456 đã được dùng cho “Hợp tác xã Nông nghiệp Dịch vụ Đắk Ui” (Xã Đắk Ui)."]
    }


# --- other field rules ----------------------------------------------------------------------


def test_it_reports_every_bad_field_of_a_new_cooperative_at_once(actor):
    district = DistrictFactory()
    with pytest.raises(ValidationError) as exc:
        services.create_cooperative(actor=actor, name="  ", commune=district, established_on=D(2999, 1, 1), sector="x")
    assert set(exc.value.message_dict) == {"name", "commune", "established_on", "sector"}
    assert "không phải đơn vị cấp xã" in exc.value.message_dict["commune"][0]


@pytest.mark.parametrize(
    "year, figures, field, message",
    [
        (2009, {}, "year", "Năm 2009 trước năm thành lập của hợp tác xã (15/03/2010)."),
        (2999, {}, "year", "Năm 2999 chưa đến."),
        (2018, {"members": -1}, "members", "Không được là số âm."),
        (2018, {"revenue": "nhiều"}, "revenue", "“nhiều” không phải số."),
        (2018, {"grade": Grade.GOOD}, "grading_regime", "Đã xếp loại thì phải ghi căn cứ xếp loại (thông tư áp dụng)."),
        (
            2018, {"grade": Grade.GOOD, "grading_regime": GradingRegime.TT01_2020}, "grading_regime",
            "Thông tư 01/2020/TT-BKHĐT chỉ áp dụng từ năm 2020, không dùng cho năm 2018.",
        ),
        (2018, {"is_value_chain_model": True, "value_chain_product": "Cà phê"}, "value_chain_partner",
         "Mô hình chuỗi giá trị cần ghi doanh nghiệp liên kết."),
        (2018, {"value_chain_funding": "ngan_hang"}, "value_chain_funding",
         "Nguồn kinh phí “ngan_hang” không có trong danh mục."),
    ],
)  # fmt: skip
def test_it_refuses_inconsistent_year_figures(coop, actor, year, figures, field, message):
    with pytest.raises(ValidationError) as exc:
        services.set_year_figures(coop, actor=actor, year=year, **figures)
    assert message in exc.value.message_dict[field]
    assert not CooperativeYear.objects.exists()


def test_it_accepts_a_value_chain_model_with_its_product_partner_and_funding(coop, actor):
    row = services.set_year_figures(
        coop, actor=actor, year=2018, is_value_chain_model=True, value_chain_product="Cà phê",
        value_chain_partner="Công ty TNHH Nông sản Đăk Hà", value_chain_funding=FundingSource.LOCAL, profit=-12,
    )  # fmt: skip
    assert (row.is_value_chain_model, row.value_chain_funding, row.profit) == (True, "dia_phuong", Decimal("-12.0"))


def test_it_refuses_group_dates_out_of_order(actor, commune):
    with pytest.raises(ValidationError) as exc:
        services.create_group(actor=actor, name="THT chăn nuôi bò", commune=commune, founded_on=D(2018, 4, 1),
                              certified_on=D(2018, 3, 1))  # fmt: skip
    assert exc.value.message_dict == {"certified_on": ["Ngày chứng thực 01/03/2018 trước ngày thành lập 01/04/2018."]}


def test_it_refuses_a_membership_before_the_member_existed(coop, actor, alliance):
    with pytest.raises(ValidationError) as exc:
        services.add_membership(actor=actor, alliance=alliance, joined_on=D(2009, 1, 1), cooperative=coop)
    assert exc.value.message_dict == {
        "joined_on": ["Hợp tác xã “Hợp tác xã Nông nghiệp Dịch vụ Đắk Ui” chưa thành lập vào ngày 01/01/2009."]
    }
    group = CooperativeGroupFactory(founded_on=D(2018, 4, 1))
    with pytest.raises(ValidationError, match="chưa thành lập vào ngày 01/01/2018"):
        services.add_membership(actor=actor, alliance=alliance, joined_on=D(2018, 1, 1), group=group)


def test_it_refuses_ambiguous_or_overlapping_memberships(coop, actor, alliance):
    with pytest.raises(ValidationError, match="đúng một trong"):
        services.add_membership(actor=actor, alliance=alliance, joined_on=D(2016, 1, 1), cooperative=coop,
                                organisation_name="Công ty TNHH Nông sản Kon Tum")  # fmt: skip
    m = services.add_membership(actor=actor, alliance=alliance, joined_on=D(2016, 1, 1), cooperative=coop)
    with pytest.raises(ValidationError, match="đã là thành viên Liên minh từ ngày 01/01/2016"):
        services.add_membership(actor=actor, alliance=alliance, joined_on=D(2017, 1, 1), cooperative=coop)
    with pytest.raises(ValidationError) as exc:
        services.end_membership(m, actor=actor, on=D(2015, 12, 31))
    assert exc.value.message_dict == {"left_on": ["Ngày ra khỏi 31/12/2015 trước ngày gia nhập 01/01/2016."]}


def test_it_refuses_fields_a_service_does_not_own(coop, actor):
    with pytest.raises(TypeError, match="dissolved_on"):
        services.update_cooperative(coop, actor=actor, dissolved_on=D(2018, 1, 1))


# --- optimistic concurrency -----------------------------------------------------------------


def test_it_raises_edit_conflict_on_a_stale_version_and_writes_nothing(coop, actor, commune):
    services.update_cooperative(coop, actor=actor, expected_version=1, phone="0905 111 222")
    stale = Cooperative.objects.get(pk=coop.pk)
    stale.version = 1
    entries = AuditEntry.objects.count()
    with pytest.raises(EditConflict) as exc:
        services.update_cooperative(stale, actor=actor, expected_version=1, phone="0905 999 999")
    assert exc.value.current.phone == "0905 111 222"
    row = services.set_year_figures(coop, actor=actor, year=2018, members=10)
    with pytest.raises(EditConflict):
        services.set_year_figures(coop, actor=actor, year=2018, expected_version=0, members=12)
    group = services.create_group(actor=actor, name="THT dệt thổ cẩm", commune=commune, founded_on=D(2017, 1, 1))
    services.update_group(group, actor=actor, leader="Y Hoa")
    with pytest.raises(EditConflict):
        services.update_group(group, actor=actor, expected_version=1, members=3)
    assert Cooperative.objects.get(pk=coop.pk).phone == "0905 111 222"
    row.refresh_from_db()
    group.refresh_from_db()
    assert (row.members, group.members) == (10, None)
    assert AuditEntry.objects.count() == entries + 3  # the year and the group writes only


# --- the state as a queryset method inside aggregates ------------------------------------------


def test_it_counts_active_cooperatives_by_district_in_one_grouped_query(actor, django_assert_num_queries):
    district_a, district_b = DistrictFactory(short_name="Đăk Hà"), DistrictFactory(short_name="Ngọc Hồi")
    commune_a, commune_b = CommuneFactory(parent=district_a), CommuneFactory(parent=district_b)
    for day in (D(2016, 1, 1), D(2017, 1, 1), D(2018, 5, 1)):
        CooperativeFactory(commune=commune_a, established_on=day)
    ceased = CooperativeFactory(commune=commune_b, established_on=D(2015, 1, 1), sector=Sector.TRANSPORT)
    CooperativeFactory(commune=commune_b, established_on=D(2015, 1, 1))
    services.record_event(ceased, actor=actor, kind=EventKind.CEASED, date=D(2017, 7, 1))
    with django_assert_num_queries(1):
        rows = dict(
            Cooperative.objects.active_on(D(2017, 12, 31))
            .values_list("commune__parent__short_name")
            .annotate(n=Count("id"))
            .order_by()
        )
    assert rows == {"Ngọc Hồi": 1, "Đăk Hà": 2}
    by_state = dict(
        Cooperative.objects.with_state_on(D(2017, 12, 31)).values_list("state").annotate(n=Count("id")).order_by()
    )
    assert by_state == {"active": 3, "ceased": 1, "not_established": 1}
