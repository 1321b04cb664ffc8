"""Update and compile the console's translation catalogs (Qt Linguist .ts -> .qm).

    .venv/bin/python scripts/translations.py update    # lupdate: new strings into the .ts files
    .venv/bin/python scripts/translations.py release   # lrelease: .ts -> committed .qm files
    .venv/bin/python scripts/translations.py check     # fail if a .ts or .qm is stale

Between update and release, translate the entries marked unfinished in
resources/i18n/fleetdeck_zh_CN.ts (Qt Linguist: ``.venv/bin/pyside6-linguist``, or any
editor). fleetdeck_en.ts holds only the English plural forms (the source text is English).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = ROOT / "resources" / "i18n"
BIN = Path(sys.executable).parent
SOURCE_DIRS = ("ui", "app")  # app/controllers word the console's status messages
# Every language but the source language's plural forms is a full translation.
PLURAL_ONLY = {"en"}


def catalogs() -> list[Path]:
    """The .ts files, one per language."""
    return sorted(CATALOGS.glob("fleetdeck_*.ts"))


def language_of(ts: Path) -> str:
    """The language code of a catalog file name (fleetdeck_zh_CN.ts -> zh_CN)."""
    return ts.stem.removeprefix("fleetdeck_")


def sources() -> list[str]:
    """Every Python file lupdate reads, relative to the repository."""
    files = [p for d in SOURCE_DIRS for p in sorted((ROOT / d).rglob("*.py"))]
    return [str(p.relative_to(ROOT)) for p in files]


def lupdate(ts: Path) -> str:
    """Merge the tree's strings into ``ts`` (dropping obsolete ones); return lupdate's report."""
    args = [str(BIN / "pyside6-lupdate"), *sources(), "-locations", "none", "-no-obsolete"]
    if language_of(ts) in PLURAL_ONLY:
        args.append("-pluralonly")
    args += ["-target-language", language_of(ts), "-ts", str(ts)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def lrelease(ts: Path, qm: Path) -> str:
    """Compile ``ts`` into ``qm``; return lrelease's report."""
    args = [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout + done.stderr


def unfinished(ts: Path) -> int:
    """How many entries of ``ts`` still wait for a translation."""
    return len(re.findall(r'type="unfinished"', ts.read_text(encoding="utf-8")))


def obsolete(ts: Path) -> int:
    """How many entries of ``ts`` are no longer in the source (vanished or obsolete)."""
    return len(re.findall(r'type="(?:vanished|obsolete)"', ts.read_text(encoding="utf-8")))


def problems() -> list[str]:
    """What is stale: a .ts behind the source, an unfinished entry, a .qm behind its .ts."""
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        for ts in catalogs():
            fresh = Path(tmp) / ts.name
            shutil.copy(ts, fresh)
            lupdate(fresh)
            if fresh.read_bytes() != ts.read_bytes():
                found.append(f"{ts.name} is behind the source: run `translations.py update`")
            if language_of(ts) not in PLURAL_ONLY and unfinished(fresh):
                found.append(f"{ts.name}: {unfinished(fresh)} unfinished entries")
            if obsolete(fresh):
                found.append(f"{ts.name}: {obsolete(fresh)} obsolete entries")
            qm = ts.with_suffix(".qm")
            fresh_qm = Path(tmp) / qm.name
            lrelease(ts, fresh_qm)
            if not qm.exists() or qm.read_bytes() != fresh_qm.read_bytes():
                found.append(f"{qm.name} is stale: run `translations.py release`")
    return found


def main(argv: list[str]) -> int:
    """Run one of update, release, check."""
    command = argv[0] if argv else ""
    if command == "update":
        for ts in catalogs():
            print(lupdate(ts).strip())
            print(f"{ts.name}: {unfinished(ts)} unfinished")
    elif command == "release":
        for ts in catalogs():
            print(lrelease(ts, ts.with_suffix(".qm")).strip())
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
