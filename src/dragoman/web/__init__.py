"""REST API and dashboard over a dragoman database: ``create_app(db_path)`` is what ``dragoman serve`` runs.

>>> from dragoman.web import create_app
>>> app = create_app("dragoman.duckdb")  # doctest: +SKIP
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
