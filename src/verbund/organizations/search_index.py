"""The directory's search index: the published registry as compressed bitmaps, per process.

Every web process keeps one :class:`Snapshot` in memory. It is a cache of the database, never
a source: each search first reads the newest row of ``SearchRevision`` (one indexed query)
and, when the database has moved on, reads again only the organisations the newer revisions
name, so every process answers from the same committed state. A process that starts takes
the latest snapshot another process left in the shared cache (or builds one from the
database, one process at a time) and catches up from there.

What a snapshot holds, each as bitmaps of organisation ids (``pyroaring``):

* ``terms``: the words the database matches. On PostgreSQL the lexemes of each document's
  stored German and English vector (read back from PostgreSQL, so the stems are its own);
  on SQLite the words of ``search_text`` with ASCII letters lower-cased, which is what
  SQLite's ``LIKE`` compares.
* ``name_words``, ``name_positions`` ("0 turkische", "1 gemeinde") and ``names`` (the whole
  folded name): what the name ranking of ``queries.name_rank`` asks.
* ``facets``: one bitmap per value of each of the five facets, and for the three facets with
  one value per organisation also an array of value codes by id, for counting with
  ``numpy.bincount``.
* the order of the results: the position of each organisation in ``ORDER BY name, id`` as
  the database sorts (its collation, not Python's), and in the order by length of the
  folded name and then that position.

A search is then a handful of bitmap operations; only the page's rows are read from the
database. :mod:`verbund.organizations.queries` turns the answer into the directory page.
"""

from __future__ import annotations

import bisect
import pickle
import re
import string
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.core.cache import cache
from django.db import connection
from pyroaring import BitMap
from rapidfuzz import distance, process

from verbund.core.caching import build_once
from verbund.organizations.models import (
    Organization,
    OrganizationLanguage,
    OrganizationTheme,
    SearchRevision,
)
from verbund.organizations.taxonomy import Status

SNAPSHOT_KEY = "search-index:snapshot:v1"
SNAPSHOT_SECONDS = 24 * 3600
# More changed organisations than this since a snapshot: building anew is cheaper.
REBUILD_AFTER = 5000
# Words of the name whose position the ranking asks (queries.MAX_QUERY_WORDS).
POSITIONS = 8
FACETS: tuple[str, ...] = ("kind", "theme", "language", "state", "city")
SINGLE_VALUED = {"kind": "kind", "state": "federal_state", "city": "city"}

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_TOKEN = re.compile(r"[^\W_]+")
_LETTERS = re.compile(r"^[^\W\d_]+$")
_EMPTY = BitMap()


def _bitmaps(postings: dict[str, list[int]]) -> dict[str, BitMap]:
    return {key: BitMap(ids) for key, ids in postings.items()}


class Postings:
    """Bitmaps by key; keys sorted for prefix ranges. Never changed once built."""

    def __init__(self, maps: dict[str, BitMap], keys: list[str] | None = None) -> None:
        self.maps = maps
        self.keys = sorted(maps) if keys is None else keys
        self._memo: dict[tuple[str, str], BitMap] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"maps": self.maps, "keys": self.keys}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.maps, self.keys, self._memo = state["maps"], state["keys"], {}

    def get(self, key: str) -> BitMap:
        return self.maps.get(key, _EMPTY)

    def _remember(self, key: tuple[str, str], value: BitMap) -> BitMap:
        if len(self._memo) > 4096:
            self._memo.clear()
        self._memo[key] = value
        return value

    def prefixed(self, prefix: str) -> BitMap:
        """Every id under a key that begins with ``prefix``."""
        found = self._memo.get(("^", prefix))
        if found is not None:
            return found
        start = bisect.bisect_left(self.keys, prefix)
        hits = []
        for key in self.keys[start:]:
            if not key.startswith(prefix):
                break
            hits.append(self.maps[key])
        return self._remember(("^", prefix), BitMap.union(*hits) if hits else _EMPTY)

    def containing(self, part: str) -> BitMap:
        """Every id under a key that contains ``part``."""
        found = self._memo.get(("*", part))
        if found is not None:
            return found
        hits = [self.maps[key] for key in self.keys if part in key]
        return self._remember(("*", part), BitMap.union(*hits) if hits else _EMPTY)

    def patched(
        self,
        changed: BitMap,
        additions: dict[str, list[int]],
        touched: Iterable[str] | None = None,
    ) -> Postings:
        """A copy without the ``changed`` ids, then with ``additions``; bitmaps that do not
        change are shared with this one. ``touched``: the only keys that can hold a changed
        id (all keys are looked at when it is not known)."""
        maps = dict(self.maps)
        keys_changed = False
        for key in self.maps if touched is None else {k for k in touched if k in self.maps}:
            bitmap = self.maps[key]
            if bitmap.intersect(changed):
                bitmap = bitmap - changed
                if bitmap:
                    maps[key] = bitmap
                else:
                    del maps[key]
                    keys_changed = True
        for key, ids in additions.items():
            if key in maps:
                maps[key] = maps[key] | BitMap(ids)
            else:
                maps[key] = BitMap(ids)
                keys_changed = True
        return Postings(maps, None if keys_changed else self.keys)


@dataclass
class Rows:
    """What the database says about some published organisations (or all of them)."""

    ids: list[int] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    folded: dict[int, str] = field(default_factory=dict)
    values: dict[str, dict[int, str]] = field(default_factory=dict)
    terms: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    links: dict[str, dict[str, list[int]]] = field(default_factory=dict)


def _read(ids: Sequence[int] | None) -> Rows:
    """Published organisations with ``ids`` (all when ``None``): names, facet values, terms."""
    postgres = connection.vendor == "postgresql"
    published = Organization.objects.filter(status=Status.PUBLISHED)
    if ids is not None:
        published = published.filter(pk__in=ids)
    columns = ["pk", "name", "name_folded", *SINGLE_VALUED.values()]
    if not postgres:
        columns.append("search_text")
    rows = Rows(values={facet: {} for facet in SINGLE_VALUED})
    for row in published.values_list(*columns).iterator(chunk_size=5000):
        pk = row[0]
        rows.ids.append(pk)
        rows.names[pk] = row[1]
        rows.folded[pk] = row[2]
        for position, facet in enumerate(SINGLE_VALUED):
            rows.values[facet][pk] = str(row[3 + position] or "")
        if not postgres:
            for token in set(_TOKEN.findall(row[6].translate(_ASCII_LOWER))):
                rows.terms[token].append(pk)
    alive = set(rows.ids)
    for facet, model, column in (
        ("theme", OrganizationTheme, "theme"),
        ("language", OrganizationLanguage, "code"),
    ):
        links: dict[str, list[int]] = defaultdict(list)
        chosen = model.objects.filter(organization__status=Status.PUBLISHED)
        if ids is not None:
            chosen = chosen.filter(organization_id__in=ids)
        for pk, value in chosen.values_list("organization_id", column).iterator(chunk_size=5000):
            if pk in alive:
                links[str(value)].append(pk)
        rows.links[facet] = links
    if postgres:
        from verbund.organizations.search_pg import lexemes

        for pk, found in lexemes(ids):
            if pk in alive:
                for lexeme in found:
                    rows.terms[lexeme].append(pk)
    return rows


def _name_keys(folded: str) -> tuple[set[str], list[str]]:
    """The name's words and its positional keys ("0 turkische", "1 gemeinde")."""
    parts = [part for part in folded.split(" ") if part]
    return set(parts), [f"{position} {word}" for position, word in enumerate(parts[:POSITIONS])]


def _name_postings(
    rows: Rows,
) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]]:
    words: dict[str, list[int]] = defaultdict(list)
    positions: dict[str, list[int]] = defaultdict(list)
    names: dict[str, list[int]] = defaultdict(list)
    for pk in rows.ids:
        folded = rows.folded[pk]
        names[folded].append(pk)
        name_words, name_positions = _name_keys(folded)
        for word in name_words:
            words[word].append(pk)
        for key in name_positions:
            positions[key].append(pk)
    return words, positions, names


def _facet_postings(rows: Rows) -> dict[str, dict[str, list[int]]]:
    postings: dict[str, dict[str, list[int]]] = {}
    for facet in SINGLE_VALUED:
        values: dict[str, list[int]] = defaultdict(list)
        for pk in rows.ids:
            values[rows.values[facet][pk]].append(pk)
        postings[facet] = values
    postings.update(rows.links)
    return postings


@dataclass
class Snapshot:
    """The index at one revision of the database. Never changed: a refresh makes a new one
    that shares what did not change."""

    revision: tuple[int, str]
    alive: BitMap
    names: dict[int, str]
    folded: dict[int, str]
    lengths: npt.NDArray[np.int32]
    by_name: npt.NDArray[np.int64]  # published ids in the database's ORDER BY name, id
    name_position: npt.NDArray[np.int64]  # by id: position in by_name
    order_key: npt.NDArray[np.int64]  # by id: position by (length of folded name, name, id)
    terms: Postings
    name_words: Postings
    name_positions: Postings
    full_names: Postings
    facets: dict[str, Postings]
    codes: dict[str, npt.NDArray[np.int32]]  # by id: index into code_values[facet]
    code_values: dict[str, list[str]]
    vocabulary: dict[int, list[str]] = field(default_factory=dict)

    # --- Building --------------------------------------------------------------------------

    @classmethod
    def build(cls, revision: tuple[int, str]) -> Snapshot:
        rows = _read(None)
        words, positions, names = _name_postings(rows)
        facets = {facet: Postings(_bitmaps(p)) for facet, p in _facet_postings(rows).items()}
        snapshot = cls(
            revision=revision,
            alive=BitMap(rows.ids),
            names=rows.names,
            folded=rows.folded,
            lengths=np.zeros(0, dtype=np.int32),
            by_name=np.zeros(0, dtype=np.int64),
            name_position=np.zeros(0, dtype=np.int64),
            order_key=np.zeros(0, dtype=np.int64),
            terms=Postings(_bitmaps(rows.terms)),
            name_words=Postings(_bitmaps(words)),
            name_positions=Postings(_bitmaps(positions)),
            full_names=Postings(_bitmaps(names)),
            facets=facets,
            codes={},
            code_values={},
        )
        snapshot._set_lengths(rows.folded, replace=True)
        snapshot._set_codes(rows, replace=True)
        snapshot._set_order(_name_order())
        snapshot._set_vocabulary()
        return snapshot

    def _size(self) -> int:
        return int(max(self.alive.max() if self.alive else 0, 0)) + 1

    def _grown(self, array: npt.NDArray[Any], fill: int) -> npt.NDArray[Any]:
        size = self._size()
        if len(array) >= size:
            return array.copy()
        grown = np.full(size, fill, dtype=array.dtype)
        grown[: len(array)] = array
        return grown

    def _set_lengths(self, folded: dict[int, str], *, replace: bool = False) -> None:
        lengths = (
            np.zeros(self._size(), dtype=np.int32) if replace else self._grown(self.lengths, 0)
        )
        for pk, text in folded.items():
            lengths[pk] = len(text)
        self.lengths = lengths

    def _set_codes(self, rows: Rows, *, replace: bool = False) -> None:
        for facet in SINGLE_VALUED:
            values = [] if replace else list(self.code_values[facet])
            index = {value: number for number, value in enumerate(values)}
            codes = (
                np.zeros(self._size(), dtype=np.int32)
                if replace
                else self._grown(self.codes[facet], 0)
            )
            for pk, value in rows.values[facet].items():
                if value not in index:
                    index[value] = len(values)
                    values.append(value)
                codes[pk] = index[value]
            self.codes[facet] = codes
            self.code_values[facet] = values

    def _set_order(self, by_name: npt.NDArray[np.int64]) -> None:
        """Positions from the database's order of names; ids not published sort last."""
        size = self._size()
        alive = np.frombuffer(self.alive.to_array(), dtype=np.uint32).astype(np.int64)
        # A row published or withdrawn between two reads: only what this snapshot holds.
        by_name = by_name[np.isin(by_name, alive)]
        self.by_name = by_name
        self.name_position = np.full(size, size, dtype=np.int64)
        self.name_position[by_name] = np.arange(len(by_name), dtype=np.int64)
        lengths = self.lengths[by_name] if len(by_name) else np.zeros(0, dtype=np.int32)
        by_length = by_name[np.argsort(lengths, kind="stable")]
        self.order_key = np.full(size, size, dtype=np.int64)
        self.order_key[by_length] = np.arange(len(by_length), dtype=np.int64)

    def _set_vocabulary(self) -> None:
        """Words a misspelled query word may be corrected to, by length."""
        vocabulary: dict[int, list[str]] = defaultdict(list)
        for word in {*self.terms.keys, *self.name_words.keys}:
            if len(word) >= 3 and _LETTERS.match(word):
                vocabulary[len(word)].append(word)
        self.vocabulary = {length: sorted(found) for length, found in vocabulary.items()}

    def updated(self, revision: tuple[int, str], changed: Iterable[int]) -> Snapshot:
        """A new snapshot with the organisations ``changed`` read again."""
        ids = sorted(set(changed))
        rows = _read(ids)
        gone = BitMap(ids)
        alive = (self.alive - gone) | BitMap(rows.ids)
        names = dict(self.names)
        reorder = False
        for pk in ids:
            before, after = self.names.get(pk), rows.names.get(pk)
            if before != after:
                reorder = True
            if after is None:
                names.pop(pk, None)
            else:
                names[pk] = after
        folded = dict(self.folded)
        old_words: set[str] = set()
        old_positions: list[str] = []
        old_names: list[str] = []
        for pk in ids:
            before_folded = folded.pop(pk, None)
            if before_folded is not None:
                name_words, name_positions = _name_keys(before_folded)
                old_words |= name_words
                old_positions += name_positions
                old_names.append(before_folded)
        folded.update(rows.folded)
        words, positions, full = _name_postings(rows)
        updated = Snapshot(
            revision=revision,
            alive=alive,
            names=names,
            folded=folded,
            lengths=self.lengths,
            by_name=self.by_name,
            name_position=self.name_position,
            order_key=self.order_key,
            terms=self.terms.patched(gone, rows.terms),
            name_words=self.name_words.patched(gone, words, old_words),
            name_positions=self.name_positions.patched(gone, positions, old_positions),
            full_names=self.full_names.patched(gone, full, old_names),
            facets={
                facet: self.facets[facet].patched(gone, postings)
                for facet, postings in _facet_postings(rows).items()
            },
            codes=dict(self.codes),
            code_values=dict(self.code_values),
        )
        updated._set_lengths(rows.folded)
        updated._set_codes(rows)
        updated._set_order(_name_order() if reorder else self.by_name)
        if set(updated.terms.keys) == set(self.terms.keys) and set(updated.name_words.keys) == set(
            self.name_words.keys
        ):
            updated.vocabulary = self.vocabulary
        else:
            updated._set_vocabulary()
        return updated

    # --- Reading ---------------------------------------------------------------------------

    def facet(self, facet: str, value: str) -> BitMap:
        return self.facets[facet].get(value)

    def count(self, facet: str, within: BitMap) -> dict[str, int]:
        """Organisations in ``within`` per value of ``facet`` (blank values under "")."""
        if not within:
            return {}
        if facet in SINGLE_VALUED:
            ids = np.frombuffer(within.to_array(), dtype=np.uint32)
            numbers = np.bincount(self.codes[facet][ids], minlength=len(self.code_values[facet]))
            values = self.code_values[facet]
            return {values[code]: int(numbers[code]) for code in np.flatnonzero(numbers)}
        counts = {}
        for value, bitmap in self.facets[facet].maps.items():
            number = within.intersection_cardinality(bitmap)
            if number:
                counts[value] = number
        return counts

    def first(self, ids: BitMap, key: npt.NDArray[np.int64], start: int, size: int) -> list[int]:
        """The ids of ``ids`` at positions ``start`` to ``start + size`` ordered by ``key``."""
        if size <= 0 or start >= len(ids):
            return []
        if len(ids) == len(self.alive) and key is self.name_position:
            return [int(pk) for pk in self.by_name[start : start + size]]
        array = np.frombuffer(ids.to_array(), dtype=np.uint32).astype(np.int64)
        keys = key[array]
        end = min(start + size, len(array))
        chosen = np.argpartition(keys, end - 1)[:end] if end < len(array) else np.arange(len(array))
        chosen = chosen[np.argsort(keys[chosen], kind="stable")]
        return [int(pk) for pk in array[chosen[start:end]]]

    def close_words(self, word: str, limit: int = 4) -> list[str]:
        """Words of the registry spelled like ``word``: one edit away for words of four to
        seven letters, two for longer ones (a swap of two neighbours counts as one)."""
        if len(word) < 4:
            return []
        allowed = 1 if len(word) <= 7 else 2
        candidates = [
            candidate
            for length in range(len(word) - allowed, len(word) + allowed + 1)
            for candidate in self.vocabulary.get(length, ())
        ]
        found = process.extract(
            word, candidates, scorer=distance.OSA.distance, score_cutoff=allowed, limit=None
        )
        if not found:
            return []
        best = min(score for _word, score, _index in found)
        return sorted(w for w, score, _index in found if score == best)[:limit]


def _name_order() -> npt.NDArray[np.int64]:
    ids = (
        Organization.objects.filter(status=Status.PUBLISHED)
        .order_by("name", "pk")
        .values_list("pk", flat=True)
    )
    return np.fromiter(ids.iterator(chunk_size=10000), dtype=np.int64)


# --- The process's snapshot ------------------------------------------------------------------

_lock = threading.Lock()
_current: Snapshot | None = None


def latest_revision() -> tuple[int, str]:
    row = SearchRevision.objects.order_by("-number").values_list("number", "token").first()
    return (int(row[0]), str(row[1])) if row else (0, "")


def _changes_since(revision: tuple[int, str]) -> tuple[tuple[int, str], set[int] | None]:
    """The newest revision and the organisations changed after ``revision``; ``None`` when
    ``revision`` is no longer in the log (rolled back or pruned) or a change named all."""
    rows = list(
        SearchRevision.objects.filter(number__gte=revision[0])
        .order_by("number")
        .values_list("number", "token", "organizations")
    )
    if not rows or (rows[0][0], rows[0][1]) != revision:
        return revision, None
    changed: set[int] = set()
    for _number, _token, organizations in rows[1:]:
        if organizations is None:
            return (rows[-1][0], rows[-1][1]), None
        changed.update(int(pk) for pk in organizations)
    return (int(rows[-1][0]), str(rows[-1][1])), changed


def _publish(snapshot: Snapshot) -> None:
    cache.set(
        SNAPSHOT_KEY, pickle.dumps(snapshot, protocol=pickle.HIGHEST_PROTOCOL), SNAPSHOT_SECONDS
    )


def publish_fresh() -> Snapshot:
    """Build from the database and leave it in the shared cache (``build_search_index``)."""
    snapshot = Snapshot.build(latest_revision())
    _publish(snapshot)
    return snapshot


def _start() -> Snapshot:
    """The snapshot another process left in the cache, or one built here (one process
    builds while the others wait for it)."""

    def build() -> bytes:
        return pickle.dumps(Snapshot.build(latest_revision()), protocol=pickle.HIGHEST_PROTOCOL)

    snapshot: Snapshot = pickle.loads(build_once(SNAPSHOT_KEY, build, SNAPSHOT_SECONDS))  # noqa: S301
    return snapshot


def _caught_up(snapshot: Snapshot | None, latest: tuple[int, str]) -> Snapshot:
    if snapshot is None:
        snapshot = _start()
    if snapshot.revision == latest:
        return snapshot
    revision, changed = _changes_since(snapshot.revision)
    if changed is None or len(changed) > max(REBUILD_AFTER, len(snapshot.alive) // 5):
        fresh = Snapshot.build(latest_revision())
        _publish(fresh)
        return fresh
    updated = snapshot.updated(revision, changed) if changed else snapshot
    updated.revision = revision
    # One process per revision leaves its snapshot for processes that start later.
    if cache.add(f"search-index:published:{revision[0]}:{revision[1]}", 1, 600):
        _publish(updated)
    return updated


def current() -> Snapshot:
    """The index as of the database's newest revision."""
    global _current
    latest = latest_revision()
    snapshot = _current
    if snapshot is not None and snapshot.revision == latest:
        return snapshot
    with _lock:
        snapshot = _current
        if snapshot is None or snapshot.revision != latest:
            snapshot = _caught_up(snapshot, latest)
            _current = snapshot
    return snapshot


def forget() -> None:
    """Drop this process's snapshot (the next search starts again); for tests and benches."""
    global _current
    with _lock:
        _current = None
