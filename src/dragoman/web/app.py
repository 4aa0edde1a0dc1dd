"""The FastAPI app: REST API under /api, the dashboard at /, offline API docs at /docs."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any, AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import BadParameter, DragomanError, NotFound, StoreBusy, UsageError
from .routes import router, warm
from .snapshots import Snapshots

DESCRIPTION = """Read-only access to the PLOVER event records of a dragoman database.

Every error is one JSON object: `{"error": {"status", "code", "message", "parameter"}}`.
See docs/api.md for the endpoints, their parameters and examples."""
# The dashboard loads nothing from elsewhere: the browser is told so, and enforces it.
DASHBOARD_HEADERS = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                                                "style-src 'self'; script-src 'self'; object-src 'none'",
                     "Cache-Control": "no-cache"}
STATUS_OF = ((BadParameter, 400), (UsageError, 400), (NotFound, 404), (StoreBusy, 503), (DragomanError, 500))


def create_app(db_path: str, snapshot_dir: str | None = None, check_every: float = 1.0,
               open_wait: float = 10.0) -> FastAPI:
    """The app for one database file, which must exist; nothing is read until the app starts.

    ``snapshot_dir``: where the server keeps its copy of the database (default: a temporary folder).
    ``check_every``: seconds between looks at the file for new data.
    """
    if not os.path.isfile(db_path):
        raise UsageError(f"database {db_path} does not exist; run `dragoman ingest PATH --db {db_path}` first")
    snapshots = Snapshots(db_path, snapshot_dir, check_every, warm=warm)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(snapshots.open, open_wait)
        try:
            yield
        finally:
            await run_in_threadpool(snapshots.close)

    app = FastAPIOffline(title="dragoman", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                         static_url="/static/docs")
    app.state.snapshots = snapshots
    app.include_router(router)
    app.mount("/static", StaticFiles(packages=[("dragoman.web", "static")]), name="static")
    app.add_api_route("/", dashboard, methods=["GET"], include_in_schema=False)
    add_error_handlers(app)
    return app


def dashboard() -> FileResponse:
    page = resources.files("dragoman.web") / "static" / "index.html"
    return FileResponse(str(page), media_type="text/html", headers=DASHBOARD_HEADERS)


def error_response(status: int, code: str, message: str, parameter: str | None = None) -> JSONResponse:
    """The one error shape of the API."""
    return JSONResponse({"error": {"status": status, "code": code, "message": message, "parameter": parameter}},
                        status_code=status)


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DragomanError, on_dragoman_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected_error)


async def on_dragoman_error(_request: Request, err: DragomanError) -> JSONResponse:
    status = next(code for kind, code in STATUS_OF if isinstance(err, kind))
    return error_response(status, err.code, err.message, getattr(err, "parameter", None))


async def on_validation_error(_request: Request, err: RequestValidationError) -> JSONResponse:
    first: dict[str, Any] = err.errors()[0]
    parameter = str(first["loc"][-1]) if first.get("loc") else None
    got = f" (got {first['input']!r})" if first.get("input") is not None else ""
    message = f"parameter {parameter!r}: {first['msg'][:1].lower()}{first['msg'][1:]}{got}"
    return error_response(400, BadParameter.code, message, parameter)


async def on_http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
    messages = {404: f"nothing at {request.url.path}; the API is under /api (see /docs), the dashboard at /",
                405: f"{request.method} is not allowed: the API is read-only, use GET"}
    return error_response(err.status_code, f"H{err.status_code}", messages.get(err.status_code, str(err.detail)))


async def on_unexpected_error(_request: Request, err: Exception) -> JSONResponse:
    return error_response(500, "E000", f"internal error ({err.__class__.__name__}: {err}); please report it")
