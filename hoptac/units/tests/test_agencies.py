from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hoptac.audit.models import AuditEntry
from hoptac.units.agencies import AgencyDataError, load_agencies
from hoptac.units.loaders import load_units
from hoptac.units.lookup import expand_agency_group, find_agencies, suggest_agencies
from hoptac.units.models import AdminUnit, Agency

Kind = Agency.Kind
DISTRICT_COMMITTEES = [f"ubnd-{code}" for code in ["608", "610", "611", "612", "613", "614", "615", "616", "617", "618"]]


def codes(agencies):
    return [agency.code for agency in agencies]


def test_it_creates_the_agencies_of_the_seed_directive_in_reading_order(kontum_agencies):
    assert codes(Agency.objects.all()) == [
        "ubnd-tinh",
        "lien-minh-htx-tinh",
        "so-nnptnt",
        "so-khdt",
        "so-tai-chinh",
        "so-cong-thuong",
        "dai-ptth",
        "bao-kon-tum",
        *DISTRICT_COMMITTEES,
        "lmhtx-vn",
    ]
    province = Agency.objects.get(code="ubnd-tinh")
    assert (province.name, province.kind, province.admin_unit) == ("Ủy ban nhân dân tỉnh Kon Tum", Kind.PROVINCE_COMMITTEE, kontum_agencies)
    alliance = Agency.objects.get(code="lien-minh-htx-tinh")
    assert (alliance.name, alliance.kind) == ("Liên minh Hợp tác xã tỉnh Kon Tum", Kind.ALLIANCE)
    assert "Liên minh HTX tỉnh" in alliance.aliases.splitlines()
    assert Agency.objects.get(code="so-nnptnt").name == "Sở Nông nghiệp và Phát triển nông thôn"
    assert set(Agency.objects.filter(kind=Kind.PROVINCIAL_UNIT).values_list("code", flat=True)) == {"dai-ptth", "bao-kon-tum"}
    national = Agency.objects.get(code="lmhtx-vn")
    assert (national.name, national.kind, national.is_external, national.admin_unit) == (
        "Liên minh Hợp tác xã Việt Nam",
        Kind.EXTERNAL,
        True,
        None,
    )


def test_it_links_each_district_committee_to_its_district(kontum_agencies):
    committees = Agency.objects.filter(kind=Kind.DISTRICT_COMMITTEE).select_related("admin_unit")
    assert committees.count() == 10
    for committee in committees:
        assert committee.code == f"ubnd-{committee.admin_unit.code}"
        assert committee.admin_unit.level == AdminUnit.Level.DISTRICT
    city = Agency.objects.get(code="ubnd-608")
    assert city.name == "Ủy ban nhân dân thành phố Kon Tum"
    dak_ha = Agency.objects.get(code="ubnd-615")
    assert dak_ha.name == "Ủy ban nhân dân huyện Đăk Hà"  # the province's spelling, not the list's "Đắk"
    assert {"UBND huyện Đăk Hà", "Ủy ban nhân dân Đăk Hà", "Đăk Hà"} <= set(dak_ha.aliases.splitlines())
    ngoc_hoi = Agency.objects.get(code="ubnd-611")
    assert {"Ủy ban nhân dân Ngọc Hồi", "Ngọc Hồi"} <= set(ngoc_hoi.aliases.splitlines())
    assert Agency.objects.get(code="ubnd-618").name == "Ủy ban nhân dân huyện Ia H'Drai"


def test_it_is_idempotent_and_audited(kontum_agencies):
    assert AuditEntry.objects.filter(action="units.agency.created").count() == 19
    Agency.objects.filter(code="so-khdt").update(name="Sở KH cũ", email="khdt@kontum.gov.vn")
    counts = load_agencies("62")
    assert counts == {"created": 0, "updated": 1, "unchanged": 18}
    assert Agency.objects.count() == 19
    khdt = Agency.objects.get(code="so-khdt")
    assert (khdt.name, khdt.email) == ("Sở Kế hoạch và Đầu tư", "khdt@kontum.gov.vn")
    assert AuditEntry.objects.filter(action="units.agency.updated").count() == 1


def test_it_builds_the_generic_set_for_another_province(db):
    load_units("12", successors=False)  # Lai Châu
    load_agencies("12")
    lai_chau_districts = AdminUnit.objects.districts().filter(parent__code="12").count()
    assert Agency.objects.count() == 6 + lai_chau_districts + 1
    assert Agency.objects.get(code="ubnd-tinh").name == "Ủy ban nhân dân tỉnh Lai Châu"
    assert Agency.objects.get(code="lien-minh-htx-tinh").name == "Liên minh Hợp tác xã tỉnh Lai Châu"
    assert not Agency.objects.filter(kind=Kind.PROVINCIAL_UNIT).exists()


def test_it_refuses_agencies_before_units_or_for_a_second_province(kontum_agencies):
    with pytest.raises(AgencyDataError, match="load_units --province 12"):
        load_agencies("12")
    load_units("12", successors=False)
    with pytest.raises(AgencyDataError, match="Tỉnh Kon Tum"):
        load_agencies("12")
    assert Agency.objects.get(code="ubnd-tinh").admin_unit == kontum_agencies


def test_it_prints_counts_from_the_command(kontum):
    out = StringIO()
    call_command("load_agencies", province="62", stdout=out)
    assert "tạo mới 19" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("load_agencies", province="abc", stdout=StringIO())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ủy ban nhân dân Ngọc Hồi", "ubnd-611"),
        ("Ủy ban nhân dân huyện Ngọc Hồi", "ubnd-611"),
        ("UBND huyện Đăk Hà", "ubnd-615"),
        ("Uỷ ban nhân dân huyện Đắk Hà", "ubnd-615"),
        ("Ủy ban nhân dân thành phố Kon Tum", "ubnd-608"),
        ("UBND TP. Kon Tum", "ubnd-608"),
        ("Ủy ban nhân dân huyện Ia H'Drai", "ubnd-618"),
        ("Ia H'Drai", "ubnd-618"),
        ("Kon Rẫy", "ubnd-614"),
        ("Sở NN&PTNT", "so-nnptnt"),
        ("Sở Nông nghiệp và PTNT", "so-nnptnt"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "so-nnptnt"),
        ("Sở Kế hoạch và Đầu tư", "so-khdt"),
        ("Sở KH&ĐT", "so-khdt"),
        ("Sở Tài chính", "so-tai-chinh"),
        ("Sở Công Thương", "so-cong-thuong"),
        ("Liên minh HTX tỉnh", "lien-minh-htx-tinh"),
        ("Đài Phát thanh và Truyền hình tỉnh", "dai-ptth"),
        ("Báo Kon Tum", "bao-kon-tum"),
        ("Liên minh HTX Việt Nam", "lmhtx-vn"),
        ("Liên minh HTX Việt Nam (b/c)", "lmhtx-vn"),
        ("Ủy ban nhân dân tỉnh", "ubnd-tinh"),
        ("UBND tỉnh", "ubnd-tinh"),
    ],
)
def test_it_finds_agencies_as_documents_write_them(kontum_agencies, text, code):
    assert codes(find_agencies(text)) == [code]


def test_it_finds_nothing_for_an_unknown_agency_and_suggests_close_ones(kontum_agencies):
    assert find_agencies("Sở Xây dựng") == []
    assert find_agencies("") == []
    assert "so-nnptnt" in codes(suggest_agencies("Sở Nông nghiệp"))
    assert codes(suggest_agencies("UBND huyện Đăk Hàa", n=1)) == ["ubnd-615"]


@pytest.mark.parametrize(
    "text", ["Ủy ban nhân dân các huyện, thành phố", "Ủy ban nhân dân các huyện, Thành phố", "UBND các huyện, thành phố"]
)
def test_it_expands_the_district_committees_group(kontum_agencies, text):
    assert codes(expand_agency_group(text)) == DISTRICT_COMMITTEES


@pytest.mark.parametrize(
    "text", ["Các sở, ban ngành, đơn vị thuộc tỉnh", "Các Sở, ban ngành, đơn vị thuộc tỉnh", "các sở, ban ngành thuộc tỉnh"]
)
def test_it_expands_the_provincial_agencies_group(kontum_agencies, text):
    assert codes(expand_agency_group(text)) == [
        "lien-minh-htx-tinh",
        "so-nnptnt",
        "so-khdt",
        "so-tai-chinh",
        "so-cong-thuong",
        "dai-ptth",
        "bao-kon-tum",
    ]


def test_it_expands_units_and_localities_of_the_province(kontum_agencies):
    expanded = codes(expand_agency_group("các đơn vị, địa phương thuộc tỉnh"))
    assert expanded[:7] == ["lien-minh-htx-tinh", "so-nnptnt", "so-khdt", "so-tai-chinh", "so-cong-thuong", "dai-ptth", "bao-kon-tum"]
    assert expanded[7:] == DISTRICT_COMMITTEES
    assert "ubnd-tinh" not in expanded and "lmhtx-vn" not in expanded


@pytest.mark.parametrize(
    "text",
    [
        "sở, ban ngành liên quan",
        "các sở, ban ngành liên quan",
        "các đơn vị liên quan",
        "các đơn vị, địa phương liên quan",
        "Sở Tài chính",
        "Ủy ban nhân dân thành phố Kon Tum",
        "Liên minh HTX tỉnh",
    ],
)
def test_it_does_not_treat_relevant_parties_or_single_agencies_as_groups(kontum_agencies, text):
    assert expand_agency_group(text) is None
