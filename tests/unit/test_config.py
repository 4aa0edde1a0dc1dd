import pytest

from dragoman.config import SETTINGS, Config, load_config
from dragoman.errors import UsageError


def test_precedence(tmp_path):
    toml = tmp_path / "dragoman.toml"
    toml.write_text('[dragoman]\ndb = "from-file.duckdb"\nmax_bytes = 10\n')
    config = load_config(toml, env={"DRAGOMAN_MAX_BYTES": "20"}, overrides={"batch_size": 3})
    assert (config.db, config.max_bytes, config.batch_size) == ("from-file.duckdb", 20, 3)


def test_bad_values_are_usage_errors(tmp_path):
    with pytest.raises(UsageError):
        load_config(env={"DRAGOMAN_MAX_BYTES": "lots"})
    with pytest.raises(UsageError):
        Config().with_overrides({"nonsense": 1})
    bad = tmp_path / "bad.toml"
    bad.write_text("not = [toml")
    with pytest.raises(UsageError):
        load_config(bad)


def test_settings_table_matches_config_and_docs():
    from pathlib import Path

    fields = set(Config.__dataclass_fields__)
    assert {s.name for s in SETTINGS} == fields
    doc = (Path(__file__).resolve().parents[2] / "docs" / "configuration.md").read_text()
    for setting in SETTINGS:
        assert f"`{setting.name}`" in doc
