"""TLS on the links between a PC and the MySQL server.

The modes follow the MySQL client's ``--ssl-mode``:

- ``off``: nothing is required (the driver still encrypts, unverified, when the
  server offers TLS);
- ``required``: the link is encrypted or refused; the server's certificate is not
  checked, so this guards against listening, not against a server impostor;
- ``verify-ca``: encrypted, and the server's certificate must be signed by ``ca``;
- ``verify-identity``: as ``verify-ca``, and the certificate must name the host the
  URL connects to.

A client certificate and key (``cert``, ``key``) are sent when given, for servers
whose accounts ``REQUIRE X509``.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pathlib import Path

TlsMode = Literal["off", "required", "verify-ca", "verify-identity"]
TLS_MODES: tuple[TlsMode, ...] = ("off", "required", "verify-ca", "verify-identity")
# MySQL client errors of the TLS handshake: CR_SSL_CONNECTION_ERROR.
MYSQL_TLS_ERROR = 2026


class TlsSetupError(ValueError):
    """A TLS file cannot be used; the message names the setting and the file."""


@dataclass(frozen=True)
class DbTls:
    """How a MySQL connection uses TLS; see the module's notes for the modes."""

    mode: TlsMode = "off"
    ca: Path | None = None
    cert: Path | None = None
    key: Path | None = None

    @property
    def enabled(self) -> bool:
        """Whether TLS is required (every mode but ``off``)."""
        return self.mode != "off"

    def context(self) -> ssl.SSLContext | None:
        """The SSL context for the driver; None when TLS is off.

        The driver refuses a server without TLS whenever it is given a context
        (MySQL client error 2026), before it sends the user's credentials.
        """
        if not self.enabled:
            return None
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if self.mode == "required":
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        else:
            _trust_ca(ctx, self.ca)
            ctx.check_hostname = self.mode == "verify-identity"
            ctx.verify_mode = ssl.CERT_REQUIRED
        if self.cert is not None:
            try:
                ctx.load_cert_chain(self.cert, self.key)
            except (OSError, ssl.SSLError) as exc:
                raise TlsSetupError(
                    f"cannot use the client certificate {self.cert} and key {self.key} "
                    f"(db_tls_cert, db_tls_key): {_reason(exc)}"
                ) from None
        return ctx


def _trust_ca(ctx: ssl.SSLContext, path: Path | None) -> None:
    if path is None:
        raise TlsSetupError("db_tls_ca is needed: the CA certificate that signed the server's")
    try:
        ctx.load_verify_locations(cafile=str(path))
    except (OSError, ssl.SSLError) as exc:
        raise TlsSetupError(f"cannot use db_tls_ca {path}: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError):
        return exc.reason or str(exc)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def describe_tls_failure(detail: str) -> str | None:
    """Word a TLS handshake failure for the operator; None when ``detail`` is none."""
    text = detail.lower()
    if "ssl is required" in text or "doesn't support it" in text:
        return "the database server does not offer TLS, and db_tls requires it"
    if "certificate verify failed" in text:
        if "hostname" in text or "ip address mismatch" in text:
            return (
                "the database server's certificate does not name the host in the URL "
                "(db_tls = verify-identity)"
            )
        return (
            "the database server's certificate is not signed by db_tls_ca "
            "(or has expired): the server may not be the one you meant"
        )
    if "alert" in text or "eof occurred in violation" in text:
        return (
            "the database server ended the TLS handshake; it may not accept this PC's "
            f"client certificate (db_tls_cert): {detail}"
        )
    if "ssl" in text or "tls" in text or "certificate" in text:
        return f"the TLS handshake with the database server failed: {detail}"
    return None
