"""What the benchmarks share: a log line with the time, and a PostgreSQL
database of their own, dropped and created again on 127.0.0.1:5432."""

import time


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def admin_connection():
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
    conn.autocommit = True
    return conn


def recreate_database(name: str, drop_only: bool = False) -> str | None:
    """Drop `name` (and its connections) and create it empty; returns the server version."""
    conn = admin_connection()
    try:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if drop_only:
                return None
            cur.execute(f'CREATE DATABASE "{name}"')
            cur.execute("SHOW server_version")
            return cur.fetchone()[0]
    finally:
        conn.close()


def update_readme(marker: str, table: str) -> None:
    """Put `table` in the project README between `<!-- {marker}:begin -->` and
    `<!-- {marker}:end -->` (nothing happens when the markers are missing)."""
    from pathlib import Path

    readme = Path(__file__).resolve().parent.parent / "README.md"
    begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
    text = readme.read_text() if readme.exists() else ""
    if begin not in text or end not in text:
        return
    head, rest = text.split(begin, 1)
    _old, tail = rest.split(end, 1)
    readme.write_text(f"{head}{begin}\n{table.rstrip()}\n{end}{tail}")
