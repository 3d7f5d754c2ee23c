import datetime


def d(text: str) -> datetime.date:
    """d("31/12/2018") — dates in tests read as users write them."""
    day, month, year = (int(part) for part in text.split("/"))
    return datetime.date(year, month, day)
