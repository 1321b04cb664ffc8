"""The ``sync:`` service, protocol v1: STAT, LIST, SEND, RECV and QUIT."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from workers.sim.fs import FsError

if TYPE_CHECKING:
    from workers.sim.adbd import Stream
    from workers.sim.phone import PhoneModel

SYNC_DATA_MAX = 64 * 1024
_U32 = struct.Struct("<I")
_MAX_PATH = 4096


def _fail(message: str) -> bytes:
    data = message.encode("utf-8")
    return b"FAIL" + _U32.pack(len(data)) + data


async def serve_sync(stream: Stream, model: PhoneModel) -> None:
    """Answer sync requests until the host closes the stream or sends QUIT."""
    while True:
        head = await stream.read_exactly(8)
        command = head[:4]
        (length,) = _U32.unpack(head[4:])
        if command == b"QUIT":
            return
        if length > _MAX_PATH:
            await stream.write(_fail("path too long"))
            return
        path = (await stream.read_exactly(length)).decode("utf-8", errors="surrogateescape")
        model.record("sync", f"{command.decode('ascii', errors='replace')} {path}")
        if command == b"STAT":
            mode, size, mtime = model.fs.stat(path)
            await stream.write(b"STAT" + struct.pack("<III", mode, size, mtime))
        elif command == b"LIST":
            await stream.write(_listing(model, path))
        elif command == b"RECV":
            await stream.write(_content(model, path))
        elif command == b"SEND":
            await _receive(stream, model, path)
        else:
            await stream.write(_fail(f"unknown sync command {command!r}"))
            return


def _listing(model: PhoneModel, path: str) -> bytes:
    out = bytearray()
    names = model.fs.listdir(path) if model.fs.is_dir(path) else []
    base = path.rstrip("/")
    for name in names:
        mode, size, mtime = model.fs.stat(f"{base}/{name}")
        encoded = name.encode("utf-8")
        out += b"DENT" + struct.pack("<IIII", mode, size, mtime, len(encoded)) + encoded
    # The adb CLI reads a whole dirent after DONE; adbutils stops at DONE.
    return bytes(out + b"DONE" + bytes(16))


def _content(model: PhoneModel, path: str) -> bytes:
    file = model.fs.get(path)
    if file is None:
        return _fail("No such file or directory")
    out = bytearray()
    view = memoryview(file.data)
    for start in range(0, len(file.data), SYNC_DATA_MAX):
        chunk = view[start : start + SYNC_DATA_MAX]
        out += b"DATA" + _U32.pack(len(chunk)) + chunk
    return bytes(out + b"DONE" + _U32.pack(0))


async def _receive(stream: Stream, model: PhoneModel, spec: str) -> None:
    path, _, mode_text = spec.rpartition(",")
    if not path:
        path, mode_text = spec, "33188"
    data = bytearray()
    while True:
        head = await stream.read_exactly(8)
        kind = head[:4]
        (value,) = _U32.unpack(head[4:])
        if kind == b"DATA":
            if value > SYNC_DATA_MAX:
                await stream.write(_fail("data chunk too large"))
                return
            data += await stream.read_exactly(value)
        elif kind == b"DONE":
            break
        else:
            await stream.write(_fail(f"unexpected {kind!r} during SEND"))
            return
    try:
        mode = int(mode_text) if mode_text.isdigit() else 0o644
        model.fs.write(path, bytes(data), mode, mtime=value or None)
    except FsError as exc:
        await stream.write(_fail(str(exc)))
        return
    await stream.write(b"OKAY" + _U32.pack(0))
