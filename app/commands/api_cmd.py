"""``api``: serve the dispatch-centre API, and manage its tokens, endpoint and certificate.

Contracts (issue 11): ``api token create --json`` -> {"id", "token", "prefix",
"scopes"} (the only time the token is shown); ``api endpoint set URL --json`` ->
{"url", "secret"}; ``api endpoint rotate-secret --json`` -> {"url", "secret"};
``api cert show --json`` -> {"path", "sha256"}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from app.commands.cli_parsing import split_list
from app.errors import UserError
from app.pool_calls import open_pool, pool_call
from app.submission import operator_name
from db.dispatch.states import ALL_SCOPES, EventType
from db.dispatch.tokens import create_token, list_tokens, revoke_token

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings

DEFAULT_PORT = 8443
EVENT_TYPES = [t.value for t in EventType if t is not EventType.PING]


def register(sub: Any) -> None:
    """Add the ``api`` command group."""
    p = sub.add_parser(
        "api",
        help="serve the dispatch-centre API (HTTPS), or manage its tokens and callbacks",
        description="Without an action: serve the API until Ctrl-C.",
    )
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")  # noqa: S104
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    p.add_argument("--cert", type=Path, metavar="FILE", help="your own PEM certificate")
    p.add_argument("--key", type=Path, metavar="FILE", help="its PEM private key")
    p.add_argument("--client-ca", type=Path, metavar="FILE", help="require client certificates")
    p.set_defaults(handler=run_serve)
    actions = p.add_subparsers(dest="api_action", metavar="ACTION")
    _register_tokens(actions)
    _register_endpoint(actions)
    doc = actions.add_parser("openapi", help="print the OpenAPI document (docs/openapi.json)")
    doc.set_defaults(handler=run_openapi)
    cert = actions.add_parser("cert", help="the API's TLS certificate")
    cert_actions = cert.add_subparsers(dest="cert_action", metavar="ACTION", required=True)
    show = cert_actions.add_parser("show", help="path and SHA-256 fingerprint (to pin)")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_cert_show)


def _register_tokens(actions: Any) -> None:
    token = actions.add_parser("token", help="bearer tokens for the dispatch centre")
    verbs = token.add_subparsers(dest="token_action", metavar="ACTION", required=True)
    create = verbs.add_parser("create", help="make a token (shown once)")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--scopes", metavar="A,B", help=f"default: all ({', '.join(s.value for s in ALL_SCOPES)})"
    )
    create.add_argument("--expires-days", type=int, metavar="N")
    create.add_argument("--json", action="store_true")
    create.set_defaults(handler=run_token_create)
    listing = verbs.add_parser("list", help="every token (never the token itself)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_token_list)
    revoke = verbs.add_parser("revoke", help="revoke a token at once")
    revoke.add_argument("id", type=int, metavar="ID")
    revoke.set_defaults(handler=run_token_revoke)


def _register_endpoint(actions: Any) -> None:
    endpoint = actions.add_parser("endpoint", help="where callbacks go")
    verbs = endpoint.add_subparsers(dest="endpoint_action", metavar="ACTION", required=True)
    set_ = verbs.add_parser("set", help="set the callback URL (a new signing secret)")
    set_.add_argument("url", metavar="URL")
    set_.add_argument("--events", metavar="A,B", help=f"default: all ({', '.join(EVENT_TYPES)})")
    set_.add_argument("--allow-http", action="store_true", help="allow plain http (LAN tests)")
    set_.add_argument("--ca-bundle", type=Path, metavar="FILE", help="CAs to verify it with")
    set_.add_argument("--json", action="store_true")
    set_.set_defaults(handler=run_endpoint_set)
    rotate = verbs.add_parser("rotate-secret", help="a new secret; the old signs 24 h more")
    rotate.add_argument("--json", action="store_true")
    rotate.set_defaults(handler=run_endpoint_rotate)
    show = verbs.add_parser("show", help="the endpoint (without its secret)")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_endpoint_show)


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the API (and deliver callbacks) until interrupted."""
    from app.api.server import ServeOptions, serve

    if (args.cert is None) != (args.key is None):
        raise UserError("--cert and --key go together")
    if not 1 <= args.port <= 65535:
        raise UserError(f"--port {args.port}: give 1-65535")
    for option, path in (
        ("--cert", args.cert),
        ("--key", args.key),
        ("--client-ca", args.client_ca),
    ):
        if path is not None and not path.is_file():
            raise UserError(f"{option} {path}: no such file")
    options = ServeOptions(args.host, args.port, args.cert, args.key, args.client_ca)

    def listening(host: str, port: int) -> None:
        print(f"listening on https://{host}:{port}", flush=True)

    with open_pool(settings) as engine:
        try:
            serve(settings, engine, options, listening)
        except OSError as exc:
            raise UserError(
                f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}"
            ) from None
    return 0


def run_token_create(args: argparse.Namespace, settings: Settings) -> int:
    """Make a token and print it, once."""
    scopes = split_list("--scopes", args.scopes) or [s.value for s in ALL_SCOPES]
    known = {s.value for s in ALL_SCOPES}
    for scope in scopes:
        if scope not in known:
            raise UserError(f"--scopes: {scope!r} is not one of {', '.join(sorted(known))}")
    by = operator_name(settings.host_name)
    with open_pool(settings) as engine:
        new = pool_call(engine, lambda s: create_token(s, args.name, scopes, by, args.expires_days))
    doc = {"id": new.id, "token": new.token, "prefix": new.prefix, "scopes": new.scopes}
    if args.json:
        print(json.dumps(doc))
    else:
        print(f"token {new.id} ({args.name}), scopes {', '.join(new.scopes)}:")
        print(new.token)
        print("it is shown only this once: store it now", file=sys.stderr)
    return 0


def run_token_list(args: argparse.Namespace, settings: Settings) -> int:
    """List tokens: id, name, prefix, scopes, last use."""
    with open_pool(settings) as engine:
        tokens = pool_call(engine, list_tokens, read_only=True)
    if args.json:
        print(json.dumps([t.to_json() for t in tokens]))
        return 0
    for t in tokens:
        state = "revoked" if t.revoked_at else "active"
        used = t.to_json()["last_used_at"] or "never"
        scopes = " ".join(t.scopes)
        print(f"{t.id:>4}  {t.prefix}…  {t.name:<20} {state:<8} last used {used}  {scopes}")
    return 0


def run_token_revoke(args: argparse.Namespace, settings: Settings) -> int:
    """Revoke a token."""
    with open_pool(settings) as engine:
        pool_call(engine, lambda s: revoke_token(s, args.id))
    print(f"token {args.id} revoked")
    return 0


def check_callback_url(url: str, allow_http: bool) -> str:
    """An absolute https URL (http only when allowed); refused with the reason."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UserError(f"URL {url!r}: give an absolute https:// URL")
    if parts.scheme == "http" and not allow_http:
        raise UserError(f"URL {url!r}: plain http needs --allow-http (for a LAN test only)")
    return url


def run_endpoint_set(args: argparse.Namespace, settings: Settings) -> int:
    """Point callbacks at URL with a fresh signing secret."""
    from app.api.secret_box import SecretBox, new_signing_secret
    from db.dispatch.endpoints import set_endpoint

    url = check_callback_url(args.url, args.allow_http)
    events = split_list("--events", args.events) or ["*"]
    for event in events:
        if event != "*" and event not in EVENT_TYPES:
            raise UserError(f"--events: {event!r} is not one of {', '.join(EVENT_TYPES)}")
    bundle = None
    if args.ca_bundle is not None:
        if not args.ca_bundle.is_file():
            raise UserError(f"--ca-bundle {args.ca_bundle}: no such file")
        bundle = str(args.ca_bundle.resolve())
    secret = new_signing_secret()
    sealed = SecretBox(settings.api_dir).seal(secret)
    with open_pool(settings) as engine:
        pool_call(
            engine,
            lambda s: set_endpoint(
                s, url, events, sealed, allow_http=args.allow_http, ca_bundle=bundle
            ),
        )
    _print_secret(args.json, url, secret)
    return 0


def _print_secret(as_json: bool, url: str, secret: str) -> None:
    if as_json:
        print(json.dumps({"url": url, "secret": secret}))
    else:
        print(f"callbacks go to {url}; signing secret (give it to the receiver):")
        print(secret)


def run_endpoint_rotate(args: argparse.Namespace, settings: Settings) -> int:
    """A new signing secret; the old one keeps signing beside it for 24 h."""
    from app.api.secret_box import SecretBox, new_signing_secret
    from db.dispatch.endpoints import rotate_secret

    secret = new_signing_secret()
    sealed = SecretBox(settings.api_dir).seal(secret)
    with open_pool(settings) as engine:
        endpoint = pool_call(engine, lambda s: rotate_secret(s, sealed))
    _print_secret(args.json, endpoint.url, secret)
    return 0


def run_endpoint_show(args: argparse.Namespace, settings: Settings) -> int:
    """The callback endpoint, without its secret."""
    from db.dispatch.endpoints import current_endpoint

    with open_pool(settings) as engine:
        endpoint = pool_call(engine, current_endpoint, read_only=True)
    doc = endpoint.to_json() if endpoint else None
    if args.json:
        print(json.dumps(doc))
    elif doc is None:
        print("no callback endpoint is set (api endpoint set URL)")
    else:
        print(f"{doc['url']}  events: {' '.join(doc['events'])}  enabled: {doc['enabled']}")
    return 0


def run_cert_show(args: argparse.Namespace, settings: Settings) -> int:
    """The certificate's path and fingerprint (made now if there is none yet)."""
    from app.api.tls import ensure_certificate, fingerprint

    cert, _key = ensure_certificate(settings.api_dir, settings.host_name)
    digest = fingerprint(cert)
    if args.json:
        print(json.dumps({"path": str(cert), "sha256": digest}))
    else:
        print(f"{cert}\nSHA-256 {digest}")
    return 0


def run_openapi(args: argparse.Namespace, settings: Settings) -> int:
    """Print the OpenAPI document, as committed in docs/openapi.json."""
    from app.api.application import openapi_document

    print(json.dumps(openapi_document(), indent=2, ensure_ascii=False))
    return 0
