"""Excel pages of the registry: templates, exports, and the two-step import (preview, confirm).

The uploaded file waits in a private temporary directory, named by a random token kept in
the user's session, between the preview and the confirmation; confirming checks the file
again and saves all rows in one transaction or none. Nothing of an import is stored in the
database until then, and the file is removed once the import is saved or abandoned.
"""

import re
import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hoptac.accounts import access
from hoptac.accounts import permissions as perms
from hoptac.accounts.decorators import requires
from hoptac.lib.dates import reference_date_from
from hoptac.lib.excel import FORMATS, XLSX_CONTENT_TYPE
from hoptac.lib.importing import general_notes, import_file, template_workbook
from hoptac.lib.vi_format import format_vi_number

from .exporters import EXPORTERS
from .importers import IMPORTERS

SESSION_KEY = "registry_excel_import"
PENDING_MAX_AGE = 24 * 3600  # seconds an abandoned upload is kept
SHOWN_PROBLEMS = 300
SHOWN_ROWS = 200
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def max_upload_bytes() -> int:
    return getattr(settings, "HOPTAC_IMPORT_MAX_MB", 10) * 1024 * 1024


def _pending_dir() -> Path:
    directory = Path(getattr(settings, "HOPTAC_IMPORT_DIR", "") or Path(tempfile.gettempdir()) / "hoptac-imports")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _pending_path(token: str) -> Path:
    if not _TOKEN.match(token or ""):
        raise Http404
    return _pending_dir() / f"{token}.xlsx"


def _sweep_old_uploads() -> None:
    limit = time.time() - PENDING_MAX_AGE
    for path in _pending_dir().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


def _forget_pending(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        _pending_path(pending["token"]).unlink(missing_ok=True)


def _importable(user) -> list[tuple[str, str]]:
    return [(kind, str(importer.verbose_name)) for kind, importer in IMPORTERS.items() if access.has_right(user, importer.right)]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại dữ liệu"))
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _importable(user)
        self.fields["file"].help_text = _("Tối đa %(mb)s MB; dùng tệp mẫu để có đúng tên cột.") % {
            "mb": format_vi_number(max_upload_bytes() // (1024 * 1024))
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("Tệp nặng %(size)s MB, vượt giới hạn %(limit)s MB.")
                % {"size": format_vi_number(upload.size / (1024 * 1024), 1), "limit": format_vi_number(max_upload_bytes() // (1024 * 1024))}
            )
        return upload


def _kinds(user):
    return [
        {
            "kind": kind,
            "label": exporter.verbose_name,
            "can_import": kind in IMPORTERS and access.has_right(user, IMPORTERS[kind].right),
            "has_date": kind == "cooperatives",
            "has_year": kind == "years",
        }
        for kind, exporter in EXPORTERS.items()
    ]


def _page(request, template, context):
    return render(request, f"registry/excel/{template}", context)


@requires(perms.REGISTRY_READ)
@require_GET
def excel_home(request):
    context = {"kinds": _kinds(request.user), "notes": general_notes(max_bytes=max_upload_bytes())}
    if _importable(request.user):
        context["form"] = ImportForm(user=request.user)
    return _page(request, "home.html", context)


@requires(perms.REGISTRY_READ)
@require_GET
def download_template(request, kind):
    importer_class = IMPORTERS.get(kind)
    if importer_class is None:
        raise Http404
    if not access.has_right(request.user, importer_class.right):
        raise PermissionDenied
    importer = importer_class(actor=request.user)
    content = template_workbook(importer, general_notes=general_notes(max_bytes=max_upload_bytes()))
    return _attachment(content, XLSX_CONTENT_TYPE, f"mau-nhap-{EXPORTERS[kind].filename_stem}.xlsx")


@requires(perms.REGISTRY_READ)
@require_GET
def export(request, kind):
    exporter_class = EXPORTERS.get(kind)
    if exporter_class is None:
        raise Http404
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return _bad_request(_("Định dạng “%(format)s” không có; chọn xlsx hoặc csv.") % {"format": fmt})
    on, error = reference_date_from(request.GET, param="ngay")
    if error:
        return _bad_request(error)
    year = request.GET.get("nam") or None
    if year is not None:
        if not year.isdigit():
            return _bad_request(_("Năm “%(year)s” không hợp lệ.") % {"year": year})
        year = int(year)
    exported = exporter_class(request.user, on=on, year=year).render(fmt)
    return _attachment(exported.content, exported.content_type, exported.filename)


def _bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _preview_context(report, importer, **extra):
    problems = report.all_problems()
    by_action = {action: report.rows_with(action) for action in ("create", "update", "unchanged")}
    return {
        "report": report,
        "counts": report.counts(),
        "problems": [str(p) for p in problems[:SHOWN_PROBLEMS]],
        "more_problems": max(0, len(problems) - SHOWN_PROBLEMS),
        "warnings": [str(w) for w in report.warnings()[:SHOWN_PROBLEMS]],
        "creates": [(row.row_number, importer.describe(row)) for row in by_action["create"][:SHOWN_ROWS]],
        "updates": [
            (row.row_number, importer.describe(row), importer.change_list(row)) for row in by_action["update"][:SHOWN_ROWS]
        ],
        "more_creates": max(0, len(by_action["create"]) - SHOWN_ROWS),
        "more_updates": max(0, len(by_action["update"]) - SHOWN_ROWS),
        "shown_rows": SHOWN_ROWS,
        **extra,
    }


@requires(perms.REGISTRY_WRITE)
@require_http_methods(["GET", "POST"])
def upload(request):
    if not _importable(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None, user=request.user)
    if not posted or not form.is_valid():
        context = {"form": form, "kinds": _kinds(request.user), "notes": general_notes(max_bytes=max_upload_bytes())}
        return _page(request, "home.html", context)

    _forget_pending(request)
    _sweep_old_uploads()
    kind, upload_file = form.cleaned_data["kind"], form.cleaned_data["file"]
    token = secrets.token_hex(16)
    path = _pending_path(token)
    with path.open("wb") as target:
        for chunk in upload_file.chunks():
            target.write(chunk)
    importer = IMPORTERS[kind](actor=request.user)
    report = import_file(importer, path, commit=False, file_name=upload_file.name, max_bytes=max_upload_bytes())
    if report.is_valid:
        request.session[SESSION_KEY] = {"token": token, "kind": kind, "file_name": upload_file.name}
    else:
        path.unlink(missing_ok=True)
    return _page(request, "preview.html", _preview_context(report, importer, kind=kind))


@requires(perms.REGISTRY_WRITE)
@require_POST
def confirm(request):
    pending = request.session.get(SESSION_KEY)
    if not pending or not _pending_path(pending["token"]).exists():
        request.session.pop(SESSION_KEY, None)
        messages.warning(request, _("Không còn tệp đang chờ nhập (đã nhập, đã huỷ hoặc quá hạn). Hãy tải tệp lên lại."))
        return redirect("registry_excel:home")
    importer_class = IMPORTERS[pending["kind"]]
    if not access.has_right(request.user, importer_class.right):
        raise PermissionDenied
    importer = importer_class(actor=request.user)
    path = _pending_path(pending["token"])
    report = import_file(importer, path, commit=True, file_name=pending["file_name"], max_bytes=max_upload_bytes())
    _forget_pending(request)
    if not report.saved:
        context = _preview_context(report, importer, kind=pending["kind"], refused_on_save=True)
        return _page(request, "preview.html", context)
    counts = report.counts()
    messages.success(
        request,
        _("Đã nhập “%(file)s”: %(create)s thêm mới, %(update)s cập nhật, %(unchanged)s không đổi.")
        % {"file": pending["file_name"], **counts},
    )
    return redirect("registry_excel:home")


@requires(perms.REGISTRY_WRITE)
@require_POST
def cancel(request):
    _forget_pending(request)
    messages.info(request, _("Đã huỷ; không có gì được lưu."))
    return redirect("registry_excel:home")
