from pathlib import Path

import pytest
from django.conf import settings

DOCUMENTS = Path(__file__).parent / "documents"
SEED_TEXT = Path(settings.BASE_DIR) / "hoptac" / "plans" / "seed" / "kontum_2018.txt"
SEED_PLAN = Path(settings.BASE_DIR) / "hoptac" / "plans" / "seed" / "kontum_2018.plan.json"
SHARED_SEED = Path("/work/shared/seed/kontum-2018-htx-directive.txt")


def seed_text_path() -> Path:
    if SEED_TEXT.exists():
        return SEED_TEXT
    if SHARED_SEED.exists():
        return SHARED_SEED
    pytest.skip("the seed directive text is not in the tree")


@pytest.fixture
def seed_path() -> Path:
    return seed_text_path()


@pytest.fixture
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")
