"""Start-up work done before gunicorn forks must not touch the database."""

from __future__ import annotations

from django.template import engines
from django.urls import clear_url_caches, get_resolver

from verbund.core.warmup import warm_up


def test_warm_up_loads_urls_and_templates_without_the_database() -> None:
    # No django_db mark: pytest-django fails this test on any database access.
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    clear_url_caches()  # earlier tests may have built the resolver already
    assert not get_resolver()._populated
    warm_up()
    resolver = get_resolver()
    assert resolver._populated  # reverse() lookups were built
    # The cached loader now holds our templates, compiled, and nothing of other packages.
    assert "organizations/directory.html" in loader.get_template_cache
    assert not any(name.startswith("admin/") for name in loader.get_template_cache)
