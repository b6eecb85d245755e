"""Build the directory's search index from the database and leave it in the shared cache.

Web processes load it from there when they start instead of building it inside a request,
which at 100,000 organisations takes longer than a worker's timeout on a busy machine. Run
it after a deployment or a cache flush, before gunicorn starts (``make bench`` does).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from verbund.organizations import search_index


class Command(BaseCommand):
    help = "Build the directory's search index and leave it in the shared cache."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        snapshot = search_index.publish_fresh()
        self.stdout.write(
            self.style.SUCCESS(
                f"Search index of {len(snapshot.alive)} organisations at revision "
                f"{snapshot.revision[0]} built in {time.perf_counter() - started:.1f} s."
            )
        )
