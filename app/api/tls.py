"""The API's TLS certificate: self-signed on first run for this host, or the operator's.

The certificate names the host name, ``localhost`` and the host's addresses; its
SHA-256 fingerprint is what a dispatch centre pins. The key file is mode 0600.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import os
import socket
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.errors import UserError

CERT_FILE = "api-cert.pem"
KEY_FILE = "api-key.pem"
VALID_DAYS = 825  # the longest validity clients accept for a TLS server certificate


def host_addresses(host_name: str) -> list[str]:
    """The addresses this host answers on, as far as name resolution tells."""
    found = {"127.0.0.1", "::1"}
    try:
        for info in socket.getaddrinfo(host_name, None):
            found.add(str(info[4][0]).split("%")[0])
    except OSError:
        pass  # a host name that does not resolve: the loopback addresses remain
    return sorted(found)


def ensure_certificate(folder: Path, host_name: str) -> tuple[Path, Path]:
    """The certificate and key in ``folder``, made on first call; (cert, key)."""
    cert_path, key_path = folder / CERT_FILE, folder / KEY_FILE
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = ec.generate_private_key(ec.SECP256R1())
    names: list[x509.GeneralName] = [x509.DNSName(host_name), x509.DNSName("localhost")]
    names += [x509.IPAddress(ipaddress.ip_address(a)) for a in host_addresses(host_name)]
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host_name[:64])])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem_key)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def fingerprint(cert_path: Path) -> str:
    """The SHA-256 fingerprint of a PEM certificate (hex, lower case, what clients pin)."""
    try:
        cert = x509.load_pem_x509_certificate(Path(cert_path).read_bytes())
    except (OSError, ValueError) as exc:
        raise UserError(f"--cert {cert_path}: not a readable PEM certificate ({exc})") from None
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
