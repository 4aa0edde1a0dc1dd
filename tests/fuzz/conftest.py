"""Hypothesis settings for the fuzz tests: a quick deterministic pass in `make test`, rounds of fresh
seeds for a time budget in `make fuzz` (DRAGOMAN_FUZZ_SECONDS per target, DRAGOMAN_FUZZ_SEED, DRAGOMAN_FUZZ_ROUND)."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

from .budget import FUZZ_SECONDS, FUZZ_SEED, QUICK_EXAMPLES, ROUND_EXAMPLES

SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                HealthCheck.function_scoped_fixture]
settings.register_profile("quick", derandomize=True, max_examples=QUICK_EXAMPLES, deadline=None, database=None,
                          suppress_health_check=SLOW_IS_FINE, print_blob=True)
settings.register_profile("fuzz", max_examples=ROUND_EXAMPLES, deadline=None, database=None,
                          suppress_health_check=SLOW_IS_FINE, print_blob=True)
settings.load_profile("fuzz" if FUZZ_SECONDS else "quick")


def pytest_report_header(config) -> str:
    if not FUZZ_SECONDS:
        return f"fuzz: quick deterministic pass ({QUICK_EXAMPLES} examples per target)"
    return f"fuzz: seed {FUZZ_SEED}, {FUZZ_SECONDS:g} s per target; replay with make fuzz FUZZ_SEED={FUZZ_SEED}"
