"""dragoman: news articles in, PLOVER political events out.

>>> import dragoman
>>> events = dragoman.code("Russia and Turkey signed a ceasefire deal in Moscow on Monday.",
...                        published="2020-01-14")  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Pipeline", "code", "dates", "extract", "places", "__version__"]

from .api import Pipeline, code, dates, extract, places
