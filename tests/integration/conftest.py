"""A real Celery worker process against the configured broker and database.

In CI that is Redis and PostgreSQL; on a laptop with no servers, the
filesystem broker and a SQLite file. Nothing is mocked."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}{port}/{db['NAME']}"


def worker_env(queue: str, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # Tasks the worker queues itself (mail after a service commits) stay on its queue.
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **extra,
    }


def start_worker(queue: str, log_path: Path, *, pool="solo", concurrency=1, **extra_env) -> subprocess.Popen:
    """`celery worker` on `queue`, in a session of its own (so that a test can
    kill it and its pool with one signal); its output goes to `log_path`."""
    log = open(log_path, "a")  # noqa: SIM115 - the child holds it; closed with the test's tmp_path
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "-Q",
            queue,
            f"--hostname={queue}@localhost",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=worker_env(queue, **extra_env),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """Start `celery worker` on a private queue; yields (queue_name, mail_dir)."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    process = start_worker(queue, tmp_path / "worker.log", WORKER_EMAIL_FILE_PATH=str(mail_dir))
    try:
        yield queue, mail_dir
    finally:
        stop_worker(process)
        if process.returncode not in (0, -15, None):
            print((tmp_path / "worker.log").read_text())


def wait_for(predicate, *, timeout=60.0, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
