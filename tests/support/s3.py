"""A real S3 HTTP endpoint on 127.0.0.1: moto's server, on a free port, per test session.

boto3 talks HTTP to it exactly as to a cloud store. ``S3Server.stop()`` closes the port
(connections are refused, as when a store goes away) and ``start()`` opens it again
on the same port with the same buckets: moto keeps its state in this process.
"""

from __future__ import annotations

import socket
import uuid
from typing import TYPE_CHECKING, Any

import boto3
import pytest

from db.artifacts.s3 import S3Location

if TYPE_CHECKING:
    from collections.abc import Iterator

ACCESS_KEY = "FDTESTACCESSKEY0001"
SECRET_KEY = "fd-test-secret-9c1e7a4b52d8"  # tests look for it in output and logs
REGION = "cn-north-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class S3Server:
    """moto's S3 server on one port of 127.0.0.1."""

    def __init__(self) -> None:
        self.port = free_port()
        self._server: Any = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if self._server is None:
            from moto.server import ThreadedMotoServer  # heavy: only for tests that use it

            self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
            self._server.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def new_bucket(self) -> S3Location:
        """A fresh bucket and the location of it our store takes."""
        name = f"fd-{uuid.uuid4().hex[:12]}"
        client = boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return S3Location(
            bucket=name,
            endpoint=self.endpoint,
            prefix="farm-a/",
            region=REGION,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            connect_timeout_s=1.0,
            read_timeout_s=5.0,
        )


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """The session's S3 endpoint (stopped at the end)."""
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_bucket(s3_server: S3Server) -> Iterator[S3Location]:
    """A bucket of its own for one test; the server is running again afterwards."""
    s3_server.start()
    yield s3_server.new_bucket()
    s3_server.start()
