"""The phone's in-memory filesystem: what sync, md5sum, ls, rm and the installer see."""

from __future__ import annotations

import hashlib
import posixpath
import stat
import time
from dataclasses import dataclass, field

# Directories every phone has; only these trees (and what is created under them) are
# writable, so a push to /system fails as on a real phone.
BASE_DIRS = (
    "/",
    "/data",
    "/data/local",
    "/data/local/tmp",
    "/data/app",
    "/sdcard",
    "/sdcard/Download",
    "/sdcard/DCIM",
    "/storage",
    "/storage/emulated",
    "/storage/emulated/0",
    "/system",
    "/system/bin",
)
WRITABLE_ROOTS = ("/data/local/tmp", "/sdcard", "/storage/emulated/0")


class FsError(Exception):
    """A filesystem operation failed; the message is what a phone's tools would print."""


@dataclass
class File:
    """A regular file: its bytes, mode and modification time (md5 cached on demand)."""

    data: bytes
    mode: int = 0o644
    mtime: int = field(default_factory=lambda: int(time.time()))
    _md5: str | None = None

    @property
    def md5(self) -> str:
        """The hex md5 of the content, computed once per content."""
        if self._md5 is None:
            self._md5 = hashlib.md5(self.data, usedforsecurity=False).hexdigest()
        return self._md5


def normalize(path: str) -> str:
    """An absolute, normalized path ('/sdcard/x/../y' -> '/sdcard/y')."""
    return posixpath.normpath("/" + path.strip().lstrip("/"))


class MemoryFS:
    """Files and directories in memory, keyed by normalized absolute path."""

    def __init__(self) -> None:
        self.files: dict[str, File] = {}
        self.dirs: set[str] = set(BASE_DIRS)
        self.dir_mtime = int(time.time())

    def is_dir(self, path: str) -> bool:
        """True for an existing directory."""
        return normalize(path) in self.dirs

    def get(self, path: str) -> File | None:
        """The file at path, or None."""
        return self.files.get(normalize(path))

    def exists(self, path: str) -> bool:
        """True for an existing file or directory."""
        path = normalize(path)
        return path in self.files or path in self.dirs

    def stat(self, path: str) -> tuple[int, int, int]:
        """(mode, size, mtime) as sync STAT reports it; all zero when missing."""
        path = normalize(path)
        if path in self.dirs:
            return stat.S_IFDIR | 0o771, 4096, self.dir_mtime
        file = self.files.get(path)
        if file is None:
            return 0, 0, 0
        return stat.S_IFREG | file.mode, len(file.data), file.mtime

    def write(
        self,
        path: str,
        data: bytes,
        mode: int = 0o644,
        mtime: int | None = None,
        md5: str | None = None,
    ) -> None:
        """Create or replace a file, creating its parent directories (md5: known digest)."""
        path = normalize(path)
        if path in self.dirs:
            raise FsError(f"{path}: Is a directory")
        if not self.writable(path):
            raise FsError(f"{path}: Read-only file system")
        self.mkdirs(posixpath.dirname(path))
        self.files[path] = File(data, mode & 0o7777, mtime or int(time.time()), md5)

    def writable(self, path: str) -> bool:
        """True when path lies in a tree the shell user may write."""
        path = normalize(path)
        return any(path == root or path.startswith(root + "/") for root in WRITABLE_ROOTS)

    def mkdirs(self, path: str) -> None:
        """Create a directory and its parents (mkdir -p)."""
        path = normalize(path)
        while path not in self.dirs:
            if path in self.files:
                raise FsError(f"{path}: Not a directory")
            self.dirs.add(path)
            path = posixpath.dirname(path)

    def remove(self, path: str, recursive: bool = False) -> None:
        """Delete a file, or a directory tree with recursive=True."""
        path = normalize(path)
        if path in self.files:
            del self.files[path]
            return
        if path not in self.dirs:
            raise FsError(f"{path}: No such file or directory")
        if not recursive:
            raise FsError(f"{path}: Is a directory")
        if not self.writable(path) or path in WRITABLE_ROOTS:
            raise FsError(f"{path}: Permission denied")
        prefix = path + "/"
        for name in [p for p in self.files if p.startswith(prefix)]:
            del self.files[name]
        self.dirs = {d for d in self.dirs if d != path and not d.startswith(prefix)}

    def listdir(self, path: str) -> list[str]:
        """Names directly inside a directory, sorted."""
        path = normalize(path)
        if path not in self.dirs:
            raise FsError(f"{path}: No such file or directory")
        prefix = path.rstrip("/") + "/"
        names = {
            p[len(prefix) :].split("/", 1)[0]
            for p in (*self.files, *self.dirs)
            if p.startswith(prefix) and p != path
        }
        return sorted(names)

    def used_bytes(self) -> int:
        """Bytes taken by every file (what free storage shrinks by)."""
        return sum(len(f.data) for f in self.files.values())
