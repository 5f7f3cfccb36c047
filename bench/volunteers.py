#!/usr/bin/env python
"""The interest dashboard and the volunteer admin list with many volunteers.

Creates a PostgreSQL database, fills it with N volunteers (20,000 by default:
users, registrations, 1–3 languages each, 1–2 applications each across nine
teams, sign-ups spread over six months), then requests, in this process
through Django's test client as a signed-in moderator:

- the baseline: the same dashboard with one volunteer, measured first;
- the dashboard with N volunteers;
- the applications list (first page of 50) with N volunteers.

Each page is requested `--repeat` times after two warm-up requests; the
script prints the median and 95th percentile of the server time (the whole
request through Django's handler: middleware, view, queries, template) and
the number of queries, writes bench/results/volunteers.json and .md, and
rewrites the table in the README between the volunteers-table markers.

Goal: the dashboard's median under 300 ms with 20,000 volunteers, and the
same number of queries as with one.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import _common  # noqa: E402
from _common import log  # noqa: E402

RESULTS = ROOT / "bench" / "results"
DATABASE = "portal_bench_volunteers"
GOAL_MS = 300.0


def recreate_database(drop_only: bool = False) -> str | None:
    return _common.recreate_database(DATABASE, drop_only=drop_only)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]


def fill(count: int, *, seed: int = 11) -> None:
    """Bulk inserts: a few statements per thousand volunteers."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from volunteers.demo import TEAMS
    from volunteers.models import Application, ApplicationState, HeardFrom, Team, Volunteer, VolunteerLanguage

    rng = random.Random(seed)
    User = get_user_model()
    teams = [
        Team.objects.get_or_create(
            slug=slug, defaults={"name_en": name, "join_policy": policy, "sort_order": i}
        )[0]
        for i, (slug, name, _es, _description, policy) in enumerate(TEAMS)
    ]
    languages = ["en", "es", "fr", "it", "de", "zh-hans", "af", "el", "tr"]
    zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Shanghai", "America/Sao_Paulo",
             "Africa/Lagos", "Australia/Sydney", "Europe/Madrid", "Asia/Tokyo", "UTC"]  # fmt: skip
    states = [ApplicationState.PENDING, ApplicationState.APPROVED, ApplicationState.APPROVED,
              ApplicationState.WAITLISTED, ApplicationState.DECLINED, ApplicationState.WITHDRAWN]  # fmt: skip
    now = timezone.now()
    password = make_password(None)
    start = User.objects.count()
    batch = 2000
    for offset in range(0, count, batch):
        size = min(batch, count - offset)
        users = User.objects.bulk_create(
            [
                User(
                    username=f"bench{start + offset + i}@bench.example",
                    email=f"bench{start + offset + i}@bench.example",
                    password=password,
                    last_login=now - datetime.timedelta(days=rng.randint(0, 200)),
                )
                for i in range(size)
            ]
        )
        volunteers = Volunteer.objects.bulk_create(
            [
                Volunteer(
                    user=user,
                    display_name=f"Volunteer {user.pk}",
                    country=rng.choice(["Germany", "India", "Brazil", "China", "Kenya", "Spain"]),
                    timezone=rng.choice(zones),
                    skills=rng.sample(["packaging", "python", "ansible", "writing", "design"], 2),
                    hours_per_week=rng.randint(1, 20),
                    heard_from=rng.choice(HeardFrom.values),
                    supporter_only=rng.random() < 0.05,
                    not_sure=rng.random() < 0.1,
                )
                for user in users
            ]
        )
        Volunteer.objects.filter(pk__in=[v.pk for v in volunteers]).update(created_at=now)
        created = {v.pk: now - datetime.timedelta(days=rng.randint(0, 180)) for v in volunteers}
        for v in volunteers:
            v.created_at = created[v.pk]
        Volunteer.objects.bulk_update(volunteers, ["created_at"], batch_size=1000)
        VolunteerLanguage.objects.bulk_create(
            [
                VolunteerLanguage(volunteer=v, code=code)
                for v in volunteers
                for code in rng.sample(languages, rng.randint(1, 3))
            ]
        )
        Application.objects.bulk_create(
            [
                Application(user_id=v.user_id, team=team, state=rng.choice(states))
                for v in volunteers
                if not v.supporter_only
                for team in rng.sample(teams, rng.randint(1, 2))
            ]
        )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def measure(client, url: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return {
        "url": url,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "queries": len(queries),
        "requests": repeat,
    }


def signed_in_client():
    from django.contrib.auth.models import Group, Permission
    from django.test import Client

    from tests.factories import ModeratorFactory, give_totp

    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="volunteers"),
    )
    moderator = ModeratorFactory()
    give_totp(moderator)
    client = Client()
    client.force_login(moderator)
    return client


def write_results(result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "volunteers.json").write_text(json.dumps(result, indent=2) + "\n")
    rows = [
        "| page | volunteers | p50 ms | p95 ms | queries |",
        "|---|--:|--:|--:|--:|",
    ]
    for key, label in (
        ("baseline", "Dashboard (baseline)"),
        ("dashboard", "Dashboard"),
        ("applications", "Applications list, first page"),
    ):
        r = result[key]
        rows.append(
            f"| {label} | {r['volunteers']:,} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['queries']} |"
        )
    goal = result["goal"]
    rows.append("")
    rows.append(
        f"Goal: dashboard median under {goal['dashboard_p50_ms_max']:.0f} ms with {result['volunteers']:,} "
        f"volunteers: {'met' if goal['met'] else 'NOT met'} ({result['dashboard']['p50_ms']:.1f} ms, "
        f"{result['ratio_to_baseline']:.2f} × the baseline); same queries as the baseline: "
        f"{'yes' if goal['flat_queries'] else 'no'}."
    )
    table = "\n".join(rows)
    (RESULTS / "volunteers.md").write_text(table + "\n")
    _common.update_readme("volunteers-table", table)
    print(table)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--volunteers", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    server_version = recreate_database()
    log(f"PostgreSQL {server_version}: database {DATABASE} created")
    try:
        setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        client = signed_in_client()
        fill(1)
        log("baseline: 1 volunteer")
        baseline = {**measure(client, "/admin/volunteers/dashboard/", args.repeat), "volunteers": 1}
        log(f"  dashboard p50 {baseline['p50_ms']} ms, {baseline['queries']} queries")
        began = time.perf_counter()
        fill(args.volunteers - 1)
        log(f"filled {args.volunteers:,} volunteers in {time.perf_counter() - began:.1f} s")
        dashboard = {
            **measure(client, "/admin/volunteers/dashboard/", args.repeat),
            "volunteers": args.volunteers,
        }
        log(f"  dashboard p50 {dashboard['p50_ms']} ms, {dashboard['queries']} queries")
        applications = {**measure(client, "/admin/volunteers/", args.repeat), "volunteers": args.volunteers}
        log(f"  applications p50 {applications['p50_ms']} ms, {applications['queries']} queries")
        import django

        result = {
            "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": platform.python_version(),
                "django": django.get_version(),
                "postgresql": server_version,
                "cpus": os.cpu_count(),
            },  # fmt: skip
            "volunteers": args.volunteers,
            "baseline": baseline,
            "dashboard": dashboard,
            "applications": applications,
            "ratio_to_baseline": round(dashboard["p50_ms"] / baseline["p50_ms"], 2),
            "goal": {
                "dashboard_p50_ms_max": GOAL_MS,
                "met": dashboard["p50_ms"] < GOAL_MS,
                "flat_queries": dashboard["queries"] == baseline["queries"],
            },
        }
        write_results(result)
        return 0
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(drop_only=True)
        log(f"database {DATABASE} dropped")


if __name__ == "__main__":
    sys.exit(main())
