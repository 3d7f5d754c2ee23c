"""Excel import of the registry: cooperatives, yearly figures, groups and Alliance members.

Each importer declares its columns (Vietnamese headers) and plans every row against the
registry as it stands, with a bounded number of queries however long the file: unit names
are looked up once per distinct name, existing records are loaded in chunks by their keys,
and the field rules of `validation.py` run on the loaded objects. Saving goes through
`registry.services`, row by row, inside the runner's single transaction; the services
check every rule again and write one audit entry per saved record.

Keys that make re-importing a file an update, never a duplicate:
- cooperatives: the registration code (mã số HTX);
- yearly figures: registration code + year;
- groups: name (ignoring accents and case) + commune;
- members: the member (cooperative by code, group by name + commune, other organisation
  by name) + its joining date, or else its current membership.

A blank cell gives no value: a new record takes the default, an existing one keeps its own.
"""

from hoptac.lib.excel import ExcelError, open_workbook
from hoptac.lib.text import fold

from .common import RegistryImporter, UnitNames
from .cooperatives import CooperativeImporter
from .groups import GroupImporter
from .members import MembershipImporter
from .years import YearFiguresImporter

__all__ = [
    "IMPORTERS",
    "CooperativeImporter",
    "GroupImporter",
    "MembershipImporter",
    "RegistryImporter",
    "UnitNames",
    "YearFiguresImporter",
    "guess_kind",
]

IMPORTERS = {
    importer.identifier: importer
    for importer in (CooperativeImporter, YearFiguresImporter, GroupImporter, MembershipImporter)
}


def guess_kind(source) -> str | None:
    """The importer whose sheet title the workbook has (the templates' titles), if exactly one."""
    try:
        workbook = open_workbook(source)
    except ExcelError:
        return None
    try:
        titles = {fold(ws.title) for ws in workbook.worksheets}
    finally:
        workbook.close()
    kinds = [kind for kind, importer in IMPORTERS.items() if fold(importer.sheet_title) in titles]
    return kinds[0] if len(kinds) == 1 else None
