"""TLS 1.2+ only, no plain HTTP, and an issued token appears in no table and no log."""

from __future__ import annotations

import json
import logging
import socket
import ssl
import warnings
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import MetaData, select

from app.cli import main

if TYPE_CHECKING:
    from pathlib import Path

    from tests.support.api import ApiServer


def handshake(api: ApiServer, version: ssl.TLSVersion) -> str:
    """Try a TLS handshake capped at ``version``; the negotiated version."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_ciphers("DEFAULT:@SECLEVEL=0")  # let this client even offer TLS 1.1
    with warnings.catch_warnings():  # Python deprecates TLS 1.1, which is the point
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.TLSv1_1
        context.maximum_version = version
    port = urlsplit(api.base).port
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:  # noqa: SIM117
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            return str(tls.version())


def test_tls_1_1_is_refused_by_the_server_and_1_2_is_accepted(shared_api: ApiServer) -> None:
    with pytest.raises(ssl.SSLError) as refused:
        handshake(shared_api, ssl.TLSVersion.TLSv1_1)
    # The client did offer TLS 1.1 (a local refusal would say "no protocols available");
    # the server answered with an alert or hung up (Debian's OpenSSL 3.0 reports the
    # hang-up as a closed connection, others as an EOF).
    message = str(refused.value).lower()
    hung_up = isinstance(refused.value, ssl.SSLEOFError | ssl.SSLZeroReturnError)
    assert "alert protocol version" in message or hung_up
    assert "no protocols available" not in message
    assert handshake(shared_api, ssl.TLSVersion.TLSv1_2) == "TLSv1.2"


def test_plain_http_gets_no_answer(shared_api: ApiServer) -> None:
    plain = shared_api.base.replace("https://", "http://")
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{plain}/v1/health", timeout=5)


def test_the_certificate_names_this_host_and_is_pinned_by_fingerprint(
    shared_api: ApiServer,
) -> None:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(shared_api.cert.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "farm-pc-test" in names.get_values_for_type(x509.DNSName)
    assert "127.0.0.1" in [str(a) for a in names.get_values_for_type(x509.IPAddress)]
    key = shared_api.settings.api_dir / "api-key.pem"
    assert key.stat().st_mode & 0o777 == 0o600
    with shared_api.client() as client:
        assert client.get("/v1/health").status_code == 200


def dump_database(api: ApiServer) -> str:
    """Every value of every table, as text."""
    metadata = MetaData()
    metadata.reflect(api.engine)
    parts: list[str] = []
    with api.engine.connect() as conn:
        for table in metadata.sorted_tables:
            parts.extend(repr(tuple(row)) for row in conn.execute(select(table)))
    return "\n".join(parts)


def test_an_issued_token_is_in_no_table_and_no_log(
    api_server: ApiServer, tmp_path: Path, capsys: Any, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    config = tmp_path / "fleetdeck.toml"
    config.write_text(f'api_dir = "{api_server.settings.api_dir}"\n', encoding="utf-8")
    db = api_server.settings.db
    assert main(["--db", db, "--config", str(config), "api", "token", "create", "--name", "x",
                 "--json"]) == 0  # fmt: skip
    issued = json.loads(capsys.readouterr().out)
    token = issued["token"]
    with api_server.client(token=token) as client:
        assert client.get("/v1/flows").status_code == 200
        assert client.post("/v1/batches", content=b"not json").status_code == 400
        assert client.post("/v1/callbacks/test").status_code == 202
    with api_server.client(token=token[:-1] + "x") as client:
        assert client.get("/v1/flows").status_code == 401
    secret_part = token.removeprefix("fdk_")
    dump = dump_database(api_server)
    assert issued["prefix"] in dump  # the prefix is kept, to be shown
    assert secret_part not in dump
    assert secret_part[8:] not in dump
    logs = caplog.text + capsys.readouterr().err
    assert secret_part not in logs
