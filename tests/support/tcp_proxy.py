"""The loopback TCP proxy the tests cut and restore; it lives in app/ for ``bench soak``."""

from app.bench.tcp_proxy import PathState, TcpProxy, proxy_to

__all__ = ["PathState", "TcpProxy", "proxy_to"]
