"""/v1/artifacts/{id}: a failure's screenshot, hierarchy, log or frames (same token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from app.api import service
from app.api.auth import context, require
from app.api.problems import ApiProblem, problem_responses
from app.artifact_setup import read_artifact
from db.dispatch.states import Scope

router = APIRouter(prefix="/v1/artifacts", tags=["artifacts"])
READ = Depends(require(Scope.TASKS_READ))
MEDIA_TYPES = {
    "screenshot": "image/png",
    "hierarchy": "application/xml",
    "log": "text/plain; charset=utf-8",
    "frames": "image/webp",
}


@router.get(
    "/{artifact_id}",
    response_class=Response,
    responses={
        200: {"content": {m: {} for m in MEDIA_TYPES.values()}, "description": "its bytes"},
        **problem_responses(404, 409),
    },
)
def get_artifact(
    request: Request,
    artifact_id: Annotated[str, Path(pattern="^[0-9a-f]{32}$")],
    caller: service.Caller = READ,
) -> Response:
    """An artifact's bytes, verified against their recorded SHA-256 (ETag)."""
    reader = context(request).artifacts
    if reader is None:
        raise ApiProblem(503, "overloaded")
    found = read_artifact(reader, artifact_id)
    kind = found.info.kind.value
    return Response(
        content=found.data,
        media_type=MEDIA_TYPES.get(kind, "application/octet-stream"),
        headers={"ETag": f'"{found.info.sha256}"', "Cache-Control": "private, max-age=3600"},
    )
