"""``bench artifacts``: 50 phones fail at once; how fast the spool drains into the store.

Each phone spools a failure's evidence (a screenshot PNG of --screenshot-kb, a hierarchy
dump and a log) at the same moment, as the attempt runner does; one uploader (the host
agent's) moves them to the store. Figures: how long spooling took (what a flow waits
for), the spool's depth at its peak, the time until it is empty, and the throughput.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.artifact_setup import Backends
from app.bench.pool_setup import bench_engine
from app.errors import UserError
from db.artifacts.catalog import add_waiting
from db.artifacts.spool import Spool
from db.artifacts.store import ArtifactKind
from db.artifacts.uploader import Uploader
from db.pool.tx import run_transaction

if TYPE_CHECKING:
    import argparse

    from app.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The benchmark's options."""
    parser.add_argument("--db", dest="bench_db", metavar="URL", help="scratch database URL")
    parser.add_argument("--phones", type=int, default=50, help="phones failing at once")
    parser.add_argument("--store", choices=("local", "db", "s3"), default="db",
                        help="the backend (s3: the s3_* settings)")  # fmt: skip
    parser.add_argument("--screenshot-kb", type=int, default=180, help="size of each PNG")


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """Spool every phone's evidence at once, upload it, and return the figures."""
    if not 1 <= args.phones <= 1000:
        raise UserError("--phones must be between 1 and 1000")
    with tempfile.TemporaryDirectory(prefix="fleetdeck-bench-") as folder:
        url = args.bench_db or f"sqlite:///{Path(folder) / 'bench.db'}"
        engine, _ = bench_engine(url)
        try:
            scratch = settings.model_copy(update={"artifacts_dir": Path(folder) / "artifacts"})
            store = Backends(scratch, engine)(args.store)
            spool = Spool(Path(folder) / "spool")
            evidence = {
                ArtifactKind.SCREENSHOT: os.urandom(args.screenshot_kb * 1024),
                ArtifactKind.HIERARCHY: b"<hierarchy>" + b"<node/>" * 4000 + b"</hierarchy>",
                ArtifactKind.LOG: b"  1.234s step: open the creator\n" * 200,
            }
            spool_times: list[float] = []

            def fail(phone: int) -> None:
                started = time.perf_counter()
                refs = [spool.add(kind, data, run_id=phone) for kind, data in evidence.items()]
                spool_times.append(time.perf_counter() - started)
                run_transaction(engine, lambda s: add_waiting(s, phone, refs, "bench"))

            uploader = Uploader(spool, store, engine, "bench")
            began = time.perf_counter()
            phones = [threading.Thread(target=fail, args=(n,)) for n in range(args.phones)]
            for thread in phones:
                thread.start()
            uploader.start()
            peak = 0
            for thread in phones:
                thread.join()
            while (depth := spool.depth()) > 0:
                peak = max(peak, depth)
                time.sleep(0.02)
            drained_s = time.perf_counter() - began
            uploader.stop()
            total = args.phones * len(evidence)
            megabytes = args.phones * sum(len(d) for d in evidence.values()) / 1e6
            status = uploader.status()
            spool_times.sort()
            return {
                "phones": args.phones,
                "store": args.store,
                "artifacts": total,
                "uploaded": status.uploaded,
                "failed_tries": status.failures,
                "spool_ms_p50": round(spool_times[len(spool_times) // 2] * 1000, 1),
                "spool_ms_max": round(spool_times[-1] * 1000, 1),
                "peak_spool_depth": peak,
                "drained_s": round(drained_s, 2),
                "artifacts_per_s": round(total / drained_s, 1),
                "mb_per_s": round(megabytes / drained_s, 1),
            }
        finally:
            engine.dispose()
