"""Matching a need with offers: the ranking against a brute-force one on random data, the
explanation, and the query count."""

from __future__ import annotations

import datetime
import math
import random
from typing import Any

from tests.exchange.conftest import Circle, make_post
from verbund.exchange import queries
from verbund.exchange.models import Post

LANGUAGES = ["de", "ar", "tr", "fa", "ru"]
THEMES = ["youth", "culture", "sport", "empowerment"]


def brute_force(need: Post, offers: list[Post], radius: float) -> list[int]:
    """The ranking written out once more from its definition, over every offer."""

    def km(a: Post, b: Post) -> float | None:
        if None in (a.latitude, b.latitude):
            return None
        p1, l1, p2, l2 = (
            math.radians(float(v)) for v in (a.latitude, a.longitude, b.latitude, b.longitude)
        )
        h = (
            math.sin((p2 - p1) / 2) ** 2
            + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
        )
        return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))

    need_langs = set(need.language_links.values_list("code", flat=True))
    need_themes = set(need.theme_links.values_list("theme", flat=True))
    ranked = []
    for offer in offers:
        if offer.kind != need.kind or offer.direction != "offer" or offer.owner_id == need.owner_id:
            continue
        if need.capacity and offer.capacity is not None and offer.capacity < need.capacity:
            continue
        d = km(need, offer)
        if d is not None and d > radius:
            continue
        langs = set(offer.language_links.values_list("code", flat=True))
        themes = set(offer.theme_links.values_list("theme", flat=True))
        total = 3 * (max(0.0, 1 - d / radius) if d is not None else 0.0)
        total += 2 * (len(need_langs & langs) / len(need_langs) if need_langs else 0)
        total += 1 * (len(need_themes & themes) / len(need_themes) if need_themes else 0)
        if need.weekdays:
            t = (
                len(set(need.weekdays) & set(offer.weekdays)) / len(need.weekdays)
                if offer.weekdays
                else 0.5
            )
            if (
                need.time_from
                and offer.time_from
                and not (offer.time_from <= need.time_from and need.time_to <= offer.time_to)
            ):
                t /= 2
            total += 2 * t
        total += 0.5 if offer.cost == "free" else 0
        ranked.append((-total, d if d is not None else math.inf, offer.pk))
    return [pk for _t, _d, pk in sorted(ranked)]


def test_the_ranking_is_the_brute_force_ranking(circle: Circle) -> None:
    rng = random.Random(17)
    owners = [(circle.b_admin, circle.b), (circle.c_admin, circle.c)]
    for _ in range(60):
        actor, owner = rng.choice(owners)
        make_post(
            actor,
            owner,
            kind=rng.choice(["room", "room", "skill"]),
            skill="press",
            title="Angebot",
            postal_code=rng.choice(["10115", "10245", "14467", "20095", "01067", ""]),
            city="",
            capacity=rng.choice([None, 10, 30, 80]),
            languages=rng.sample(LANGUAGES, rng.randint(0, 3)),
            themes=rng.sample(THEMES, rng.randint(0, 2)),
            weekdays=rng.sample(range(7), rng.randint(0, 4)),
            time_from=rng.choice([None, datetime.time(9), datetime.time(16)]),
            time_to=datetime.time(22),
            cost=rng.choice(["free", "at_cost"]),
        )
    need = make_post(
        circle.a_admin,
        circle.a,
        direction="need",
        kind="room",
        title="Raum für den Elternabend",
        capacity=20,
        languages=["ar", "de"],
        themes=["youth"],
        weekdays=[1, 3],
        time_from=datetime.time(18),
        time_to=datetime.time(21),
    )
    offers = list(Post.objects.filter(direction="offer"))
    expected = brute_force(need, offers, queries.RADIUS_KM)
    found = queries.matches(circle.a_admin, need, limit=500)
    assert [m.post.pk for m in found] == expected
    assert len(expected) > 10  # the random data gives a real ranking to compare


def test_a_match_is_explained(circle: Circle) -> None:
    offer = make_post(
        circle.b_admin,
        circle.b,
        title="Gemeinschaftsraum",
        languages=["ar", "de"],
        weekdays=[1],
        time_from=datetime.time(17),
        time_to=datetime.time(22),
        capacity=30,
        step_free=True,
    )
    need = make_post(
        circle.a_admin,
        circle.a,
        direction="need",
        title="Raum dienstags",
        languages=["ar"],
        weekdays=[1],
        time_from=datetime.time(18),
        time_to=datetime.time(20),
    )
    [match] = queries.matches(circle.a_admin, need)
    assert match.post == offer
    assert "km entfernt" in match.explanation
    assert "spricht Arabisch" in match.explanation
    assert "frei dienstags" in match.explanation
    assert "stufenlos" in match.explanation


def test_offers_the_viewer_may_not_see_never_match(circle: Circle) -> None:
    make_post(circle.c_admin, circle.c, visibility="networks", title="Nur für Mitte")
    need = make_post(circle.b_admin, circle.b, direction="need", title="Raum")
    assert queries.matches(circle.b_admin, need) == []


def test_matches_take_a_fixed_number_of_queries(circle: Circle, assert_max_queries: Any) -> None:
    for number in range(15):
        make_post(
            circle.b_admin, circle.b, title=f"Raum {number}", languages=["ar"], themes=["youth"]
        )
    need = make_post(circle.a_admin, circle.a, direction="need", languages=["ar"], themes=["youth"])
    need = queries.post_or_none(need.pk)
    assert need is not None
    with assert_max_queries(8):
        assert len(queries.matches(circle.a_admin, need)) == 15


def test_organisations_whose_profile_fits_are_named(
    circle: Circle, assert_max_queries: Any
) -> None:
    from verbund.core.actors import OPERATOR
    from verbund.organizations import services as organization_services

    organization_services.update_organization(
        OPERATOR, circle.c, {"languages": ["ar", "fr"], "themes": ["youth"]}
    )
    need = make_post(
        circle.a_admin,
        circle.a,
        direction="need",
        kind="skill",
        skill="translation",
        title="Dolmetschen beim Elternabend",
        languages=["ar"],
        themes=["youth"],
    )
    need = queries.post_or_none(need.pk)
    assert need is not None
    with assert_max_queries(6):
        found = queries.fitting_organizations(need)
    assert found[0].organization == circle.c
    assert "spricht Arabisch" in found[0].explanation
    assert circle.a not in [f.organization for f in found]
