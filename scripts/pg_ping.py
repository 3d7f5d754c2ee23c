"""Exit 0 when the PostgreSQL server of the given URL accepts a connection."""

import sys

import psycopg

try:
    url = sys.argv[1].replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, connect_timeout=3):
        pass
except Exception:
    sys.exit(1)
