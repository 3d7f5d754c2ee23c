from hoptac.audit.models import AuditEntry
from hoptac.units.models import AdminUnit, Agency


def test_it_lists_and_searches_units_without_diacritics(kontum_agencies, admin_client):
    response = admin_client.get("/admin/units/adminunit/", {"q": "dak ha"})
    assert response.status_code == 200
    assert "Huyện Đắk Hà" in response.content.decode()
    response = admin_client.get("/admin/units/adminunit/", {"level__exact": "district"})
    assert "Thành phố Kon Tum" in response.content.decode()


def test_it_keeps_units_read_mostly(kontum, admin_client):
    assert admin_client.get("/admin/units/adminunit/add/").status_code == 403
    unit = AdminUnit.objects.get(level=AdminUnit.Level.DISTRICT, code="615")
    page = admin_client.get(f"/admin/units/adminunit/{unit.pk}/change/").content.decode()
    assert 'name="name"' not in page
    assert 'name="valid_to"' in page


def test_it_lists_agencies_and_audits_an_edit(kontum_agencies, admin_client):
    response = admin_client.get("/admin/units/agency/", {"kind__exact": "so"})
    assert response.status_code == 200
    assert "Sở Kế hoạch và Đầu tư" in response.content.decode()
    agency = Agency.objects.get(code="so-tai-chinh")
    response = admin_client.post(
        f"/admin/units/agency/{agency.pk}/change/",
        {
            "name": "Sở Tài chính",
            "short_name": "Sở Tài chính",
            "kind": "so",
            "admin_unit": agency.admin_unit_id,
            "email": "stc@kontum.gov.vn",
            "ordering": 32,
            "aliases": "STC",
        },
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.email == "stc@kontum.gov.vn"
    entry = AuditEntry.objects.get(action="units.agency.updated")
    assert entry.before["email"] == "" and entry.after["email"] == "stc@kontum.gov.vn"
