"""TLS between a PC and MySQL: a MariaDB with TLS on (started here), and one without.

One server per module, with throwaway certificates from trustme; the plaintext
server is the test MariaDB on 3306 (it has TLS disabled).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.errors import UserError
from app.settings import load_settings
from db.engine import DatabaseUnavailable, open_engine
from db.tls import DbTls
from tests.support.cli import one_line_error, run_fleetdeck
from tests.support.database import IN_CI, MYSQL_ADMIN_URL
from tests.support.tls_mariadb import TlsFiles, TlsMariaDB, make_pki, mariadbd

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.mariadb


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_pki(tmp_path_factory.mktemp("pki"), "farm")


@pytest.fixture(scope="module")
def other_pki(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    """An unrelated CA: an impostor's, or a stale file copied from another farm."""
    return make_pki(tmp_path_factory.mktemp("other-pki"), "elsewhere")


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory, pki: TlsFiles) -> Iterator[TlsMariaDB]:
    if mariadbd() is None:
        message = "mariadbd is not installed"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    server = TlsMariaDB(tmp_path_factory.mktemp("tls-mariadb"), pki)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _session_tls(url: str, tls: DbTls) -> dict[str, str]:
    """Connect as FleetDeck does and ask the server how the session is protected."""
    engine = open_engine(make_url(url.replace("mysql://", "mysql+pymysql://")), tls=tls)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SHOW SESSION STATUS LIKE 'Ssl_%'")).all()
    finally:
        engine.dispose()
    return {str(name): str(value) for name, value in rows}


def test_required_gives_an_encrypted_session(tls_server: TlsMariaDB) -> None:
    status = _session_tls(tls_server.url(), DbTls("required"))
    assert status["Ssl_cipher"] != ""
    assert status["Ssl_version"] in {"TLSv1.2", "TLSv1.3"}


def test_verify_ca_accepts_the_farm_ca(tls_server: TlsMariaDB, pki: TlsFiles) -> None:
    status = _session_tls(tls_server.url(), DbTls("verify-ca", ca=pki.ca))
    assert status["Ssl_cipher"] != ""


def test_verify_identity_accepts_a_certificate_naming_the_host(
    tls_server: TlsMariaDB, pki: TlsFiles
) -> None:
    status = _session_tls(tls_server.url(), DbTls("verify-identity", ca=pki.ca))
    assert status["Ssl_cipher"] != ""


def test_verify_ca_refuses_a_server_signed_by_another_ca(
    tls_server: TlsMariaDB, other_pki: TlsFiles
) -> None:
    with pytest.raises(DatabaseUnavailable) as refused:
        _session_tls(tls_server.url(), DbTls("verify-ca", ca=other_pki.ca))
    message = str(refused.value)
    assert "not signed by db_tls_ca" in message
    assert "\n" not in message


def test_a_client_certificate_of_the_farm_is_accepted_and_a_foreign_one_refused(
    tls_server: TlsMariaDB, pki: TlsFiles, other_pki: TlsFiles
) -> None:
    # The server checks any client certificate against its CA, so the foreign one
    # failing proves the certificate is really sent.
    mine = DbTls("verify-ca", ca=pki.ca, cert=pki.client_cert, key=pki.client_key)
    assert _session_tls(tls_server.url(), mine)["Ssl_cipher"] != ""
    foreign = DbTls("verify-ca", ca=pki.ca, cert=other_pki.client_cert, key=other_pki.client_key)
    with pytest.raises(DatabaseUnavailable, match="TLS"):
        _session_tls(tls_server.url(), foreign)


def test_required_refuses_a_server_without_tls(mariadb_server: object) -> None:
    plain = make_url(MYSQL_ADMIN_URL)
    with pytest.raises(DatabaseUnavailable) as refused:
        open_engine(plain, tls=DbTls("required"))
    message = str(refused.value)
    assert message.startswith("the database server does not offer TLS, and db_tls requires it")
    assert "\n" not in message


def test_off_still_connects_to_a_server_without_tls(mariadb_server: object) -> None:
    engine = open_engine(make_url(MYSQL_ADMIN_URL), tls=DbTls("off"))
    with engine.connect() as conn:
        cipher = conn.execute(text("SHOW SESSION STATUS LIKE 'Ssl_cipher'")).one()[1]
    engine.dispose()
    assert cipher == ""


def test_cli_refuses_a_plaintext_server_in_one_line(mariadb_server: object, tmp_path: Path) -> None:
    plain = make_url(MYSQL_ADMIN_URL)
    url = f"mysql://root@{plain.host}:{plain.port or 3306}/{plain.database}"
    result = run_fleetdeck(
        "--db", url, "db", "status", home=tmp_path, env={"FLEETDECK_DB_TLS": "required"}
    )
    line = one_line_error(result)
    assert "does not offer TLS" in line


def test_cli_db_status_over_verified_tls(
    tls_server: TlsMariaDB, pki: TlsFiles, tmp_path: Path
) -> None:
    settings = tmp_path / "fleetdeck.toml"
    settings.write_text(
        f'db_tls = "verify-identity"\ndb_tls_ca = "{pki.ca}"\n'
        f'db_tls_cert = "{pki.client_cert}"\ndb_tls_key = "{pki.client_key}"\n',
        encoding="utf-8",
    )
    env = {"FLEETDECK_CONFIG": str(settings)}
    result = run_fleetdeck("--db", tls_server.url(), "db", "status", home=tmp_path, env=env)
    assert "fdtls: empty (database none" in result.stdout, result.stderr
    shown = run_fleetdeck("config", home=tmp_path, env=env)
    assert shown.returncode == 0, shown.stderr
    assert "verify-identity" in shown.stdout
    assert str(pki.ca) in shown.stdout


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ('db_tls = "verify-ca"\n', "settings: db_tls = verify-ca needs db_tls_ca"),
        ('db_tls = "sometimes"\n', "setting 'db_tls' from"),
        ('db_tls = "required"\ndb_tls_cert = "{cert}"\n', "db_tls_cert and db_tls_key go together"),
        ('db_tls = "verify-ca"\ndb_tls_ca = "/nowhere/ca.pem"\n', "no such file: /nowhere/ca.pem"),
        ('db_tls_ca = "{ca}"\n', "need db_tls turned on"),
    ],
)
def test_bad_tls_settings_are_named(
    tmp_path: Path, pki: TlsFiles, lines: str, expected: str
) -> None:
    settings = tmp_path / "fleetdeck.toml"
    settings.write_text(lines.format(cert=pki.client_cert, ca=pki.ca), encoding="utf-8")
    with pytest.raises(UserError) as bad:
        load_settings(env={}, config_file=settings)
    assert expected in str(bad.value)
    assert "\n" not in str(bad.value)


def test_cli_names_a_bad_tls_setting_in_one_line(tmp_path: Path) -> None:
    result = run_fleetdeck("config", home=tmp_path, env={"FLEETDECK_DB_TLS": "verify-ca"})
    line = one_line_error(result)
    assert line.endswith("settings: db_tls = verify-ca needs db_tls_ca (the CA's PEM file)")


def test_a_ca_file_that_is_no_certificate_is_named(tmp_path: Path) -> None:
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate\n", encoding="utf-8")
    with pytest.raises(DatabaseUnavailable, match=r"cannot use db_tls_ca .*ca\.pem"):
        open_engine(make_url(MYSQL_ADMIN_URL), tls=DbTls("verify-ca", ca=junk))
