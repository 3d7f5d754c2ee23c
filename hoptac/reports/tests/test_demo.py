"""The Kon Tum demonstration end to end: the seed directive, the demo registry and the 2018 round,
then the province's consolidated report in every format. Slow (a few seconds each), run by `make test`."""

import datetime
import io
import json
import re
import shutil
import time
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command
from docx import Document

from hoptac.audit.models import AuditEntry
from hoptac.lib import documents
from hoptac.plans.queries import active_plan
from hoptac.registry.demo import build_demo_registry
from hoptac.reports.consolidation import build_report
from hoptac.reports.demo import RETURN_REASON, build_demo_round
from hoptac.reports.models import Submission, SubmissionState
from hoptac.reports.queries import round_for_year, round_rates
from hoptac.reports.renderers import render

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
D = datetime.date


@pytest.fixture
def kontum():
    for command, options in (("load_units", {"province": "62"}), ("load_agencies", {"province": "62"}),
                             ("load_seed_plan", {})):
        call_command(command, verbosity=0, stdout=StringIO(), **options)
    build_demo_registry(seed=2018)
    directive = active_plan()
    build_demo_round(directive)
    return directive


def test_it_plays_the_demo_round_once_and_writes_the_province_report(kontum, tmp_path, capsys):
    """One world for both checks: building it takes most of the time."""
    rnd = round_for_year(kontum, 2018)
    check_demo_round(kontum, rnd)
    check_province_report(rnd, tmp_path, capsys)


def check_demo_round(directive, rnd):
    assert (rnd.opens_on, rnd.due_on, rnd.locks_on) == (D(2018, 12, 1), D(2018, 12, 20), D(2019, 1, 10))
    rates = round_rates(rnd)
    assert (rates.expected, rates.received, rates.on_time, rates.missing) == (17, 15, 12, 2)
    dak_ha = Submission.objects.get(round=rnd, agency__code="ubnd-615")
    assert (dak_ha.state, dak_ha.first_submitted_on, dak_ha.return_reason) == (
        SubmissionState.ACCEPTED, D(2018, 12, 14), RETURN_REASON)
    assert AuditEntry.objects.filter(action="reports.submission.returned", object_id=str(dak_ha.pk)).count() == 1
    before = (Submission.objects.count(), AuditEntry.objects.count())
    build_demo_round(directive)
    assert (Submission.objects.count(), AuditEntry.objects.count()) == before


def check_province_report(rnd, tmp_path, capsys):
    report = build_report(rnd, today=D(2018, 12, 28))

    started = time.perf_counter()
    docx = render(report, "docx")
    assert time.perf_counter() - started < 2

    # The report's numbers are the scorecard's.
    out = StringIO()
    call_command("scorecard", "--year", "2018", "--format", "json", stdout=out)
    printed = {(row["target"], row["unit_code"]): row for row in json.loads(out.getvalue())}
    lines = [(t.target_id, line) for t in report.targets for line in t.all_lines()]
    assert len(lines) == len(printed)
    for target_id, line in lines:
        row = printed[(target_id, line.unit_code)]
        expected = [None if row[k] is None else Decimal(str(row[k])) for k in ("target_value", "actual", "percent_achieved")]
        assert [line.target_value, line.actual, line.percent] == expected

    doc = Document(io.BytesIO(docx))
    assert len(doc.tables) == 2 + len(report.targets)
    new_htx = next(t for t in report.targets if t.indicator == "htx_new")
    assert report.section3_results[1] == (
        f"- Thành lập mới {new_htx.total.actual}/35 HTX (đạt {str(new_htx.total.percent).replace('.', ',')}%)."
    )

    if shutil.which("soffice") and shutil.which("pdftotext"):
        text = re.sub(r"\s+", " ", documents.pdf_text(documents.libreoffice_convert(docx, **documents.TIMES_COMPATIBLE)))
        for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Huyện Đăk Hà",
                       "Huyện Kon Rẫy", "Huyện Ia H'Drai", "Huyện Tu Mơ Rông"):
            assert phrase in text, phrase
        dak_ha = next(line for line in new_htx.lines if line.unit_code == "615")
        assert f"Huyện Đăk Hà {dak_ha.target_value} {dak_ha.actual} " in text
        assert f"Toàn tỉnh 35 {new_htx.total.actual} " in text

    target = tmp_path / "bao-cao-2018.docx"
    call_command("consolidated_report", "--year", "2018", "--format", "docx", "--output", str(target))
    assert "Đã ghi" in capsys.readouterr().out
    assert Document(str(target)).paragraphs

    book = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx")), read_only=True)
    assert len([name for name in book.sheetnames if name.startswith("CT")]) == len(report.targets)
    if shutil.which("pdftotext"):
        text = re.sub(r"\s+", " ", documents.pdf_text(render(report, "pdf")))
        assert "Huyện Kon Rẫy" in text and "Toàn tỉnh" in text
