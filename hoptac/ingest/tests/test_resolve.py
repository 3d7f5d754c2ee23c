"""Checking names without the province's agencies loaded."""

import pytest

from hoptac.ingest.parser import parse_text
from hoptac.ingest.resolve import resolve_draft


@pytest.mark.django_db
def test_it_says_when_there_are_no_agencies_to_check_against(seed_text):
    draft = resolve_draft(parse_text(seed_text))
    assert draft.warnings == ["Chưa có danh mục cơ quan, đơn vị; chưa đối chiếu được tên cơ quan trong văn bản."]
