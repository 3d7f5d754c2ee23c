"""Reading the overview pages as a user (or a script) would: the grid's cells, the cards, the links."""

import html
import re

CELL = re.compile(r'<td class="num" data-target="(\d+)" data-actual="([^"]*)" title="([^"]*)">(.*?)</td>', re.S)
ROW = re.compile(r'<tr data-unit="([^"]+)">(.*?)</tr>', re.S)
LINK = re.compile(r'href="(/indicators/[^"]+)"')


def grid_cells(page: str) -> dict[tuple[str, int], dict]:
    """{(unit code or "total", target id): {"actual": "...", "text": "...", "url": "..."}} from the scorecard grid."""
    grid = page.split('id="scorecard"', 1)[1].split("</table>", 1)[0]
    cells = {}
    for unit, row in ROW.findall(grid):
        for target, actual, title, inner in CELL.findall(row):
            link = LINK.search(inner)
            text = html.unescape(re.sub(r"<span class=\"visually-hidden\">.*?</span>|<[^>]+>", "", inner)).strip()
            cells[(unit, int(target))] = {
                "actual": actual,
                "text": text,
                "title": html.unescape(title),
                "url": html.unescape(link.group(1)) if link else "",
            }
    return cells


def json_text(value) -> str:
    """How the page writes a scorecard JSON figure in data-actual."""
    return "" if value is None else str(value)


def text_of(page: str) -> str:
    """The visible text of <main> (or of a fragment), one run of whitespace per gap."""
    main = page.split('<main id="main">', 1)[1].split("</main>", 1)[0] if '<main id="main">' in page else page
    main = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main))).strip()


def drilldown_links(page: str) -> list[str]:
    return sorted({html.unescape(url) for url in LINK.findall(page)})


def record_ids(page: str) -> list[str]:
    """The records a drill-down page lists: "cooperative-12", "group-3", "unit-40" …"""
    return re.findall(r'<tr data-record="([^"]+)"', page)
