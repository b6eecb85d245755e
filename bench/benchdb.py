"""The database a benchmark writes to: created on the PostgreSQL server when it is missing."""

from __future__ import annotations

import re


def ensure_database(database_url: str) -> None:
    """Create the database of a ``postgres://`` URL if the server does not have it yet;
    other URLs (SQLite) need nothing."""
    match = re.match(r"^(postgres(?:ql)?://[^/]+)/([^?]+)", database_url)
    if not match:
        return
    import psycopg
    from psycopg import sql

    server, name = match.groups()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
