#!/usr/bin/env python
"""Benchmark the indicator engine on a national-scale synthetic registry.

    .venv/bin/python bench/indicators.py            # all of Vietnam (10,810 units), 30,000 HTX, 100,000 THT
    .venv/bin/python bench/indicators.py --small    # 3 provinces, 3,000 HTX, 10,000 THT (about a minute)

For each backend — SQLite (a file under /tmp) and PostgreSQL (database `hoptac_bench` on
127.0.0.1:5432, created and dropped here, when the server answers) — a child process builds a
throwaway database, fills it with bulk_create, then times for every district:
  1. the engine: `compute_many(<seed indicators>, level="district")`;
  2. a hand-written SQL lower bound computing the same numbers (independently formulated);
  3. a naive loop: per district, per indicator, ORM queries with `in_unit()`.
It checks that the three agree, counts queries, and measures peak Python memory (tracemalloc).
The project's own database and settings file are never touched.
"""

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SQLITE_PATH = Path("/tmp/hoptac_bench.sqlite3")
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "hoptac_bench"
YEAR, BASE_YEAR = 2018, 2017
SMALL_PROVINCES = ("62", "01", "79")  # Kon Tum, Hà Nội, Hồ Chí Minh city
CODES = (
    "htx_new", "tht_new", "tht_new_commune_coverage", "value_chain_models", "value_chain_models_alliance",
    "htx_member_growth", "htx_effective_share", "htx_law2012_share", "htx_ceased_resolved_share",
    "alliance_member_growth",
)
D = datetime.date


LOG_PREFIX = ""


def log(*parts):
    print(LOG_PREFIX, *parts, file=sys.stderr, flush=True)


# --- Parent: run one child per backend, print side by side ---------------------------------------


def pg_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def sizes_file(backend: str) -> Path:
    return Path(f"/tmp/hoptac_bench.{backend}.sizes.json")


def ready_file(backend: str) -> Path:
    return Path(f"/tmp/hoptac_bench.{backend}.ready")


def run_parent(args):
    """Children load their databases at the same time, then measure one after the other."""
    backends = ["sqlite"] + (["postgres"] if not args.sqlite_only and pg_answers() else [])
    args.load_at_start = os.getloadavg()[0]
    for backend in backends:
        ready_file(backend).unlink(missing_ok=True)
    children = {}
    for backend in backends:
        cmd = [sys.executable, __file__, "--child", backend, "--backends", ",".join(backends)]
        cmd += ["--small"] if args.small else []
        cmd += [flag for flag, on in (("--keep", args.keep), ("--reuse", args.reuse)) if on]
        cmd += ["--naive-districts", str(args.naive_districts)] if args.naive_districts is not None else []
        children[backend] = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    results = {}
    try:
        for backend, proc in children.items():
            out, _ = proc.communicate()
            if proc.returncode != 0:
                log(f"{backend}: child failed with code {proc.returncode}")
                for other in children.values():
                    if other.poll() is None:
                        other.terminate()
                continue
            results[backend] = json.loads(out)
    finally:
        for backend in backends:
            ready_file(backend).unlink(missing_ok=True)
    if "postgres" not in backends:
        log("PostgreSQL did not answer on 127.0.0.1:5432: SQLite only.")
    print(report(results, args))
    return 0 if results and all(r["agree"] for r in results.values()) else 1


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def report(results: dict, args) -> str:
    names = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
    cols = list(results)
    any_r = next(iter(results.values()), None)
    lines = [
        f"Indicator engine benchmark — {datetime.date.today():%Y-%m-%d}, {os.cpu_count()} CPU ({cpu_model()}), "
        f"Python {platform.python_version()}; load average at start {args.load_at_start:.1f}",
    ]
    if any_r:
        s = any_r["sizes"]
        lines.append(
            f"Data: {s['provinces']} provinces, {s['districts']} districts, {s['communes']} communes; "
            f"{s['cooperatives']:,} HTX, {s['events']:,} events, {s['years']:,} yearly figures, "
            f"{s['groups']:,} THT, {s['memberships']:,} Alliance memberships. "
            f"{len(CODES)} indicators × {s['districts']} districts, year {YEAR} (base {BASE_YEAR})."
        )
    rows = [
        ("load data (s)", lambda r: f"{r['load_s']:.1f}"),
        ("engine (s, median / best of 5)", lambda r: f"{r['engine_s']:.3f} / {r['engine_best_s']:.3f}"),
        ("SQL lower bound (s, median / best of 5)", lambda r: f"{r['sql_s']:.3f} / {r['sql_best_s']:.3f}"),
        ("engine / SQL (medians / bests)", lambda r: f"{r['engine_s'] / r['sql_s']:.2f}× / "
                                                     f"{r['engine_best_s'] / r['sql_best_s']:.2f}×"),
        ("naive loop (s)", lambda r: f"{r['naive_s']:.1f}" + (" (extrapolated)" if r["naive_sampled"] < r["sizes"]["districts"] else "")),
        ("naive measured on districts", lambda r: f"{r['naive_sampled']} in {r['naive_measured_s']:.1f} s"),
        ("naive / engine", lambda r: f"{r['naive_s'] / r['engine_s']:.0f}×"),
        ("queries: engine", lambda r: str(r["engine_queries"])),
        ("queries: SQL", lambda r: str(r["sql_queries"])),
        ("queries: naive (all districts)", lambda r: f"{r['naive_queries_total']:,}"),
        ("peak memory engine (MiB)", lambda r: f"{r['engine_peak_mib']:.2f}"),
        ("peak memory naive (MiB)", lambda r: f"{r['naive_peak_mib']:.2f}"),
        ("engine = SQL = naive", lambda r: "yes" if r["agree"] else "NO: " + "; ".join(r["disagreements"][:3])),
    ]
    width = max(len(label) for label, _ in rows)
    header = " " * width + "  " + "  ".join(f"{names[c]:>28}" for c in cols)
    lines += ["", header]
    for label, fmt in rows:
        lines.append(f"{label:<{width}}  " + "  ".join(f"{fmt(results[c]):>28}" for c in cols))
    lines.append("")
    lines.append("Per indicator, median of 3 (engine / SQL, s):")
    for c in cols:
        per = results[c]["engine_per_indicator_s"]
        sql = results[c]["sql_per_indicator_s"]
        lines.append(f"  {names[c]}: " + ", ".join(
            f"{code} {per[code]:.3f}/{sql[code]:.3f}" for code in CODES))
    goals = []
    for c in cols:
        r = results[c]
        ratio, speedup = r["engine_s"] / r["sql_s"], r["naive_s"] / r["engine_s"]
        goals.append(
            f"{names[c]}: engine ≤ 1.5× SQL: {'met' if ratio <= 1.5 else 'MISSED'} ({ratio:.2f}×); "
            f"≥ 20× faster than naive: {'met' if speedup >= 20 else 'MISSED'} ({speedup:.0f}×)"
        )
    lines += [""] + goals
    return "\n".join(lines)


# --- Child: one backend ---------------------------------------------------------------------------


def database_config(backend: str, reuse: bool = False) -> dict:
    if backend == "sqlite":
        for suffix in ("",) if reuse else ():
            if not Path(str(SQLITE_PATH) + suffix).exists():
                raise SystemExit(f"--reuse: {SQLITE_PATH} does not exist (run once with --keep)")
        for suffix in () if reuse else ("", "-wal", "-shm", "-journal"):
            Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(SQLITE_PATH)}
    import psycopg

    if not reuse:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
    return {"ENGINE": "django.db.backends.postgresql", "NAME": PG_DB, "USER": "postgres", "HOST": "127.0.0.1",
            "PORT": "5432"}


def drop_database(backend: str):
    from django.db import connections

    connections.close_all()
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")


def setup_django(backend: str, reuse: bool = False):
    import django
    from django.conf import settings

    os.environ.pop("DATABASE_URL", None)
    import hoptac.settings as project

    conf = {name: getattr(project, name) for name in dir(project) if name.isupper()}
    conf.update(DEBUG=False, DATABASES={"default": database_config(backend, reuse)}, AXES_ENABLED=False)
    settings.configure(**conf)
    django.setup()


def run_child(args):
    setup_django(args.child, args.reuse)
    from django.core.management import call_command

    try:
        started = time.perf_counter()
        if args.reuse:
            sizes = json.loads(sizes_file(args.child).read_text())
        else:
            call_command("migrate", verbosity=0, interactive=False)
            log(f"migrated in {time.perf_counter() - started:.1f} s")
            started = time.perf_counter()
            sizes = generate(small=args.small)
            sizes_file(args.child).write_text(json.dumps(sizes))
        load_s = time.perf_counter() - started
        log(f"loaded in {load_s:.1f} s: {sizes}")
        wait_for_siblings(args)
        with measuring_alone():
            result = measure(args, sizes)
        result["load_s"] = load_s
        print(json.dumps(result))
    finally:
        if not args.keep:
            drop_database(args.child)


def wait_for_siblings(args, timeout=900):
    """Measure only once every backend has finished loading, so no load competes with a timing."""
    ready_file(args.child).touch()
    siblings = [ready_file(b) for b in (args.backends or args.child).split(",")]
    deadline = time.monotonic() + timeout
    while not all(f.exists() for f in siblings):
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for the other backend to load")
        time.sleep(0.5)


class measuring_alone:
    """An exclusive lock: one backend measures at a time."""

    def __enter__(self):
        import fcntl

        self.file = open("/tmp/hoptac_bench.lock", "w")
        fcntl.flock(self.file, fcntl.LOCK_EX)
        log("measuring")

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def load_units(small: bool):
    from hoptac.units import loaders

    if small:
        for code in SMALL_PROVINCES:
            loaders.load_units(code, successors=False)
    else:
        loaders.load_units(None, successors=False)


def generate(*, small: bool) -> dict:
    """A registry shaped like Vietnam's around 2018 (about 23,000 HTX and 100,000 THT nationally)."""
    from django.db import connection, transaction
    from django.db.models import Count

    from hoptac.lib.text import fold
    from hoptac.registry.models import (
        AllianceMembership, Cooperative, CooperativeGroup, CooperativeYear, LifecycleEvent,
    )
    from hoptac.units.models import AdminUnit, Agency

    started = time.perf_counter()
    load_units(small)
    log(f"units in {time.perf_counter() - started:.1f} s")
    rng = random.Random(2018)
    n_coops, n_groups = (3_000, 10_000) if small else (30_000, 100_000)
    communes = list(AdminUnit.objects.filter(level="commune").values_list("pk", flat=True))
    provinces = list(AdminUnit.objects.filter(level="province"))

    def day(year, lo=1, hi=12):
        return D(year, rng.randint(lo, hi), rng.randint(1, 28))

    def grade():
        return rng.choices(["tot", "kha", "trung_binh", "yeu", "chua_xep_loai"], [10, 30, 30, 10, 20])[0]

    coops, events, years = [], [], []
    for pk in range(1, n_coops + 1):
        est_year = rng.choices([rng.randint(1997, 2016), 2017, 2018, 2019], [80, 8, 9, 3])[0]
        established = day(est_year)
        name = f"Hợp tác xã Dịch vụ tổng hợp số {pk}"
        coop = Cooperative(pk=pk, name=name, name_folded=fold(name), commune_id=rng.choice(communes),
                           registration_code=f"{pk:010d}", established_on=established)
        ev = [("established", established)]
        if established < D(2013, 7, 1) and rng.random() < 0.75:
            ev.append(("reregistered", day(rng.randint(2014, 2017))))
        last = max(d for _, d in ev)
        r = rng.random()
        if r < 0.05:  # suspended, sometimes resumed
            ev.append(("suspended", last + datetime.timedelta(days=rng.randint(30, 900))))
            if rng.random() < 0.4:
                ev.append(("resumed", ev[-1][1] + datetime.timedelta(days=rng.randint(30, 400))))
        elif r < 0.14:  # ceased, often dissolved later
            ev.append(("ceased", last + datetime.timedelta(days=rng.randint(100, 2000))))
            if rng.random() < 0.6:
                ev.append((rng.choice(["dissolved_voluntary", "dissolved_compulsory"]),
                           ev[-1][1] + datetime.timedelta(days=rng.randint(30, 700))))
        elif r < 0.19:  # dissolved directly
            ev.append((rng.choice(["dissolved_voluntary", "bankrupt"]), last + datetime.timedelta(days=rng.randint(200, 3000))))
        for kind, when in ev:
            events.append(LifecycleEvent(cooperative_id=pk, kind=kind, date=when))
            if kind in ("dissolved_voluntary", "dissolved_compulsory", "bankrupt"):
                coop.dissolved_on = when
        coops.append(coop)
        flagged_2017 = rng.random() < 0.03
        for year in (2017, 2018):
            if established > D(year, 12, 31) or (coop.dissolved_on and coop.dissolved_on < D(year, 1, 1)):
                continue
            members = rng.randint(7, 300)
            workers = rng.randint(0, 40)
            flagged = flagged_2017 if year == 2017 else (flagged_2017 or rng.random() < 0.02)
            years.append(CooperativeYear(
                cooperative_id=pk, year=year, members=members, regular_workers=workers,
                revenue=Decimal(rng.randint(0, 200_000)) / 10 if rng.random() < 0.9 else None,
                profit=Decimal(rng.randint(-5_000, 20_000)) / 10 if rng.random() < 0.9 else None,
                average_income=Decimal(rng.randint(150, 900)) / 10 if workers and rng.random() < 0.9 else None,
                grade="chua_xep_loai" if established.year == year else grade(),
                is_value_chain_model=flagged,
                value_chain_funding=rng.choice(["", "trung_uong", "dia_phuong", "lmhtx_vn", "doanh_nghiep"]) if flagged else "",
            ))
    groups = []
    for pk in range(1, n_groups + 1):
        founded = day(rng.choices([rng.randint(2000, 2017), 2018, 2019], [86, 10, 4])[0])
        name = f"Tổ hợp tác sản xuất số {pk}"
        groups.append(CooperativeGroup(
            pk=pk, name=name, name_folded=fold(name), commune_id=rng.choice(communes), founded_on=founded,
            members=rng.randint(2, 30),
            dissolved_on=founded + datetime.timedelta(days=rng.randint(200, 4000)) if rng.random() < 0.1 else None,
        ))
    alliances = [Agency(code=f"lien-minh-{p.code}", name=f"Liên minh HTX {p.name}", kind="lien_minh", admin_unit=p)
                 for p in provinces]
    log(f"objects built in {time.perf_counter() - started:.1f} s")
    with transaction.atomic():
        Agency.objects.bulk_create(alliances)
        alliance_of = {a.admin_unit_id: a.pk for a in Agency.objects.filter(kind="lien_minh")}
        province_of_commune = dict(
            AdminUnit.objects.filter(level="commune").values_list("pk", "parent__parent_id")
        )
        memberships = []

        def joined_left():
            joined = day(rng.randint(2010, 2018))
            left = joined + datetime.timedelta(days=rng.randint(100, 2500)) if rng.random() < 0.1 else None
            return joined, left

        for coop in coops:
            if rng.random() < 0.3:
                joined, left = joined_left()
                memberships.append(AllianceMembership(alliance_id=alliance_of[province_of_commune[coop.commune_id]],
                                                      cooperative_id=coop.pk, joined_on=joined, left_on=left))
        for group in groups[: len(groups) // 20]:
            joined, left = joined_left()
            memberships.append(AllianceMembership(alliance_id=alliance_of[province_of_commune[group.commune_id]],
                                                  group_id=group.pk, joined_on=joined, left_on=left))
        for i in range(len(coops) // 15):
            joined, left = joined_left()
            commune = rng.choice(communes) if rng.random() < 0.5 else None
            province = province_of_commune[commune] if commune else rng.choice(provinces).pk
            memberships.append(AllianceMembership(alliance_id=alliance_of[province], organisation_name=f"Doanh nghiệp {i}",
                                                  commune_id=commune, joined_on=joined, left_on=left))
        Cooperative.objects.bulk_create(coops, batch_size=5000)
        LifecycleEvent.objects.bulk_create(events, batch_size=5000)
        CooperativeYear.objects.bulk_create(years, batch_size=5000)
        CooperativeGroup.objects.bulk_create(groups, batch_size=5000)
        AllianceMembership.objects.bulk_create(memberships, batch_size=5000)
    log(f"rows written in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = dict(AdminUnit.objects.order_by().values_list("level").annotate(n=Count("pk")))
    return {
        "provinces": counts.get("province", 0), "districts": counts.get("district", 0),
        "communes": counts.get("commune", 0), "cooperatives": len(coops), "events": len(events),
        "years": len(years), "groups": len(groups), "memberships": len(memberships),
    }


# --- The three ways of computing the numbers ----------------------------------------------------


def engine_numbers(period):
    from hoptac.indicators.engine import compute_many

    values = compute_many(CODES, period=period, level="district", base_year=BASE_YEAR)
    return {code: {uid: _key(v.numerator, v.denominator, v.breakdown) for uid, v in by_unit.items()}
            for code, by_unit in values.items()}


def _num(x):
    if x is None:
        return 0
    d = Decimal(str(x)) if isinstance(x, float) else Decimal(x)
    return int(d) if d == d.to_integral_value() else d.normalize()


def _key(num, den, breakdown=None):
    return (_num(num), None if den is None else _num(den),
            None if breakdown is None else {k: _num(v) for k, v in sorted(breakdown.items()) if v})


STATE_KINDS = "('established','resumed','suspended','ceased','dissolved_voluntary','dissolved_compulsory','bankrupt')"
DISSOLVED_KINDS = "('dissolved_voluntary','dissolved_compulsory','bankrupt')"
# The last state-changing event on or before a day, for every cooperative (window function).
LAST_STATE = f"""
    SELECT cooperative_id, kind FROM (
        SELECT cooperative_id, kind,
               ROW_NUMBER() OVER (PARTITION BY cooperative_id ORDER BY date DESC, id DESC) AS rn
        FROM registry_lifecycleevent WHERE date <= %(end)s AND kind IN {STATE_KINDS}) ranked
    WHERE rn = 1"""
FIRST_FLAGGED = """
    SELECT cooperative_id, MIN(year) AS first_year FROM registry_cooperativeyear
    WHERE is_value_chain_model = %(true)s GROUP BY cooperative_id"""

SQL = {
    "htx_new": """
        SELECT u.parent_id, COUNT(*) FROM registry_cooperative c JOIN units_adminunit u ON u.id = c.commune_id
        WHERE c.established_on BETWEEN %(start)s AND %(end)s GROUP BY u.parent_id""",
    "tht_new": """
        SELECT u.parent_id, COUNT(*) FROM registry_cooperativegroup g JOIN units_adminunit u ON u.id = g.commune_id
        WHERE g.founded_on BETWEEN %(start)s AND %(end)s GROUP BY u.parent_id""",
    "tht_new_commune_coverage": """
        SELECT u.parent_id, COUNT(n.commune_id), COUNT(*) FROM units_adminunit u
        LEFT JOIN (SELECT DISTINCT commune_id FROM registry_cooperativegroup
                   WHERE founded_on BETWEEN %(start)s AND %(end)s) n ON n.commune_id = u.id
        WHERE u.level = 'commune' AND (u.valid_from IS NULL OR u.valid_from <= %(end)s)
          AND (u.valid_to IS NULL OR u.valid_to > %(end)s)
        GROUP BY u.parent_id""",
    "value_chain_models": f"""
        SELECT u.parent_id, y.value_chain_funding, COUNT(*) FROM ({FIRST_FLAGGED}) f
        JOIN registry_cooperativeyear y ON y.cooperative_id = f.cooperative_id AND y.year = f.first_year
        JOIN registry_cooperative c ON c.id = f.cooperative_id JOIN units_adminunit u ON u.id = c.commune_id
        WHERE f.first_year BETWEEN %(year)s AND %(year)s GROUP BY u.parent_id, y.value_chain_funding""",
    "value_chain_models_alliance": f"""
        SELECT u.parent_id, y.value_chain_funding, COUNT(*) FROM ({FIRST_FLAGGED}) f
        JOIN registry_cooperativeyear y ON y.cooperative_id = f.cooperative_id AND y.year = f.first_year
        JOIN registry_cooperative c ON c.id = f.cooperative_id JOIN units_adminunit u ON u.id = c.commune_id
        WHERE f.first_year BETWEEN %(year)s AND %(year)s AND y.value_chain_funding IN ('lmhtx_vn', 'doanh_nghiep')
        GROUP BY u.parent_id, y.value_chain_funding""",
    "htx_member_growth": """
        SELECT u.parent_id,
               COALESCE(SUM(CASE WHEN y.year = %(year)s THEN y.members END), 0),
               COALESCE(SUM(CASE WHEN y.year = %(base)s THEN y.members END), 0)
        FROM registry_cooperativeyear y JOIN registry_cooperative c ON c.id = y.cooperative_id
        JOIN units_adminunit u ON u.id = c.commune_id
        WHERE (y.year = %(year)s AND c.established_on <= %(end)s AND (c.dissolved_on IS NULL OR c.dissolved_on > %(end)s))
           OR (y.year = %(base)s AND c.established_on <= %(base_end)s
               AND (c.dissolved_on IS NULL OR c.dissolved_on > %(base_end)s))
        GROUP BY u.parent_id""",
    "htx_effective_share": """
        SELECT u.parent_id, SUM(CASE WHEN y.grade IN ('tot', 'kha') THEN 1 ELSE 0 END), COUNT(*)
        FROM registry_cooperativeyear y JOIN registry_cooperative c ON c.id = y.cooperative_id
        JOIN units_adminunit u ON u.id = c.commune_id
        WHERE y.year = %(year)s AND y.grade NOT IN ('chua_xep_loai', '') GROUP BY u.parent_id""",
    "htx_law2012_share": f"""
        SELECT u.parent_id,
               SUM(CASE WHEN c.established_on >= '2013-07-01' OR r.cooperative_id IS NOT NULL THEN 1 ELSE 0 END),
               COUNT(*)
        FROM ({LAST_STATE}) l JOIN registry_cooperative c ON c.id = l.cooperative_id
        JOIN units_adminunit u ON u.id = c.commune_id
        LEFT JOIN (SELECT DISTINCT cooperative_id FROM registry_lifecycleevent
                   WHERE kind = 'reregistered' AND date <= %(end)s) r ON r.cooperative_id = c.id
        WHERE l.kind IN ('established', 'resumed') GROUP BY u.parent_id""",
    "htx_ceased_resolved_share": f"""
        SELECT u.parent_id, SUM(CASE WHEN l.kind IN {DISSOLVED_KINDS} THEN 1 ELSE 0 END), COUNT(*)
        FROM ({LAST_STATE}) l
        JOIN (SELECT DISTINCT cooperative_id FROM registry_lifecycleevent
              WHERE kind = 'ceased' AND date <= %(end)s) ce ON ce.cooperative_id = l.cooperative_id
        JOIN registry_cooperative c ON c.id = l.cooperative_id JOIN units_adminunit u ON u.id = c.commune_id
        WHERE l.kind = 'ceased' OR l.kind IN {DISSOLVED_KINDS} GROUP BY u.parent_id""",
    "alliance_member_growth": """
        SELECT COALESCE(uc.parent_id, ug.parent_id, um.parent_id) AS district,
               SUM(CASE WHEN m.joined_on <= %(end)s AND (m.left_on IS NULL OR m.left_on > %(end)s) THEN 1 ELSE 0 END),
               SUM(CASE WHEN m.joined_on <= %(base_end)s AND (m.left_on IS NULL OR m.left_on > %(base_end)s)
                        THEN 1 ELSE 0 END)
        FROM registry_alliancemembership m
        LEFT JOIN registry_cooperative c ON c.id = m.cooperative_id
        LEFT JOIN units_adminunit uc ON uc.id = c.commune_id
        LEFT JOIN registry_cooperativegroup g ON g.id = m.group_id
        LEFT JOIN units_adminunit ug ON ug.id = g.commune_id
        LEFT JOIN units_adminunit um ON um.id = m.commune_id
        WHERE m.joined_on <= %(end)s AND (m.left_on IS NULL OR m.left_on > %(base_end)s)
          AND COALESCE(uc.parent_id, ug.parent_id, um.parent_id) IS NOT NULL
        GROUP BY COALESCE(uc.parent_id, ug.parent_id, um.parent_id)""",
}
COUNT_CODES = {"htx_new", "tht_new", "value_chain_models", "value_chain_models_alliance"}
BREAKDOWN_CODES = {"value_chain_models", "value_chain_models_alliance"}


def sql_numbers(period, timings=None):
    from django.db import connection

    params = {"start": period.start, "end": period.end, "year": YEAR, "base": BASE_YEAR,
              "base_end": D(BASE_YEAR, 12, 31), "true": True}
    out = {}
    with connection.cursor() as cursor:
        for code in CODES:
            started = time.perf_counter()
            cursor.execute(SQL[code], params)
            rows = cursor.fetchall()
            if timings is not None:
                timings[code] = time.perf_counter() - started
            by_unit = {}
            if code in BREAKDOWN_CODES:
                for uid, funding, n in rows:
                    num, _den, breakdown = by_unit.get(uid, (0, None, {}))
                    breakdown[funding or ""] = breakdown.get(funding or "", 0) + n
                    by_unit[uid] = (num + n, None, breakdown)
            elif code in COUNT_CODES:
                by_unit = {uid: (n, None, None) for uid, n in rows}
            else:
                by_unit = {uid: (num, den, None) for uid, num, den in rows}
            out[code] = {uid: _key(*v) for uid, v in by_unit.items()}
    return out


def naive_numbers(period, districts):
    """What a per-unit loop looks like: for each district, each indicator with its own ORM queries."""
    from django.conf import settings
    from django.db.models import Q, Sum

    from hoptac.registry.models import (
        AllianceMembership, Cooperative, CooperativeGroup, CooperativeYear, EventKind, State,
    )
    from hoptac.units.models import AdminUnit

    start, end, base_end = period.start, period.end, D(BASE_YEAR, 12, 31)
    out = {code: {} for code in CODES}
    for d in districts:
        coops = Cooperative.objects.in_unit(d)
        groups = CooperativeGroup.objects.in_unit(d)
        years = CooperativeYear.objects.filter(cooperative__commune__path__startswith=d.path + "/")
        out["htx_new"][d.pk] = _key(coops.filter(established_on__range=(start, end)).count(), None)
        new_groups = groups.filter(founded_on__range=(start, end))
        out["tht_new"][d.pk] = _key(new_groups.count(), None)
        communes = AdminUnit.objects.filter(parent=d, level="commune").valid_on(end)
        covered = new_groups.filter(commune__in=communes).values("commune").distinct().count()
        out["tht_new_commune_coverage"][d.pk] = _key(covered, communes.count())
        first = {}
        for coop_id, year, funding in years.filter(is_value_chain_model=True, year__lte=YEAR).values_list(
                "cooperative_id", "year", "value_chain_funding"):
            if coop_id not in first or year < first[coop_id][0]:
                first[coop_id] = (year, funding)
        models_ = [funding for year, funding in first.values() if year == YEAR]
        breakdown = {f: models_.count(f) for f in set(models_)}
        alliance = {f: n for f, n in breakdown.items() if f in ("lmhtx_vn", "doanh_nghiep")}
        out["value_chain_models"][d.pk] = _key(len(models_), None, breakdown)
        out["value_chain_models_alliance"][d.pk] = _key(sum(alliance.values()), None, alliance)
        end_members = years.filter(year=YEAR, cooperative__in=coops.existing_on(end)).aggregate(n=Sum("members"))["n"]
        base_members = years.filter(year=BASE_YEAR, cooperative__in=coops.existing_on(base_end)).aggregate(
            n=Sum("members"))["n"]
        out["htx_member_growth"][d.pk] = _key(end_members, base_members or 0)
        graded = years.filter(year=YEAR).exclude(grade__in=["chua_xep_loai", ""])
        out["htx_effective_share"][d.pk] = _key(
            graded.filter(grade__in=settings.HOPTAC_EFFECTIVE_GRADES).count(), graded.count())
        active = coops.active_on(end)
        out["htx_law2012_share"][d.pk] = _key(active.compliant_on(end).count(), active.count())
        ceased = coops.filter(events__kind=EventKind.CEASED, events__date__lte=end).distinct().in_state_on(
            end, State.CEASED, State.DISSOLVED)
        out["htx_ceased_resolved_share"][d.pk] = _key(ceased.filter(state=State.DISSOLVED).count(), ceased.count())
        prefix = d.path + "/"
        members = AllianceMembership.objects.filter(
            Q(cooperative__commune__path__startswith=prefix) | Q(group__commune__path__startswith=prefix)
            | Q(cooperative__isnull=True, group__isnull=True, commune__path__startswith=prefix)
        )
        out["alliance_member_growth"][d.pk] = _key(members.member_on(end).count(), members.member_on(base_end).count())
    return out


def timed(fn, repeat=3, best=None):
    """Median wall time of `repeat` runs (and the best run, in `best` when given)."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    if best is not None:
        best.append(min(times))
    return statistics.median(times), result


def peak_mib(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def count_queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def compare(reference, other, label, units=None) -> list[str]:
    problems = []
    for code in CODES:
        for uid in (units if units is not None else set(reference[code]) | set(other[code])):
            zero = _key(0, None if code in COUNT_CODES else 0, {} if code in BREAKDOWN_CODES else None)
            a, b = reference[code].get(uid, zero), other[code].get(uid, zero)
            if a != b:
                problems.append(f"{label} {code} district {uid}: {a} != {b}")
    return problems


def measure(args, sizes) -> dict:
    from hoptac.indicators.engine import compute_many
    from hoptac.indicators.periods import Period
    from hoptac.units.models import AdminUnit

    period = Period.year(YEAR)
    districts = list(AdminUnit.objects.filter(level="district").order_by("path"))
    engine_numbers(period)  # warm caches and connections
    engine_best, sql_best = [], []
    engine_s, engine = timed(lambda: engine_numbers(period), 5, engine_best)
    engine_per = {}
    for code in CODES:
        engine_per[code], _ = timed(lambda: compute_many([code], period=period, level="district", base_year=BASE_YEAR))
    sql_numbers(period)
    sql_s, sql = timed(lambda: sql_numbers(period), 5, sql_best)
    sql_runs = []
    for _ in range(3):
        sql_runs.append({})
        sql_numbers(period, sql_runs[-1])
    sql_per = {code: statistics.median(run[code] for run in sql_runs) for code in CODES}
    log(f"engine {engine_s:.3f} s, SQL {sql_s:.3f} s")

    n_naive = len(districts) if args.naive_districts is None and args.small else (args.naive_districts or 20)
    n_naive = min(n_naive, len(districts))
    step = max(1, len(districts) // n_naive)
    sample = districts[::step][:n_naive]
    started = time.perf_counter()
    naive = naive_numbers(period, sample)
    naive_measured = time.perf_counter() - started
    naive_s = naive_measured * len(districts) / len(sample)
    log(f"naive {naive_measured:.1f} s on {len(sample)} districts")

    problems = compare(engine, sql, "engine vs SQL", units=[d.pk for d in districts])
    problems += compare(engine, naive, "engine vs naive", units=[d.pk for d in sample])
    return {
        "sizes": sizes,
        "engine_s": engine_s, "sql_s": sql_s, "engine_best_s": engine_best[0], "sql_best_s": sql_best[0], "naive_s": naive_s, "naive_measured_s": naive_measured,
        "naive_sampled": len(sample),
        "engine_per_indicator_s": engine_per, "sql_per_indicator_s": sql_per,
        "engine_queries": count_queries(lambda: engine_numbers(period)),
        "sql_queries": count_queries(lambda: sql_numbers(period)),
        "naive_queries_total": count_queries(lambda: naive_numbers(period, sample[:1])) * len(districts),
        "engine_peak_mib": peak_mib(lambda: engine_numbers(period)),
        "naive_peak_mib": peak_mib(lambda: naive_numbers(period, sample[: max(1, len(sample) // 7)])),
        "agree": not problems, "disagreements": problems[:20],
        "checked_values": len(CODES) * (len(districts) + len(sample)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="3 provinces, 3,000 HTX, 10,000 THT")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--naive-districts", type=int, default=None,
                        help="districts the naive loop runs on (default: all with --small, else 20, extrapolated)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases (for --reuse)")
    parser.add_argument("--reuse", action="store_true", help="measure again on databases kept by --keep")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--backends", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        global LOG_PREFIX
        LOG_PREFIX = f"[{args.child}]"
        run_child(args)
        return 0
    return run_parent(args)


if __name__ == "__main__":
    sys.exit(main())
