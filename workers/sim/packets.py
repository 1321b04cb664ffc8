"""The adb transport packet: a 24-byte little-endian header and its payload."""

from __future__ import annotations

import struct
from dataclasses import dataclass

A_CNXN = 0x4E584E43
A_AUTH = 0x48545541
A_OPEN = 0x4E45504F
A_OKAY = 0x59414B4F
A_WRTE = 0x45545257
A_CLSE = 0x45534C43

# The version that lets both sides skip the payload checksum (adb.h A_VERSION_SKIP_CHECKSUM).
A_VERSION = 0x01000001
# What the sim accepts and sends per packet; the host offers 1 MiB, the smaller one wins.
MAX_PAYLOAD = 256 * 1024

AUTH_TOKEN = 1
AUTH_SIGNATURE = 2
AUTH_RSAPUBLICKEY = 3

HEADER = struct.Struct("<6I")
HEADER_SIZE = HEADER.size
# The host's payload limit is 1 MiB; anything larger is a corrupt stream.
MAX_INCOMING_PAYLOAD = 1024 * 1024

COMMAND_NAMES = {
    A_CNXN: "CNXN",
    A_AUTH: "AUTH",
    A_OPEN: "OPEN",
    A_OKAY: "OKAY",
    A_WRTE: "WRTE",
    A_CLSE: "CLSE",
}


class BadPacket(Exception):
    """The peer sent bytes that are not an adb packet; the connection must be dropped."""


@dataclass(frozen=True)
class Header:
    """A decoded packet header (the payload follows on the wire)."""

    command: int
    arg0: int
    arg1: int
    length: int


def encode(command: int, arg0: int, arg1: int, payload: bytes = b"") -> bytes:
    """One packet, header and payload, ready to write.

    The checksum field is 0: with A_VERSION both adb 29 and 36 skip it, as real adbd does.
    """
    header = HEADER.pack(command, arg0, arg1, len(payload), 0, command ^ 0xFFFFFFFF)
    return header + payload


def decode_header(raw: bytes) -> Header:
    """Parse and check a 24-byte header; raise BadPacket when it is not one."""
    command, arg0, arg1, length, _check, magic = HEADER.unpack(raw)
    if magic != command ^ 0xFFFFFFFF:
        raise BadPacket(f"bad magic {magic:#x} for command {command:#x}")
    if command not in COMMAND_NAMES:
        raise BadPacket(f"unknown command {command:#x}")
    if length > MAX_INCOMING_PAYLOAD:
        raise BadPacket(f"payload of {length} bytes is over the limit")
    return Header(command, arg0, arg1, length)
