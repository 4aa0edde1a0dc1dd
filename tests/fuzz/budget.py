"""Running a property for a time budget, in rounds of seeds that replay; and inputs damaged on purpose."""

from __future__ import annotations

import os
import random
import time
from typing import Callable

from hypothesis import seed, strategies as st

FUZZ_SECONDS = float(os.environ.get("DRAGOMAN_FUZZ_SECONDS") or 0)  # per target; 0: the quick pass of make test
FUZZ_SEED = int(os.environ.get("DRAGOMAN_FUZZ_SEED") or random.SystemRandom().randrange(10**9))
FIRST_ROUND = int(os.environ.get("DRAGOMAN_FUZZ_ROUND") or 0)  # replay from the round that failed
QUICK_EXAMPLES = 15
ROUND_EXAMPLES = 40


class FuzzFailure(AssertionError):
    """A property failed in a fuzz round; the message says how to replay it."""


def fuzz(prop: Callable[[], None]) -> int:
    """Run a @given property: once (deterministic) in `make test`; under `make fuzz`, round after round
    (seed FUZZ_SEED + round, from FIRST_ROUND) until FUZZ_SECONDS have passed. Returns the rounds run."""
    if not FUZZ_SECONDS:
        prop()
        return 1
    deadline, rounds = time.monotonic() + FUZZ_SECONDS, FIRST_ROUND
    while rounds == FIRST_ROUND or time.monotonic() < deadline:
        try:
            seed(FUZZ_SEED + rounds)(prop)()
        except Exception as err:
            raise FuzzFailure(f"{prop.__name__} failed in round {rounds}; replay it with "
                              f"make fuzz FUZZ_SEED={FUZZ_SEED} FUZZ_ROUND={rounds}") from err
        rounds += 1
    return rounds - FIRST_ROUND


MUTATION = st.one_of(
    st.tuples(st.just("cut"), st.floats(0, 1)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=24)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 64)),
    st.tuples(st.just("repeat"), st.floats(0, 1), st.integers(1, 400)),
)


def damaged(seeds: list[bytes], max_mutations: int = 4) -> st.SearchStrategy[bytes]:
    """One of ``seeds`` (valid inputs) cut short, with bytes flipped, inserted, deleted or repeated."""
    return st.builds(mutate, st.sampled_from(seeds), st.lists(MUTATION, max_size=max_mutations))


def mutate(data: bytes, mutations: list[tuple]) -> bytes:
    for kind, where, *arg in mutations:
        at = int(where * len(data))
        if kind == "cut":
            data = data[:at]
        elif kind == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ arg[0]]) + data[at + 1:]
        elif kind == "insert":
            data = data[:at] + arg[0] + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + arg[0]:]
        elif kind == "repeat":
            data = data[:at + arg[0]] + data[at:]
    return data
