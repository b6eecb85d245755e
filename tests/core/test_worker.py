"""The task worker of ``make run`` survives: killed, it is started again and goes on with the
queue; its SQLite connections run in WAL mode with a busy timeout."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
MAKEFILE = MANAGE.parent / "Makefile"


@pytest.fixture(scope="module")
def sqlite_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A migrated SQLite database in a file, as ``make run`` has it (another process can see a
    file, not the in-memory test database)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the embedded default: SQLite in a file")
    home = tmp_path_factory.mktemp("var")
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(VERBUND_VAR_DIR=str(home), VERBUND_TESTING="1", DJANGO_DEBUG="0")
    subprocess.run(
        [sys.executable, str(MANAGE), "migrate", "--noinput", "-v", "0"],
        env=environment,
        check=True,
        timeout=600,
    )
    yield environment


def _lines(stream: Any) -> tuple[queue.Queue[str], threading.Thread]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in iter(stream.readline, ""):
            lines.put(line)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    return lines, reader


def _started(lines: queue.Queue[str], timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        found = re.search(r"task worker started \(pid (\d+)\)", line)
        if found:
            return int(found.group(1))
    pytest.fail("the supervisor did not start a worker")


def _task_outcome(database: Path, task_id: str, timeout: float = 120) -> tuple[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(database, timeout=20) as reader:
            row = reader.execute(
                "SELECT status, return_value FROM django_tasks_database_dbtaskresult WHERE id = ?",
                [task_id.replace("-", "")],
            ).fetchone()
        if row and row[0] in {"SUCCESSFUL", "FAILED"}:
            return row[0], json.loads(row[1]) if row[1] else None
        time.sleep(0.3)
    pytest.fail("the task was not run")


def test_a_killed_worker_is_started_again_and_runs_the_next_task(
    sqlite_home: dict[str, str],
) -> None:
    supervisor = subprocess.Popen(
        [sys.executable, str(MANAGE), "run_worker", "--backoff", "0.2", "--interval", "0.2"],
        env=sqlite_home,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    reader = None
    try:
        lines, reader = _lines(supervisor.stdout)
        first = _started(lines)
        os.kill(first, signal.SIGKILL)  # as the kernel's OOM killer or a crash would
        second = _started(lines)
        assert second != first
        queued = subprocess.run(
            [
                sys.executable,
                str(MANAGE),
                "shell",
                "-c",
                "from verbund.core.tasks import database_report; "
                "print(database_report.enqueue().id)",
            ],
            env=sqlite_home,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        task_id = queued.stdout.strip().splitlines()[-1]
        status, report = _task_outcome(
            Path(sqlite_home["VERBUND_VAR_DIR"]) / "verbund.sqlite3", task_id
        )
        assert status == "SUCCESSFUL"
        # The worker's own connection: WAL, and a writer waits 20 s for a lock.
        assert report == {"vendor": "sqlite", "journal_mode": "wal", "busy_timeout_ms": 20000}
    finally:
        supervisor.send_signal(signal.SIGTERM)
        try:
            supervisor.wait(30)
        except subprocess.TimeoutExpired:
            supervisor.kill()
            supervisor.wait(30)
        # The pipe ends when the supervisor and its worker are gone; close it only then, so
        # that neither the reading thread nor the garbage collector finds it open.
        if reader is not None:
            reader.join(30)
        assert supervisor.stdout is not None
        supervisor.stdout.close()
    assert supervisor.returncode == 0


def test_make_run_starts_the_supervised_worker() -> None:
    recipe = MAKEFILE.read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "run_worker" in recipe
    assert "db_worker" not in recipe
