"""The consolidated report as PDF: the HTML template rendered by WeasyPrint with the vendored Tinos font
(metric-compatible with Times New Roman, full Vietnamese coverage), so any machine renders it alike."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from hoptac.lib import documents as d

from ..report import ConsolidatedReport
from . import common

TEMPLATE = "reports/consolidated_report.html"


def context(report: ConsolidatedReport) -> dict:
    titles = {key.replace(".", "_"): value for key, value in common.section_titles(report).items()}
    targets = []
    for index, table in enumerate(report.targets, start=1):
        targets.append({
            "caption": common.target_caption(index, table),
            "sentence": common.target_sentence(table),
            "header": common.target_header(table),
            "rows": common.target_rows(table),
            "has_total": table.total is not None,
        })
    tasks = [
        {
            "title": common.task_title(task),
            "status": "" if task.is_heading else common.task_status_text(task),
            "leads": [] if task.is_heading else [common.lead_text(line) for line in task.leads],
        }
        for task in report.tasks
    ]
    return {
        "report": report,
        "titles": titles,
        "targets": targets,
        "tasks": tasks,
        "status_summary": common.status_summary(report),
        "national_title": d.NATIONAL_TITLE,
        "national_motto": d.NATIONAL_MOTTO,
        "font_faces": d.font_face_css(),
    }


def render_html(report: ConsolidatedReport) -> str:
    with translation.override("vi"):
        return render_to_string(TEMPLATE, context(report))


def render(report: ConsolidatedReport) -> bytes:
    return d.html_to_pdf(render_html(report))
