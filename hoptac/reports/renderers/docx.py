"""The consolidated report as a Word document in the format of Nghị định 30/2020/NĐ-CP."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from hoptac.lib import documents as d

from ..report import ConsolidatedReport
from . import common

BODY_INDENT_MM = 12.7
TARGET_WIDTHS_MM = (10, 53, 25, 32, 22, 23)


def _body(doc, text: str, **fmt):
    return d.add_paragraph(doc, text, align="justify", first_line_mm=BODY_INDENT_MM, **fmt)


def _paragraphs(doc, paragraphs):
    for text in paragraphs:
        # Lines of a list written by the consolidator keep their dash and no indent.
        if text.startswith(("- ", "+ ", "• ")):
            d.add_paragraph(doc, text, align="justify", first_line_mm=0)
        else:
            _body(doc, text)


def _heading(doc, text: str, level: int):
    paragraph = doc.add_paragraph(style=f"Heading {level}")
    d.set_run_font(paragraph.add_run(text))
    paragraph.paragraph_format.first_line_indent = d.Mm(BODY_INDENT_MM) if level > 1 else None
    return paragraph


def _title_block(doc, report: ConsolidatedReport):
    d.add_paragraph(doc, report.doc_kind, bold=True, size=14, align="center", space_before=18, space_after=0)
    d.add_paragraph(doc, report.subject, bold=True, size=14, align="center", space_after=0)
    rule = d.add_paragraph(doc, "", align="center", space_after=12)
    fmt = rule.paragraph_format
    fmt.left_indent = fmt.right_indent = d.Mm((d.text_width_mm(doc) - 40) / 2)
    fmt.line_spacing = d.Pt(4)
    d.set_paragraph_border(rule, "bottom", size=6)


def _targets(doc, report: ConsolidatedReport, titles):
    _heading(doc, titles["II.1"], 2)
    if not report.targets:
        _body(doc, _("Văn bản không giao chỉ tiêu định lượng."))
    for index, table in enumerate(report.targets, start=1):
        d.add_paragraph(doc, common.target_caption(index, table), bold=True, align="justify",
                        first_line_mm=BODY_INDENT_MM, keep_with_next=True)
        sentence = common.target_sentence(table)
        if sentence:
            _body(doc, sentence, keep_with_next=True)
        rows = common.target_rows(table)
        d.add_table(doc, common.target_header(table), rows, widths_mm=TARGET_WIDTHS_MM, size=12,
                    align=("center", "left", "right", "right", "right", "center"),
                    bold_rows=[len(rows) - 1] if table.total else [])
        d.add_paragraph(doc, "", space_after=0)


def _tasks(doc, report: ConsolidatedReport, titles):
    _heading(doc, titles["II.2"], 2)
    summary = common.status_summary(report)
    if summary:
        _body(doc, summary)
    for task in report.tasks:
        d.add_paragraph(doc, common.task_title(task), bold=True, align="justify",
                        first_line_mm=BODY_INDENT_MM, keep_with_next=True)
        if task.is_heading:
            continue
        status = common.task_status_text(task)
        if status:
            d.add_paragraph(doc, status, italic=True, align="justify", first_line_mm=BODY_INDENT_MM)
        for line in task.leads:
            d.add_paragraph(doc, common.lead_text(line), align="justify", first_line_mm=BODY_INDENT_MM)


def render(report: ConsolidatedReport) -> bytes:
    with translation.override("vi"):
        return _render(report)


def _render(report: ConsolidatedReport) -> bytes:
    doc = d.new_document()
    titles = common.section_titles(report)
    doc.core_properties.title = f"{report.doc_kind} {report.subject}"
    doc.core_properties.author = report.issuer
    doc.core_properties.language = "vi-VN"

    d.add_official_header(doc, parent_body=report.parent_body, issuer=report.issuer, number=report.number_line,
                          place_date=report.place_date)
    _title_block(doc, report)
    if report.opening:
        _body(doc, report.opening)

    _heading(doc, titles["I"], 1)
    _paragraphs(doc, report.section1)

    _heading(doc, titles["II"], 1)
    _targets(doc, report, titles)
    _tasks(doc, report, titles)

    _heading(doc, titles["III"], 1)
    _heading(doc, titles["III.1"], 2)
    _paragraphs(doc, report.section3_results)
    _heading(doc, titles["III.2"], 2)
    _paragraphs(doc, report.section3_limitations)
    _heading(doc, titles["III.3"], 2)
    _paragraphs(doc, report.section3_causes)

    _heading(doc, titles["IV"], 1)
    _paragraphs(doc, report.section4)
    _heading(doc, titles["V"], 1)
    _paragraphs(doc, report.section5)

    if report.closing:
        _body(doc, report.closing)
    d.add_signature_block(doc, recipients=report.recipients, authority=report.signer_authority,
                          title=report.signer_title, name=report.signer_name)
    d.add_page_numbers(doc)
    if report.is_demo:
        footer = doc.sections[0].footer
        for target in (footer, doc.sections[0].first_page_footer):
            target.is_linked_to_previous = False
            d.add_paragraph(target, _("DỮ LIỆU MẪU — không dùng làm văn bản chính thức"), italic=True, size=10,
                            align="center")
    return d.docx_bytes(doc)
