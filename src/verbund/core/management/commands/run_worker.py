"""``manage.py run_worker``: the task worker (``db_worker``) under a small supervisor.

``make run`` starts this instead of ``db_worker`` itself: when the worker exits — a transient
"database is locked" from SQLite, a crash, a kill — it is started again after a pause that
doubles with each quick failure (up to ``--max-backoff`` seconds) and starts small again once
a worker has run for a minute. SIGINT and SIGTERM stop the worker and the supervisor.
In production a service manager does this job (see ``docs/operations.md``).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

STABLE_AFTER = 60.0


class Command(BaseCommand):
    help = "Run the task worker (db_worker) and start it again whenever it stops."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--backoff", type=float, default=1.0, help="first pause, seconds")
        parser.add_argument("--max-backoff", type=float, default=60.0)
        parser.add_argument(
            "--max-restarts", type=int, default=0, help="give up after this many (0: never)"
        )
        parser.add_argument("--interval", type=float, default=1.0, help="db_worker's polling")

    def handle(self, *args: Any, **options: Any) -> None:
        manage = Path(settings.PROJECT_DIR) / "manage.py"
        command = [
            sys.executable,
            str(manage),
            "db_worker",
            "--queue-name",
            "*",
            "--interval",
            str(options["interval"]),
            "--no-reload",
        ]
        stopping = False
        worker: subprocess.Popen[bytes] | None = None

        def stop(signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        pause = options["backoff"]
        restarts = 0
        while not stopping:
            started = time.monotonic()
            worker = subprocess.Popen(command)  # noqa: S603 - our own manage.py, fixed arguments
            self.stdout.write(f"task worker started (pid {worker.pid})")
            self.stdout.flush()
            code = worker.wait()
            if stopping:
                break
            ran = time.monotonic() - started
            if ran >= STABLE_AFTER:
                pause = options["backoff"]
            restarts += 1
            self.stderr.write(
                f"task worker (pid {worker.pid}) stopped with exit code {code} after "
                f"{ran:.1f} s; starting it again in {pause:.1f} s"
            )
            self.stderr.flush()
            if options["max_restarts"] and restarts > options["max_restarts"]:
                self.stderr.write("too many restarts; giving up")
                sys.exit(1)
            deadline = time.monotonic() + pause
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.1, pause))
            pause = min(pause * 2, options["max_backoff"])
        if worker is not None and worker.poll() is None:
            try:
                worker.wait(30)
            except subprocess.TimeoutExpired:
                worker.kill()
