"""The search's one statement (facet counts, total and page) against a brute-force count in
Python over the posts the viewer may see, on random posts, filters and pages."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest

from tests.exchange.conftest import Circle, make_post
from verbund.core.text import fold
from verbund.exchange import policy, queries
from verbund.exchange.models import Post

KINDS = ["room", "skill", "equipment", "volunteers"]
LANGUAGES = ["de", "ar", "tr", "uk"]
THEMES = ["youth", "culture", "sport"]


def _expected(viewer: Any, filters: queries.Filters) -> dict[str, Any]:
    posts = list(policy.visible_posts(viewer).prefetch_related("language_links", "theme_links"))
    rows = []
    for post in posts:
        text_ok = all(fold(word) in post.search_text for word in filters.q.split())
        if not text_ok:
            continue
        languages = {link.code for link in post.language_links.all()}
        themes = {link.theme for link in post.theme_links.all()}
        rows.append(
            {
                "post": post,
                "direction": {post.direction},
                "kind": {post.kind},
                "language": languages,
                "theme": themes,
            }
        )

    def passes(row: dict[str, Any], skip: str = "") -> bool:
        return all(
            not filters.selected(facet) or row[facet] & set(filters.selected(facet))
            for facet in queries.FACETS
            if facet != skip
        )

    counts = {}
    for facet in queries.FACETS:
        counter: Counter[str] = Counter()
        for row in rows:
            if passes(row, skip=facet):
                counter.update(row[facet])
        counts[facet] = dict(counter)
    matching = [row["post"] for row in rows if passes(row)]
    matching.sort(key=lambda post: (post.created_at, post.pk), reverse=True)
    return {"counts": counts, "total": len(matching), "ordered": [p.pk for p in matching]}


@pytest.mark.django_db
def test_counts_total_and_pages_match_a_brute_force_count(circle: Circle) -> None:
    rng = random.Random(2026)
    owners = [(circle.a_admin, circle.a), (circle.b_admin, circle.b), (circle.c_admin, circle.c)]
    for number in range(45):
        actor, owner = rng.choice(owners)
        kind = rng.choice(KINDS)
        make_post(
            actor,
            owner,
            direction=rng.choice(["offer", "need"]),
            kind=kind,
            skill="press" if kind == "skill" else "",
            title=f"{rng.choice(['Saal', 'Hilfe', 'Beamer'])} {number}",
            languages=rng.sample(LANGUAGES, rng.randint(0, 2)),
            themes=rng.sample(THEMES, rng.randint(0, 2)),
            visibility=rng.choice(["public", "public", "networks"]),
        )
    assert Post.objects.count() == 45
    viewers = [circle.a_admin, circle.c_admin, circle.a_member]
    for _round in range(40):
        params: dict[str, Any] = {}
        for facet, values in (
            ("direction", ["offer", "need"]),
            ("kind", KINDS),
            ("language", LANGUAGES),
            ("theme", THEMES),
        ):
            if rng.random() < 0.5:
                params[facet] = rng.sample(values, rng.randint(1, 2))
        if rng.random() < 0.3:
            params["q"] = rng.choice(["saal", "hilfe", "beamer 1"])
        params["page"] = str(rng.choice([1, 1, 2, 3]))
        filters = queries.parse_filters(params)
        viewer = rng.choice(viewers)
        expected = _expected(viewer, filters)
        result = queries.search(viewer, filters, page_size=5)
        got = {f: {v.value: v.count for v in result.facets[f]} for f in queries.FACETS}
        assert got == expected["counts"], params
        assert result.total == expected["total"], params
        number = result.page.number
        assert number == min(filters.page, max(1, -(-expected["total"] // 5)))
        page = [post.pk for post in result.page.object_list]
        assert page == expected["ordered"][(number - 1) * 5 : number * 5], params
