"""Helpers of the ingest page tests: Kon Tum's units and agencies, the officers, and reading a
form back from a page the way a browser would post it."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import transaction

from hoptac.accounts import permissions as perms
from hoptac.accounts.tests.actors import make_actor
from hoptac.units.agencies import load_agencies
from hoptac.units.loaders import load_units
from hoptac.units.models import AdminUnit, Agency

DOCUMENTS = Path(__file__).parent / "documents"
CHI_THI = DOCUMENTS / "chi_thi_2019.txt"
QUYET_DINH = DOCUMENTS / "quyet_dinh_2019.txt"
# Item 4 of the directive names bodies that are not agencies of the province.
CHI_THI_ITEM_4 = "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh tuyên truyền"


def chi_thi_storable() -> bytes:
    """The 2019 directive with item 4 addressed to the Alliance, so that it stores as read."""
    text = CHI_THI.read_text(encoding="utf-8")
    assert CHI_THI_ITEM_4 in text
    return text.replace(CHI_THI_ITEM_4, "Liên minh HTX tỉnh tuyên truyền").encode("utf-8")


def load_kontum():
    load_units("62")
    load_agencies("62")


@pytest.fixture(scope="module")
def kontum(django_db_setup, django_db_blocker):
    """Kon Tum's units and agencies, loaded once per module and rolled back after it."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            load_kontum()
            yield
            transaction.set_rollback(True)


def alliance_officer_of_kontum(username="lienminh"):
    return make_actor(username, perms.ALLIANCE_OFFICER, agency=Agency.objects.get(code="lien-minh-htx-tinh"))


@pytest.fixture
def lienminh(kontum, db):
    return alliance_officer_of_kontum()


@pytest.fixture
def district_officer(kontum, db):
    return make_actor("dakha", perms.DISTRICT_OFFICER, agency=Agency.objects.get(code="ubnd-615"))


@pytest.fixture
def leader(kontum, db):
    return make_actor("lanhdao", perms.PROVINCE_LEADER, admin_unit=AdminUnit.objects.get(level=AdminUnit.Level.PROVINCE, code="62"))


class _FormReader(HTMLParser):
    """The fields of the form posting to `action`, as a browser would send them (no button)."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.data: dict[str, str] = {}
        self.textarea: str | None = None
        self.select: str | None = None
        self.select_first: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self.data[name] = attrs.get("value") or "on"
            else:
                self.data[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self.select, self.select_first = name, None
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.select_first is None:
                self.select_first = value
                self.data.setdefault(self.select, value)
            if "selected" in attrs:
                self.data[self.select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            # Browsers drop the newline that opens a textarea's content.
            value = self.data[self.textarea]
            self.data[self.textarea] = value[1:] if value.startswith("\n") else value
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def form_data(response, action="/ingest/review/") -> dict[str, str]:
    reader = _FormReader(action)
    reader.feed(response.content.decode())
    assert reader.data, f"no form posting to {action}"
    return reader.data


def field_name(data: dict, task_number: str, field: str) -> str:
    """The name of a field of the task numbered `task_number` in the posted data."""
    for name, value in data.items():
        if name.endswith("-number") and name.startswith("task-") and value == task_number and "-target-" not in name:
            return name[: -len("number")] + field
    raise AssertionError(f"no task numbered {task_number}")
