"""Reporting periods: a closed date range [start, end]."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Period:
    """A closed range of days. Flows ("established in the period") count events with
    start <= date <= end; stocks ("active at the end of the period") are read on `end`."""

    start: datetime.date
    end: datetime.date

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError(f"Period starts after it ends: {self.start} > {self.end}")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if quarter not in (1, 2, 3, 4):
            raise ValueError(f"Quarter must be 1..4, got {quarter}")
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = datetime.date(year, 12, 31) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
        return cls(start, end)

    @classmethod
    def year_to_date(cls, day: datetime.date) -> "Period":
        """From 1 January of `day`'s year to `day`: progress so far in a year."""
        return cls(datetime.date(day.year, 1, 1), day)

    @property
    def figures_year(self) -> int:
        """The year whose yearly figures (CooperativeYear) describe this period: the year it ends in."""
        return self.end.year

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    def is_whole_year(self) -> bool:
        return self == Period.year(self.start.year)

    def __str__(self):
        if self.is_whole_year():
            return f"{self.start.year}"
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)
