def doc(vi: str, en: str) -> str:
    """A field or parameter description: Vietnamese first, then English."""
    return f"{vi} / {en}"
