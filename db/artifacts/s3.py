"""The ``s3`` backend: any S3-compatible object store, through boto3.

Alibaba OSS, Tencent COS, Huawei OBS, MinIO and AWS all speak this API; the endpoint
URL says which. Objects are ``PREFIX + id``. Credentials come from the settings or, when
those are empty, from boto3's usual chain (``AWS_ACCESS_KEY_ID`` ...); they are never
logged: botocore's own loggers are held at WARNING, where they print no request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from db.artifacts.store import CONTENT_TYPES, ArtifactKind, ArtifactMissing, StoreUnavailable

for _name in ("botocore", "boto3", "urllib3"):
    logging.getLogger(_name).setLevel(logging.WARNING)

_MISSING_CODES = {"NoSuchKey", "404", "NotFound"}


@dataclass(frozen=True)
class S3Location:
    """Where and how to reach the bucket (``secret_key`` is never printed)."""

    bucket: str
    endpoint: str = ""
    prefix: str = "fleetdeck/"
    region: str = ""
    access_key: str = ""
    secret_key: str = field(default="", repr=False)
    connect_timeout_s: float = 5.0
    read_timeout_s: float = 30.0


class S3BlobStore:
    """Objects in one bucket; a short timeout, so a dead endpoint fails fast."""

    name = "s3"

    def __init__(self, location: S3Location) -> None:
        self.location = location
        options: dict[str, Any] = {
            "config": Config(
                connect_timeout=location.connect_timeout_s,
                read_timeout=location.read_timeout_s,
                retries={"max_attempts": 2, "mode": "standard"},
                signature_version="s3v4",
                s3={"addressing_style": "path"},
            )
        }
        if location.endpoint:
            options["endpoint_url"] = location.endpoint
        if location.region:
            options["region_name"] = location.region
        if location.access_key:
            options["aws_access_key_id"] = location.access_key
            options["aws_secret_access_key"] = location.secret_key
        self._client = boto3.session.Session().client("s3", **options)

    def key_of(self, artifact_id: str) -> str:
        return f"{self.location.prefix}{artifact_id}"

    def put(self, artifact_id: str, data: bytes, kind: ArtifactKind) -> None:
        self._call(
            "store",
            artifact_id,
            lambda: self._client.put_object(
                Bucket=self.location.bucket,
                Key=self.key_of(artifact_id),
                Body=data,
                ContentType=CONTENT_TYPES[kind],
            ),
        )

    def get(self, artifact_id: str) -> bytes:
        answer = self._call(
            "read",
            artifact_id,
            lambda: self._client.get_object(
                Bucket=self.location.bucket, Key=self.key_of(artifact_id)
            ),
        )
        return self._call("read", artifact_id, lambda: answer["Body"].read())  # type: ignore[no-any-return]

    def delete(self, artifact_id: str) -> None:
        self._call(
            "delete",
            artifact_id,
            lambda: self._client.delete_object(
                Bucket=self.location.bucket, Key=self.key_of(artifact_id)
            ),
        )

    def _call(self, verb: str, artifact_id: str, request: Any) -> Any:
        where = f"s3 bucket {self.location.bucket!r}"
        try:
            return request()
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in _MISSING_CODES:
                raise ArtifactMissing(f"artifact {artifact_id} is not in {where}") from None
            raise StoreUnavailable(f"{where}: cannot {verb} {artifact_id}: {code}") from None
        except (BotoCoreError, OSError) as exc:
            raise StoreUnavailable(f"{where}: cannot {verb} {artifact_id}: {exc}") from None
