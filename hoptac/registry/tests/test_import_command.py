"""`manage.py import_registry` (district_a edits only district A; no --user means the system)."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from hoptac.audit.models import AuditEntry
from hoptac.registry.models import Cooperative

pytestmark = pytest.mark.django_db

HEADER = ["Tên hợp tác xã", "Mã số HTX", "Xã, phường, thị trấn", "Ngày thành lập"]


def write(path, *rows, title="Hợp tác xã"):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = title
    for row in [HEADER, *rows]:
        ws.append(list(row))
    workbook.save(path)
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_registry", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_template_recognised_by_its_sheet(units, district_a, tmp_path):
    path = write(tmp_path / "htx.xlsx", ["HTX A", "6100000001", "Đắk Ui", "01/03/2015"])
    out, err = run(path, "--user", "district_a")
    assert "Hợp tác xã: 1 dòng thêm mới, 0 dòng cập nhật, 0 dòng không đổi, 0 dòng có lỗi." in out
    assert "Đã lưu." in out
    assert Cooperative.objects.get().commune == units.commune_a1
    out, _err = run(path, "--user", "district_a")
    assert "0 dòng thêm mới, 0 dòng cập nhật, 1 dòng không đổi" in out


def test_it_saves_nothing_in_a_dry_run(units, tmp_path):
    path = write(tmp_path / "htx.xlsx", ["HTX A", "6100000001", "Đắk Ui", "01/03/2015"])
    out, _err = run(path, "--dry-run")
    assert "Chạy thử: tệp hợp lệ, không lưu gì." in out
    assert not Cooperative.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_lists_every_problem_and_fails_without_saving(units, district_a, tmp_path):
    path = write(
        tmp_path / "htx.xlsx",
        ["HTX A", "6100000001", "Đắk Ui", "01/03/2015"],
        ["HTX B", "6100000002", "Đăk Ruồng", "31/02/2018"],
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Không lưu gì: 2 lỗi."):
        call_command("import_registry", path, "--user", "district_a", "--kind", "cooperatives", stdout=out, stderr=err)
    assert err.getvalue().splitlines() == [
        "Dòng 3, cột 'Xã, phường, thị trấn': Xã Đăk Ruồng (Huyện Kon Rẫy) nằm ngoài địa bàn bạn được cập nhật.",
        "Dòng 3, cột 'Ngày thành lập': Ngày 31/02/2018 không có trong lịch (tháng 2/2018 không có ngày 31).",
    ]
    assert not Cooperative.objects.exists()


def test_it_asks_for_the_kind_it_cannot_recognise(units, tmp_path):
    path = write(tmp_path / "x.xlsx", ["HTX A", "6100000001", "Đắk Ui", "01/03/2015"], title="Sheet1")
    with pytest.raises(CommandError, match="hãy ghi --kind"):
        run(path)
    out, _err = run(path, "--kind", "cooperatives")
    assert "Đã lưu." in out


@pytest.mark.parametrize(
    "args, message",
    [(["khong-co.xlsx"], "Không thấy tệp"), (["{path}", "--user", "nobody"], "Không có người dùng “nobody”")],
)
def test_it_names_a_missing_file_or_user(units, tmp_path, args, message):
    path = write(tmp_path / "htx.xlsx", ["HTX A", "6100000001", "Đắk Ui", "01/03/2015"])
    with pytest.raises(CommandError, match=message):
        run(*[a.format(path=path) for a in args])
