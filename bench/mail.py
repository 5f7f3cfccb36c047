#!/usr/bin/env python
"""Sending a campaign to the announcements list, against a fast local SMTP sink.

Measured in one run, against Postfix's `smtp-sink` (Debian package postfix,
installed with apt-get when missing):

- the floor: a plain smtplib loop sending the same pre-built message bytes
  (the portal's own message for one reader) over one connection;
- Django's plain way: an EmailMultiAlternatives built per recipient (text and
  HTML) and sent through Django's SMTP backend over one connection;
- the portal: a campaign to N confirmed subscribers (three languages), from
  "send" (the moderator's move, which renders the editions and creates the
  deliveries) to the last message accepted, with two Celery worker processes
  (prefork, concurrency 2) on PostgreSQL and Redis;
- the portal again with 10 × N subscribers, for the workers' peak memory
  (VmHWM of each pool process);
- creating the deliveries of one campaign for 1,000,000 subscribers (the
  INSERT … SELECT alone).

Writes bench/results/mail.json and .md and rewrites the table in the README
between the mail-table markers.

Goals: the portal ≥ 0.5 × the floor's messages a second and ≥ 2 × Django's;
deliveries for 1,000,000 subscribers in under 60 s; the workers' peak memory
with 10 × N within 20 % of that with N.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import _common  # noqa: E402
from _common import log  # noqa: E402

RESULTS = ROOT / "bench" / "results"
DATABASE = "portal_bench_mail"
BROKER = "redis://127.0.0.1:6379/11"
SINK = "/usr/sbin/smtp-sink"
QUEUE = f"bench-list-{uuid.uuid4().hex[:6]}"


def recreate_database(drop_only: bool = False) -> str | None:
    return _common.recreate_database(DATABASE, drop_only=drop_only)


def ensure_sink() -> None:
    if os.path.exists(SINK):
        return
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        sys.exit(f"{SINK} is missing: install Debian's postfix package (apt-get install postfix)")
    log("installing postfix for smtp-sink")
    subprocess.run(
        "echo 'postfix postfix/main_mailer_type select No configuration' | debconf-set-selections",
        shell=True,
        check=True,
    )
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "postfix"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sink(port: int) -> subprocess.Popen:
    user = "nobody" if os.geteuid() == 0 else os.environ.get("USER", "nobody")
    process = subprocess.Popen(
        [SINK, "-u", user, f"127.0.0.1:{port}", "512"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    sys.exit("smtp-sink did not start")


def setup_django(port: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "CELERY_BROKER_URL": BROKER,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "WORKER_EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "PORTAL_LIST_QUEUE": QUEUE,
            "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        }
    )
    import django

    django.setup()


def flush_broker() -> None:
    import redis

    redis.Redis.from_url(BROKER).flushdb()


# --- Content and subscribers -------------------------------------------------------------------


def make_page():
    from django.conf import settings

    from wagtail.models import Locale

    from news.models import NewsIndexPage, NewsPage
    from portal.demo import ensure_home_page

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    home = ensure_home_page()
    index = NewsIndexPage.objects.filter(locale=home.locale).first()
    if index is None:
        index = NewsIndexPage(title="News", slug="news")
        home.add_child(instance=index)
        index.save_revision().publish()
    paragraphs = [
        {"type": "paragraph", "value": f"<p>Paragraph {n}: the build system now mirrors every package "
         f"to three continents, and volunteers keep the <a href=\"/en/news/\">news</a> going.</p>"}
        for n in range(8)
    ]  # fmt: skip
    page = NewsPage(
        title="Mirrors on three continents",
        slug=f"mirrors-{uuid.uuid4().hex[:6]}",
        summary="The build system now has mirrors in Europe, Asia and America.",
        author="Infrastructure team",
        body=paragraphs,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    from news.demo import _translate

    for language, title in (("es", "Espejos en tres continentes"), ("de", "Spiegel auf drei Kontinenten")):
        _translate(page, Locale.objects.get(language_code=language), {page.title: title}, publish=True)
    return page


def fill_subscribers(count: int) -> None:
    """Set-based: `count` confirmed subscribers over English, Spanish and German."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE announcements_delivery, announcements_subscriber RESTART IDENTITY CASCADE")
        cursor.execute(
            """
            INSERT INTO announcements_subscriber
                (email, language, state, key, hard_bounces, last_error, created_at, confirmed_at)
            SELECT 'reader' || g || '@example.org', (ARRAY['en', 'es', 'de'])[1 + g %% 3], 'confirmed',
                   md5(g::text), 0, '', now(), now()
            FROM generate_series(1, %s) AS g
            """,
            [count],
        )
        cursor.execute("ANALYZE announcements_subscriber")


def moderator():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    user, _ = get_user_model().objects.get_or_create(
        email="bench-moderator@example.org", defaults={"username": "bench-mod"}
    )
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(Permission.objects.get(codename="send_campaign"))
    user.groups.add(group)
    return get_user_model().objects.get(pk=user.pk)


# --- The variants -------------------------------------------------------------------------------


def sample_message(page, port):
    """The portal's own message for one reader, as bytes."""
    from announcements import rendering, services
    from announcements.models import Campaign

    campaign = Campaign.objects.create(page=page)
    edition = rendering.render_edition(campaign, "en")
    factory = rendering.MessageFactory(edition, campaign.pk)
    _to, message = factory.build(email="reader@example.org", subscriber_id=1, token="token")
    campaign.delete()
    del services
    return factory.from_email, message, edition


def floor(port: int, sender: str, message: bytes, count: int) -> dict:
    connection = smtplib.SMTP("127.0.0.1", port)
    began = time.perf_counter()
    for n in range(count):
        connection.sendmail(sender, [f"reader{n}@example.org"], message)
    elapsed = time.perf_counter() - began
    connection.quit()
    return {"messages": count, "seconds": round(elapsed, 3), "messages_per_second": round(count / elapsed, 1)}


def django_plain(port: int, edition, count: int) -> dict:
    from django.core.mail import EmailMultiAlternatives
    from django.core.mail.backends.smtp import EmailBackend

    backend = EmailBackend(host="127.0.0.1", port=port, use_tls=False, fail_silently=False)
    backend.open()
    began = time.perf_counter()
    for n in range(count):
        message = EmailMultiAlternatives(
            subject=edition.subject,
            body=edition.text,
            from_email="Community announcements <news@example.org>",
            to=[f"reader{n}@example.org"],
            headers={"List-Unsubscribe": f"<https://example.org/unsubscribe/{n}/>"},
            connection=backend,
        )
        message.attach_alternative(edition.html, "text/html")
        backend.send_messages([message])
    elapsed = time.perf_counter() - began
    backend.close()
    return {"messages": count, "seconds": round(elapsed, 3), "messages_per_second": round(count / elapsed, 1)}


def start_workers(port: int, log_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PORTAL_LIST_CONCURRENCY": "2"}
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=prefork", "--concurrency=2",
            "-Q", QUEUE, f"--hostname={QUEUE}@localhost", "--without-gossip", "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=open(log_path, "a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def pool_pids(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == parent:
                found.append(int(entry.name))
    return found


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wait_ready(process, log_path: Path) -> None:
    for _ in range(300):
        if "ready" in log_path.read_text() or len(pool_pids(process.pid)) >= 2:
            time.sleep(1.0)
            return
        time.sleep(0.1)


def portal(page, count: int, port: int, log_path: Path) -> dict:
    from django.db.models import Max

    from announcements import services
    from announcements.models import Campaign, Delivery

    fill_subscribers(count)
    flush_broker()
    workers = start_workers(port, log_path)
    try:
        wait_ready(workers, log_path)
        campaign = services.campaign_create(page=page, actor=moderator())
        began = datetime.datetime.now(datetime.UTC)
        services.campaign_move(campaign=campaign, to=Campaign.State.SENDING, actor=moderator())
        created = datetime.datetime.now(datetime.UTC)
        deadline = time.monotonic() + 3600
        while time.monotonic() < deadline:
            state = Campaign.objects.get(pk=campaign.pk).state
            if state == Campaign.State.SENT:
                break
            time.sleep(0.5)
        figures = Delivery.objects.filter(campaign=campaign).aggregate(last=Max("sent_at"))
        sent = Delivery.objects.filter(campaign=campaign, state="sent").count()
        peaks = {pid: round(peak_rss_mib(pid), 1) for pid in pool_pids(workers.pid)}
    finally:
        os.killpg(workers.pid, signal.SIGTERM)
        workers.wait(timeout=60)
    elapsed = (figures["last"] - began).total_seconds()
    return {
        "messages": sent,
        "subscribers": count,
        "seconds": round(elapsed, 3),
        "start_seconds": round((created - began).total_seconds(), 3),
        "messages_per_second": round(sent / elapsed, 1),
        "worker_peak_rss_mib": max(peaks.values()) if peaks else None,
        "worker_processes": len(peaks),
    }


def deliveries_million(page, count: int) -> dict:
    from announcements import rendering, services
    from announcements.models import Campaign

    fill_subscribers(count)
    campaign = Campaign.objects.create(page=page, state=Campaign.State.SENDING)
    rendering.render_editions(campaign)
    began = time.perf_counter()
    created = services.create_deliveries(campaign)
    elapsed = time.perf_counter() - began
    return {"subscribers": count, "deliveries": created, "seconds": round(elapsed, 2)}


# --- Results -------------------------------------------------------------------------------------


def write_results(result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "mail.json").write_text(json.dumps(result, indent=2) + "\n")
    v = result["variants"]
    rows = [
        f"Run {result['when']} ({result['machine']['cpus']} CPUs, Python {result['machine']['python']}, "
        f"PostgreSQL {result['machine']['postgresql']}), Postfix smtp-sink on loopback.",
        "",
        "| variant | messages | msg/s | × floor | × Django | worker peak MiB |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for key, label in (
        ("floor", "Floor: smtplib loop, pre-built bytes, one connection"),
        ("django", "Django: EmailMultiAlternatives per recipient, SMTP backend"),
        ("portal", "Portal: campaign, 2 Celery worker processes"),
        ("portal_large", "Portal: campaign, 10 × the subscribers"),
    ):
        r = v[key]
        ratio_floor = r["messages_per_second"] / v["floor"]["messages_per_second"]
        ratio_django = r["messages_per_second"] / v["django"]["messages_per_second"]
        peak = r.get("worker_peak_rss_mib")
        rows.append(
            f"| {label} | {r['messages']:,} | {r['messages_per_second']:,.0f} | {ratio_floor:.2f} | "
            f"{ratio_django:.2f} | {peak if peak is not None else '—'} |"
        )
    rows += [
        "",
        "The portal runs two processes and pipelines MAIL, RCPT and DATA (RFC 2920) when the "
        "server offers it, as smtp-sink does; the floor is one process sending one command at a time.",
    ]
    g = result["goals"]
    yes = {True: "yes", False: "NO"}
    rows += [
        "",
        "| goal | measured | met |",
        "|---|---|---|",
        f"| portal ≥ 0.5 × floor | {result['ratio_to_floor']:.2f} | {yes[g['ratio_to_floor']]} |",
        f"| portal ≥ 2 × Django | {result['ratio_to_django']:.2f} | {yes[g['ratio_to_django']]} |",
        f"| deliveries for {result['deliveries']['subscribers']:,} subscribers < 60 s | "
        f"{result['deliveries']['seconds']} s | {yes[g['deliveries']]} |",
        f"| worker peak memory at {v['portal_large']['subscribers']:,} within 20 % of "
        f"{v['portal']['subscribers']:,} | {result['memory_ratio']:.2f} × | {yes[g['memory']]} |",
    ]
    table = "\n".join(rows)
    (RESULTS / "mail.md").write_text(table + "\n")
    _common.update_readme("mail-table", table)
    print(table)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=10_000, help="N (default 10,000)")
    parser.add_argument("--deliveries", type=int, default=1_000_000)
    args = parser.parse_args()

    ensure_sink()
    port = free_port()
    sink = start_sink(port)
    server_version = recreate_database()
    log(f"PostgreSQL {server_version}: database {DATABASE}; smtp-sink on port {port}")
    import tempfile

    log_path = Path(tempfile.mkstemp(prefix="bench-mail-worker-", suffix=".log")[1])
    try:
        setup_django(port)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        page = make_page()
        sender, message, edition = sample_message(page, port)
        n = args.subscribers
        log(f"floor: {n:,} messages of {len(message):,} bytes")
        floor_result = floor(port, sender, message, n)
        log(f"  {floor_result['messages_per_second']:,} msg/s")
        log("Django's plain way")
        django_result = django_plain(port, edition, n)
        log(f"  {django_result['messages_per_second']:,} msg/s")
        log(f"portal: campaign to {n:,} subscribers")
        portal_result = portal(page, n, port, log_path)
        log(
            f"  {portal_result['messages_per_second']:,} msg/s, peak {portal_result['worker_peak_rss_mib']} MiB"
        )
        log(f"portal: campaign to {10 * n:,} subscribers")
        large = portal(page, 10 * n, port, log_path)
        log(f"  {large['messages_per_second']:,} msg/s, peak {large['worker_peak_rss_mib']} MiB")
        log(f"deliveries for {args.deliveries:,} subscribers")
        deliveries = deliveries_million(page, args.deliveries)
        log(f"  {deliveries['seconds']} s")
        import django

        ratio_floor = portal_result["messages_per_second"] / floor_result["messages_per_second"]
        ratio_django = portal_result["messages_per_second"] / django_result["messages_per_second"]
        memory_ratio = large["worker_peak_rss_mib"] / portal_result["worker_peak_rss_mib"]
        result = {
            "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": {
                "python": platform.python_version(),
                "django": django.get_version(),
                "postgresql": server_version,
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg()[0],
            },
            "N": n,
            "message_bytes": len(message),
            "variants": {
                "floor": floor_result,
                "django": django_result,
                "portal": {**portal_result, "ratio_to_floor": round(ratio_floor, 3), "ratio_to_django": round(ratio_django, 3)},
                "portal_large": large,
            },
            "ratio_to_floor": round(ratio_floor, 3),
            "ratio_to_django": round(ratio_django, 3),
            "memory_ratio": round(memory_ratio, 3),
            "deliveries": deliveries,
            "goals": {
                "ratio_to_floor": ratio_floor >= 0.5,
                "ratio_to_django": ratio_django >= 2.0,
                "deliveries": deliveries["seconds"] < 60,
                "memory": memory_ratio <= 1.2,
            },
        }  # fmt: skip
        write_results(result)
    finally:
        sink.terminate()
        recreate_database(drop_only=True)
        with contextlib.suppress(Exception):
            flush_broker()
    return 0


if __name__ == "__main__":
    sys.exit(main())
