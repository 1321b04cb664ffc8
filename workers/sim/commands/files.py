"""File commands on the phone's memory filesystem: md5sum, ls, rm, mkdir, cat, touch, stat."""

from __future__ import annotations

import stat as stat_module
import time
from typing import TYPE_CHECKING

from workers.sim.fs import FsError, normalize
from workers.sim.shell import text

if TYPE_CHECKING:
    from workers.sim.shell import Result, ShellHost


def _split(args: list[str]) -> tuple[set[str], list[str]]:
    flags = {c for a in args if a.startswith("-") and a != "-" for c in a[1:]}
    return flags, [a for a in args if not a.startswith("-")]


async def md5sum(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """md5sum FILE...: '<md5>  FILE' per file (uiautomator2 checks u2.jar this way)."""
    out, status = [], 0
    for path in _split(args)[1]:
        file = host.model.fs.get(path)
        if file is None:
            kind = "Is a directory" if host.model.fs.is_dir(path) else "No such file or directory"
            out.append(f"md5sum: {path}: {kind}\n")
            status = 1
        else:
            out.append(f"{file.md5}  {path}\n")
    return text("".join(out), status)


def _long_line(host: ShellHost, path: str, name: str) -> str:
    mode, size, mtime = host.model.fs.stat(path)
    stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(mtime))
    return f"{stat_module.filemode(mode)} 1 shell shell {size:>8} {stamp} {name}"


async def ls(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """ls [-l] [-a] [PATH...]."""
    fs = host.model.fs
    flags, paths = _split(args)
    out, status = [], 0
    for path in paths or ["/"]:
        if fs.get(path) is not None:
            names = [(normalize(path), path)]
        elif fs.is_dir(path):
            base = normalize(path).rstrip("/")
            names = [(f"{base}/{n}", n) for n in fs.listdir(path)]
        else:
            out.append(f"ls: {path}: No such file or directory\n")
            status = 1
            continue
        for full, shown in names:
            out.append((_long_line(host, full, shown) if "l" in flags else shown) + "\n")
    return text("".join(out), status)


async def rm(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """rm [-f] [-r] PATH..."""
    flags, paths = _split(args)
    out, status = [], 0
    for path in paths:
        try:
            host.model.fs.remove(path, recursive="r" in flags or "R" in flags)
        except FsError as exc:
            if "f" in flags and "No such file" in str(exc):
                continue
            out.append(f"rm: {exc}\n")
            status = 1
    return text("".join(out), status)


async def mkdir(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """mkdir [-p] DIR..."""
    flags, paths = _split(args)
    fs = host.model.fs
    for path in paths:
        if fs.exists(path) and "p" not in flags:
            return text(f"mkdir: '{path}': File exists\n", 1)
        if not fs.writable(path):
            return text(f"mkdir: '{path}': Permission denied\n", 1)
        try:
            fs.mkdirs(path)
        except FsError as exc:
            return text(f"mkdir: {exc}\n", 1)
    return b"", 0


async def cat(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """cat [FILE...] (stdin without files)."""
    paths = _split(args)[1]
    if not paths:
        return stdin, 0
    out, status = bytearray(), 0
    for path in paths:
        file = host.model.fs.get(path)
        if file is None:
            out += f"cat: {path}: No such file or directory\n".encode()
            status = 1
        else:
            out += file.data
    return bytes(out), status


async def touch(host: ShellHost, args: list[str], stdin: bytes) -> Result:
    """touch FILE..."""
    fs = host.model.fs
    for path in _split(args)[1]:
        old = fs.get(path)
        try:
            fs.write(path, old.data if old else b"")
        except FsError as exc:
            return text(f"touch: {exc}\n", 1)
    return b"", 0


COMMANDS = {
    "md5sum": md5sum,
    "md5": md5sum,
    "ls": ls,
    "rm": rm,
    "mkdir": mkdir,
    "cat": cat,
    "touch": touch,
}
