"""How the application talks to its database."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit() -> None:
    """The JIT compiler cost the exchange search 25-30 ms per statement (docs/benchmarks.md)."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
