"""manage.py ingest_directive FILE: print the draft plan extracted from a directive's text."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from hoptac.ingest.errors import ParseError
from hoptac.ingest.parser import DEFAULT_BUDGET_SECONDS, parse_path


class Command(BaseCommand):
    help = "Đọc một văn bản chỉ đạo (.txt, .md, .docx) và in kế hoạch dự thảo theo định dạng hoptac.plan/1."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp văn bản: .txt, .md hoặc .docx")
        parser.add_argument("--format", choices=["json"], default="json", help="Định dạng đầu ra (json)")
        parser.add_argument(
            "--spans", action="store_true", help="Thêm vị trí (source) của từng thời hạn và chỉ tiêu, để tô sáng trong văn bản"
        )
        parser.add_argument(
            "--no-db", action="store_true", help="Không đối chiếu tên cơ quan với danh mục trong cơ sở dữ liệu"
        )
        parser.add_argument("--timeout", type=float, default=DEFAULT_BUDGET_SECONDS, help="Thời gian tối đa (giây)")

    def handle(self, *args, file, spans, no_db, timeout, **options):
        lexicon = None
        if not no_db:
            from hoptac.ingest.resolve import db_lexicon

            try:
                lexicon = db_lexicon()
            except DatabaseError:
                lexicon = None  # no database yet: the text is still parsed
        try:
            draft = parse_path(file, lexicon=lexicon, budget_seconds=timeout)
        except ParseError as exc:
            raise CommandError(str(exc)) from None
        if not no_db and lexicon is None:
            draft.add_warning(_("Không truy cập được cơ sở dữ liệu; chưa đối chiếu tên cơ quan."))
        elif not no_db:
            from hoptac.ingest.resolve import resolve_draft

            try:
                resolve_draft(draft)
            except DatabaseError:
                draft.add_warning(_("Không truy cập được cơ sở dữ liệu; chưa đối chiếu tên cơ quan."))
        self.stdout.write(json.dumps(draft.to_json(spans=spans), ensure_ascii=False, indent=2))
