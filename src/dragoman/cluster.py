"""Cross-article event clusters: report-level mentions of the same event become one event.

Pure Python over mention rows read from the store (``Store.iter_cluster_rows``) in the order
(event type, modality, day, id); the store writes the clusters back (``Store.rebuild_events``).
Only the clusters whose time window is still open are held in memory, so a corpus of millions of
mentions is clustered in one pass. The rules are in docs/clustering.md:

- same event type and same modality (negated mentions are not clustered at all);
- participants overlap: an actor in common or a recipient in common (actors and recipients are
  pooled for the symmetric types CONSULT, AGREE, COOPERATE), and no side contradicts (a side may be
  empty); one participant is the same as another when their names match and their codes, where
  both are known, agree. Mentions without any participant join only a cluster at the same place;
- dates within ``window_days`` of the cluster's first day (undated mentions only with undated);
- places compatible: same country where both are known, and two towns at most ``max_km`` apart.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Iterator

from .records import content_hash

SYMMETRIC_TYPES = frozenset(("CONSULT", "AGREE", "COOPERATE"))
COARSE_FEATURES = frozenset(("country", "region", "admin1"))


@dataclass(frozen=True)
class ClusterSettings:
    """The clustering rules' parameters (config: cluster_window_days, cluster_max_km)."""

    window_days: int = 3
    max_km: float = 150.0

    @classmethod
    def from_config(cls, config) -> "ClusterSettings":
        return cls(window_days=config.cluster_window_days, max_km=config.cluster_max_km)


@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    code: str = ""


@dataclass(frozen=True, slots=True)
class MentionRow:
    """What clustering needs of one mention and of the article that reports it."""

    id: str
    original: str  # the reporting document, or the document it is a near-duplicate of
    source: str  # the publisher of ``original`` (its id when the publisher is unknown)
    seen: str | None  # publication date of the reporting document
    event_type: str
    modality: tuple[str, ...]
    actors: tuple[Participant, ...]
    recipients: tuple[Participant, ...]
    day: date | None  # the mention's date, else its document's publication date
    date: str | None = None
    mode: str | None = None
    location: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None


@dataclass(frozen=True)
class EventCluster:
    """One event: the mentions that report it and what they agree on."""

    id: str
    event_type: str
    mode: str | None
    modality: tuple[str, ...]
    actors: tuple[Participant, ...]
    recipients: tuple[Participant, ...]
    date: str | None
    location: str | None
    country: str | None
    lat: float | None
    lon: float | None
    n_mentions: int
    n_articles: int
    n_sources: int
    first_seen: str | None
    last_seen: str | None
    mention_ids: tuple[str, ...]


def cluster_mentions(rows: Iterable[MentionRow], settings: ClusterSettings = ClusterSettings()
                     ) -> Iterator[EventCluster]:
    """Clusters of mentions sorted by (event_type, modality, day, id); each cluster once.

    >>> a = MentionRow("m1", "d1", "AFP", "2020-01-14", "ASSAULT", (), (Participant("Russia", "RUS"),), (),
    ...                date(2020, 1, 13))
    >>> b = MentionRow("m2", "d2", "TASS", "2020-01-15", "ASSAULT", (), (Participant("Russia", "RUS"),), (),
    ...                date(2020, 1, 14))
    >>> [c.n_articles for c in cluster_mentions([a, b])]
    [2]
    """
    window = _Window(settings)
    block = None
    for row in rows:
        key = (row.event_type, row.modality, row.day is None)
        if key != block:
            yield from window.flush()
            block = key
        yield from window.expire(row.day)
        window.place(row)
    yield from window.flush()


class _Window:
    """The open clusters of one block (type, modality, dated or not), indexed by participant."""

    def __init__(self, settings: ClusterSettings) -> None:
        self.settings = settings
        self.open: deque[_Open] = deque()
        self.index: dict[str, set[int]] = {}
        self.by_id: dict[int, _Open] = {}
        self.serial = 0

    def expire(self, day: date | None) -> Iterator[EventCluster]:
        """Close the clusters that no mention of ``day`` or later can join."""
        while day is not None and self.open and (day - self.open[0].first_day).days > self.settings.window_days:
            yield self.close(self.open.popleft())

    def flush(self) -> Iterator[EventCluster]:
        while self.open:
            yield self.close(self.open.popleft())

    def close(self, cluster: "_Open") -> EventCluster:
        for key in cluster.keys:
            serials = self.index[key]
            serials.discard(cluster.serial)
            if not serials:
                del self.index[key]
        del self.by_id[cluster.serial]
        return cluster.freeze()

    def place(self, row: MentionRow) -> None:
        """Add the mention to the best compatible open cluster, or open a new one."""
        keys = index_keys(row)
        candidates = {serial for key in keys for serial in self.index.get(key, ())}
        scored = [(self.by_id[s].score(row, self.settings), -s) for s in candidates]
        best = max((item for item in scored if item[0] > 0), default=None)
        if best is None:
            self.serial += 1
            cluster = _Open(serial=self.serial, first_day=row.day)
            self.open.append(cluster)
            self.by_id[cluster.serial] = cluster
        else:
            cluster = self.by_id[-best[1]]
        cluster.add(row)
        for key in keys - cluster.keys:
            self.index.setdefault(key, set()).add(cluster.serial)
        cluster.keys |= keys


def index_keys(row: MentionRow) -> set[str]:
    """The keys under which a mention finds candidate clusters: its participants, else its place."""
    keys = {p.name.casefold() for p in (*row.actors, *row.recipients) if p.name}
    if not keys and row.location:
        keys.add("@" + row.location.casefold())
    return keys


class _Open:
    """A cluster being built (mutable, private to this module): its mentions and what joining needs."""

    __slots__ = ("serial", "first_day", "keys", "rows", "actors", "recipients", "countries", "places",
                 "anchor")

    def __init__(self, serial: int, first_day: date | None) -> None:
        self.serial = serial
        self.first_day = first_day
        self.keys: set[str] = set()
        self.rows: list[MentionRow] = []
        self.actors: set[Participant] = set()
        self.recipients: set[Participant] = set()
        self.countries: set[str] = set()
        self.places: set[str] = set()
        self.anchor: tuple[float, float] | None = None

    def add(self, row: MentionRow) -> None:
        self.rows.append(row)
        self.actors.update(row.actors)
        self.recipients.update(row.recipients)
        if row.country:
            self.countries.add(row.country)
        if row.location:
            self.places.add(row.location)
        if self.anchor is None and is_town(row):
            self.anchor = (row.lat, row.lon)

    def score(self, row: MentionRow, settings: ClusterSettings) -> int:
        """0 when the mention cannot join; else how many participants it shares (at least 1)."""
        if not self.places_agree(row, settings.max_km):
            return 0
        if not (row.actors or row.recipients):  # such clusters are found by place only (index_keys)
            return 1 if row.location in self.places else 0
        return shared_participants(row, self.actors, self.recipients)

    def places_agree(self, row: MentionRow, max_km: float) -> bool:
        if row.country and self.countries and row.country not in self.countries:
            return False
        if self.anchor is None or not is_town(row):
            return True
        return distance_km(self.anchor, (row.lat, row.lon)) <= max_km

    def freeze(self) -> EventCluster:
        return freeze_rows(self.rows)


def freeze_rows(rows: list[MentionRow]) -> EventCluster:
    """The event that a cluster's mentions (in the order they joined) describe together."""
    first = rows[0]
    if len(rows) == 1:
        return freeze_one(first)
    actors, recipients = Counter(), Counter()
    for row in rows:
        actors.update(row.actors)
        recipients.update(row.recipients)
    places = Counter((r.location, r.country, r.lat, r.lon) for r in rows if r.location)
    location = places.most_common(1)[0][0] if places else (None, None, None, None)
    modes = Counter(r.mode for r in rows if r.mode)
    seen = [r.seen for r in rows if r.seen]
    return EventCluster(
        id=content_hash("event", first.id), event_type=first.event_type,
        mode=modes.most_common(1)[0][0] if modes else None, modality=first.modality,
        actors=ranked(actors), recipients=ranked(recipients),
        date=pick_date(Counter(r.date for r in rows if r.date)), location=location[0],
        country=location[1], lat=location[2], lon=location[3], n_mentions=len(rows),
        n_articles=len({r.original for r in rows}), n_sources=len({r.source for r in rows}),
        first_seen=min(seen, default=None), last_seen=max(seen, default=None),
        mention_ids=tuple(r.id for r in rows))


def freeze_one(row: MentionRow) -> EventCluster:
    """A cluster of one mention (most of them), without the counting."""
    return EventCluster(
        id=content_hash("event", row.id), event_type=row.event_type, mode=row.mode, modality=row.modality,
        actors=unique_names(row.actors), recipients=unique_names(row.recipients), date=row.date,
        location=row.location, country=row.country if row.location else None,
        lat=row.lat if row.location else None, lon=row.lon if row.location else None,
        n_mentions=1, n_articles=1, n_sources=1, first_seen=row.seen, last_seen=row.seen,
        mention_ids=(row.id,))


def unique_names(participants: tuple[Participant, ...]) -> tuple[Participant, ...]:
    if len(participants) < 2:
        return participants
    return ranked(Counter(participants))


def shared_participants(row: MentionRow, actors: set[Participant], recipients: set[Participant]) -> int:
    """Participants in common; 0 when there are none or when one side contradicts the other."""
    if row.event_type in SYMMETRIC_TYPES:
        return overlap((*row.actors, *row.recipients), actors | recipients)
    on_actor = overlap(row.actors, actors)
    on_recipient = overlap(row.recipients, recipients)
    if (row.actors and actors and not on_actor) or (row.recipients and recipients and not on_recipient):
        return 0
    return on_actor + on_recipient


def overlap(mine: Iterable[Participant], theirs: set[Participant]) -> int:
    """How many of ``mine`` name someone in ``theirs`` (codes must agree where both are known)."""
    names: dict[str, set[str]] = {}
    for p in theirs:
        names.setdefault(p.name.casefold(), set()).add(p.code)
    count = 0
    for p in mine:
        codes = names.get(p.name.casefold())
        if codes is not None and (not p.code or "" in codes or p.code in codes):
            count += 1
    return count


def ranked(counter: Counter) -> tuple[Participant, ...]:
    """Participants by how many mentions name them, one per name (the most frequent code wins)."""
    out: dict[str, Participant] = {}
    for participant, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].name, kv[0].code)):
        key = participant.name.casefold()
        if key not in out:
            out[key] = participant
        elif not out[key].code and participant.code:
            out[key] = participant
    return tuple(out.values())


def pick_date(dates: Counter) -> str | None:
    """The most frequent full date (the earliest of equals), else the most frequent coarser one."""
    full = [(n, d) for d, n in dates.items() if len(d) == 10]
    pool = full or [(n, d) for d, n in dates.items()]
    if not pool:
        return None
    top = max(n for n, _ in pool)
    return min(d for n, d in pool if n == top)


def is_town(row: MentionRow) -> bool:
    return row.lat is not None and row.lon is not None and row.feature not in COARSE_FEATURES


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres.

    >>> round(distance_km((32.9, 13.2), (32.1, 20.1)))  # Tripoli - Benghazi
    653
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))
