"""RFC 9457 problem details: one exception type, mapped once for every route.

Every error the API answers is ``application/problem+json`` with a stable ``type``
and ``title``, a ``status``, a ``detail`` in the caller's language and, for a 422,
every invalid field at once in ``errors``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.api.messages import render
from app.errors import ErrorCode, UserError

if TYPE_CHECKING:
    from fastapi import Request

PROBLEM_TYPE = "https://fleetdeck.local/problems/"
MEDIA_TYPE = "application/problem+json"

_USER_ERROR_STATUS = {
    ErrorCode.INVALID: (422, "invalid"),
    ErrorCode.NOT_FOUND: (404, "not_found"),
    ErrorCode.CONFLICT: (409, "conflict"),
    ErrorCode.UNAVAILABLE: (503, "overloaded"),
    ErrorCode.FAILED: (409, "conflict"),
}


class FieldError(BaseModel):
    """One invalid field of a request."""

    field: str
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] = Field(default_factory=list)


class ApiProblem(Exception):
    """An answer other than success; the handler renders it in the caller's language."""

    def __init__(
        self,
        status: int,
        code: str,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        **fields: Any,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.errors = errors or []
        self.headers = headers or {}
        self.fields = fields


def problem_response(request: Request, problem: ApiProblem) -> JSONResponse:
    """The problem as a response, ``detail`` in the request's Accept-Language."""
    title, detail = render(problem.code, request.headers.get("accept-language"), **problem.fields)
    body = Problem(
        type=PROBLEM_TYPE + problem.code,
        title=title,
        status=problem.status,
        detail=detail,
        code=problem.code,
        errors=problem.errors,
    )
    return JSONResponse(
        body.model_dump(),
        status_code=problem.status,
        media_type=MEDIA_TYPE,
        headers=problem.headers,
    )


def from_user_error(error: UserError) -> ApiProblem:
    """A request-layer error as a problem: its code decides the status."""
    status, code = _USER_ERROR_STATUS[error.code]
    message = str(error).rstrip(".")
    if code == "invalid":
        errors = [FieldError(field=error.field or "", message=message)]
        return ApiProblem(status, code, errors=errors, count=1)
    return ApiProblem(status, code, message=message)


def validation_errors(exc: RequestValidationError) -> list[FieldError]:
    """FastAPI's validation errors as our field list (the body's own path, dotted)."""
    result = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in ("body", "query", "path", "header"):
            loc = loc[1:] if loc[0] == "body" else loc
        result.append(FieldError(field=".".join(loc), message=str(error.get("msg", "invalid"))))
    return result


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblem)
    return problem_response(request, exc)


async def _on_user_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, UserError)
    return problem_response(request, from_user_error(exc))


def _unparsed_body(error: Any) -> bool:
    """The body was not JSON at all (malformed, or sent without a JSON content type)."""
    if error.get("type") == "json_invalid":
        return True
    whole_body = tuple(error.get("loc", ())) == ("body",)
    return whole_body and isinstance(error.get("input"), bytes | str)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc)
    if any(_unparsed_body(e) for e in exc.errors()):
        return problem_response(request, ApiProblem(400, "bad_json", reason="malformed JSON"))
    return problem_response(request, ApiProblem(422, "invalid", errors=errors, count=len(errors)))


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        problem = ApiProblem(404, "not_found", message=f"no resource at {request.url.path}")
    elif exc.status_code == 405:
        allow = {"Allow": _allowed(request)}  # RFC 9110: a 405 lists the methods it takes
        problem = ApiProblem(405, "method_not_allowed", headers=allow, method=request.method)
    else:
        problem = ApiProblem(exc.status_code, "not_acceptable", message=str(exc.detail))
    return problem_response(request, problem)


def _allowed(request: Request) -> str:
    """Every method of every route at this path (Starlette names only the first route's)."""
    path = request.url.path
    methods: set[str] = set()
    for route in request.app.router.routes:
        pattern = getattr(route, "path_regex", None)
        if pattern is not None and pattern.match(path):
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


HANDLERS: dict[Any, Any] = {
    ApiProblem: _on_problem,
    UserError: _on_user_error,
    RequestValidationError: _on_validation,
    StarletteHTTPException: _on_http,
}


# Any call may meet these: a bad body or token, a limit, an overloaded server.
ALWAYS = (400, 401, 403, 413, 422, 429, 500, 503)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` declaring problem+json answers (schemathesis checks them)."""
    return {
        status: {"model": Problem, "content": {MEDIA_TYPE: {}}, "description": "a problem"}
        for status in sorted(set(statuses) | set(ALWAYS))
    }
