"""The plan JSON format: export, validated import, and the round trip between them."""

import copy
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hoptac.audit.models import AuditEntry
from hoptac.plans import plan_json, services
from hoptac.plans.models import Assignment, Directive, Target, Task

SEED_JSON = Path(__file__).resolve().parents[1] / "seed" / "kontum_2018.plan.json"


@pytest.fixture
def seed_data():
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


def small_plan(**changes):
    data = {
        "format": "hoptac.plan/1",
        "document": {
            "type": "kế hoạch",
            "number": "15/KH-UBND",
            "issued_on": "2019-01-20",
            "issuer": "UBND tỉnh Kon Tum",
            "subject": "Kế hoạch phát triển kinh tế tập thể năm 2019",
            "signer": {"name": None, "title": None},
            "basis": [],
            "recipients": ["Các sở, ban ngành"],
        },
        "tasks": [
            {
                "number": "1",
                "text": "Thành lập mới HTX",
                "lead": ["Ủy ban nhân dân các huyện, thành phố"],
                "coordinate": ["Liên minh HTX tỉnh"],
                "deadline": {"kind": "once", "start": None, "due": "2019-12-31", "recurrence": None, "as_written": "trong năm 2019"},
                "targets": [
                    {
                        "text": "thành lập mới 3 HTX",
                        "indicator": "htx_new",
                        "comparator": ">=",
                        "value": 3,
                        "unit": "HTX",
                        "base_year": None,
                        "year": None,
                        "per_unit_level": None,
                        "allocations": [{"unit": "UBND huyện Đăk Hà", "value": 2}, {"unit": "UBND TP Kon Tum", "value": 1}],
                    }
                ],
                "source": None,
            }
        ],
        "warnings": [],
    }
    data.update(changes)
    return data


def test_it_exports_the_stored_seed_exactly_as_the_canonical_file(seed_directive):
    assert plan_json.dumps(plan_json.export_plan(seed_directive)) == SEED_JSON.read_text(encoding="utf-8")


def test_it_exports_keys_in_the_documented_order(seed_directive):
    data = plan_json.export_plan(seed_directive)
    assert list(data) == ["format", "document", "tasks", "warnings"]
    assert list(data["document"]) == ["type", "number", "issued_on", "issuer", "subject", "signer", "basis", "recipients"]
    assert list(data["tasks"][0]) == ["number", "text", "lead", "coordinate", "deadline", "targets", "source"]
    assert list(data["tasks"][0]["deadline"]) == ["kind", "start", "due", "recurrence", "as_written"]
    target = next(t for t in data["tasks"] if t["number"] == "1.2")["targets"][1]
    assert list(target) == ["text", "indicator", "comparator", "value", "unit", "base_year", "year", "per_unit_level", "allocations"]
    assert target["value"] == 35 and isinstance(target["value"], int)
    assert target["allocations"][0] == {"unit": "Ủy ban nhân dân thành phố Kon Tum", "value": 7}


def test_it_round_trips_export_import_export(seed_directive, officer):
    first = plan_json.dumps(plan_json.export_plan(seed_directive))
    source = seed_directive.source_text
    seed_directive.delete()
    again = services.create_plan_from_json(json.loads(first), actor=officer, source_text=source)
    assert plan_json.dumps(plan_json.export_plan(again)) == first


def test_it_round_trips_a_plan_without_source_text(kontum_agencies, officer):
    directive = services.create_plan_from_json(small_plan(), actor=officer)
    first = plan_json.export_plan(directive)
    assert first["document"]["issuer"] == "UBND tỉnh Kon Tum"  # as written, though the agency's name is longer
    assert directive.issuer.name == "Ủy ban nhân dân tỉnh Kon Tum"
    assert first["tasks"][0]["targets"][0]["year"] == 2019  # the deadline's year
    assert first["tasks"][0]["source"] is None
    directive.delete()
    second = plan_json.export_plan(services.create_plan_from_json(first, actor=officer))
    assert second == first


def test_it_stores_a_plan_with_one_audit_entry(kontum_agencies, officer):
    directive = services.create_plan_from_json(small_plan(), actor=officer)
    assert directive.year == 2019 and directive.number == "15/KH-UBND"
    assert Assignment.objects.filter(task__directive=directive, role="lead").count() == 10
    assert Assignment.objects.get(task__directive=directive, role="coordinate").agency.kind == "lien_minh"
    entry = AuditEntry.objects.get(action="plans.directive.created")
    assert entry.actor == officer and entry.object_id == str(directive.pk) and entry.data["assignments"] == 11


def test_it_refuses_allocations_that_do_not_add_up_with_the_numbers(seed_data, kontum_agencies, officer):
    seed_data["tasks"][2]["targets"][1]["allocations"][0]["value"] = 6  # 7 → 6: 34 instead of 35
    with pytest.raises(plan_json.PlanError) as caught:
        services.create_plan_from_json(seed_data, actor=officer)
    assert caught.value.errors == ["Nhiệm vụ 1.2, chỉ tiêu 2: Tổng phân bổ 34 khác chỉ tiêu 35"]
    assert not Directive.objects.exists()


def test_it_lists_every_error_at_once_and_stores_nothing(kontum_agencies, officer):
    data = small_plan()
    data["document"]["issued_on"] = "31/02/2019"
    task = data["tasks"][0]
    task["lead"].append("Sở Kế hoạch và Đầu tuu")
    task["coordinate"] = ["Ủy ban nhân dân huyện Đăk Hàa"]
    task["deadline"] = {"kind": "window", "start": None, "due": "2019-13-01", "recurrence": None, "as_written": None}
    task["targets"][0]["comparator"] = ">"
    data["tasks"].append(copy.deepcopy(task))
    audit_before = AuditEntry.objects.count()
    with pytest.raises(plan_json.PlanError) as caught:
        services.create_plan_from_json(data, actor=officer)
    errors = caught.value.errors
    text = "\n".join(errors)
    assert "Văn bản, ngày ban hành: Ngày 31/02/2019 không có trong lịch" in text
    assert "Nhiệm vụ 1: số thứ tự bị trùng (2 lần)." in errors
    assert "Nhiệm vụ 1, chủ trì: không tìm thấy cơ quan “Sở Kế hoạch và Đầu tuu”; gần nhất: Sở Kế hoạch và Đầu tư" in text
    assert "Nhiệm vụ 1, phối hợp: không tìm thấy cơ quan “Ủy ban nhân dân huyện Đăk Hàa”; gần nhất: Ủy ban nhân dân huyện Đăk Hà" in text
    assert "tháng 13 không có" in text
    assert "phép so sánh “>” không hợp lệ" in text
    assert len(errors) >= 8
    assert not Directive.objects.exists() and not Task.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_it_refuses_a_second_copy_of_the_same_plan(kontum_agencies, officer):
    services.create_plan_from_json(small_plan(), actor=officer)
    with pytest.raises(plan_json.PlanError, match="đã có trong hệ thống"):
        services.create_plan_from_json(small_plan(), actor=officer)
    assert Directive.objects.count() == 1


def test_it_refuses_a_file_of_another_format(kontum_agencies, officer):
    with pytest.raises(plan_json.PlanError, match="hoptac.plan/1"):
        services.create_plan_from_json(small_plan(format="other/2"), actor=officer)
    with pytest.raises(plan_json.PlanError, match="dòng 1"):
        plan_json.loads("{not json")


def test_it_skips_the_sum_check_for_percentages_and_per_unit_floors(kontum_agencies, officer):
    data = small_plan()
    target = data["tasks"][0]["targets"][0]
    target.update(unit="%", value=50, allocations=[{"unit": "UBND huyện Đăk Hà", "value": 50}, {"unit": "UBND TP Kon Tum", "value": 60}])
    directive = services.create_plan_from_json(data, actor=officer)
    assert Target.objects.get(task__directive=directive).allocations.count() == 2


def test_export_and_import_commands_write_and_read_the_format(seed_directive, tmp_path, capsys):
    out = tmp_path / "plan.json"
    call_command("export_plan", str(seed_directive.pk), "--format", "json", "--output", str(out))
    assert out.read_text(encoding="utf-8") == SEED_JSON.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="đã có trong hệ thống"):
        call_command("import_plan", str(out))
    seed_directive.delete()
    call_command("import_plan", str(out), "--source", str(SEED_JSON.with_name("kontum_2018.txt")))
    printed = capsys.readouterr().out
    assert "17 nhiệm vụ, năm kế hoạch 2018" in printed and "Lưu ý: Nhiệm vụ 4" in printed
    assert Directive.objects.get().source_text.startswith("\n\nVề việc")


def test_import_command_reports_errors_in_vietnamese(kontum_agencies, tmp_path):
    bad = small_plan()
    bad["tasks"][0]["targets"][0]["allocations"][0]["value"] = 5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_plan", str(path))
    assert "(1 lỗi), chưa lưu gì" in str(caught.value)
    assert "Tổng phân bổ 6 khác chỉ tiêu 3" in str(caught.value)
    assert not Directive.objects.exists()
