"""Renderers of the consolidated report: each takes a `report.ConsolidatedReport` and returns bytes."""

FORMATS = {
    "docx": ("hoptac.reports.renderers.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("hoptac.reports.renderers.pdf", "application/pdf"),
    "xlsx": ("hoptac.reports.renderers.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def render(report, fmt: str) -> bytes:
    """The report as `fmt` ("docx", "pdf" or "xlsx")."""
    import importlib

    if fmt not in FORMATS:
        raise ValueError(f"Unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return importlib.import_module(FORMATS[fmt][0]).render(report)


def content_type(fmt: str) -> str:
    return FORMATS[fmt][1]
