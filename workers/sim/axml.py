"""A small reader of Android's binary XML (AXML), enough for an APK's AndroidManifest.xml.

A simulated phone installs real APK files, as a phone's package manager does: it reads
the package name, version, launcher activity and input-method services from the
compiled manifest. Written here rather than taken from a library: androguard is a whole
reverse-engineering suite (lxml, matplotlib, ...) and apkutils pulls in its own parsers,
while the format needed is four chunk kinds (string pool, resource map, start and end
tag). Layout: AOSP ``frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

XML = 0x0003
STRING_POOL = 0x0001
RESOURCE_MAP = 0x0180
START_TAG = 0x0102
END_TAG = 0x0103
UTF8_FLAG = 0x100

TYPE_REFERENCE = 0x01
TYPE_STRING = 0x03
TYPE_INT_DEC = 0x10
TYPE_INT_HEX = 0x11
TYPE_BOOLEAN = 0x12

# android:* attribute resource ids: an attribute is known by its id when the string pool
# leaves its name out (shrunk builds do).
ATTRIBUTE_IDS = {
    0x01010001: "label",
    0x01010003: "name",
    0x01010006: "permission",
    0x0101021B: "versionCode",
    0x0101021C: "versionName",
}
MAIN_ACTION = "android.intent.action.MAIN"
LAUNCHER_CATEGORY = "android.intent.category.LAUNCHER"
INPUT_METHOD_PERMISSION = "android.permission.BIND_INPUT_METHOD"


class BadManifest(ValueError):
    """The bytes are not a binary Android manifest; the message says where it broke."""


@dataclass
class Element:
    """One tag of the manifest with its attributes (by local name) and children."""

    tag: str
    attributes: dict[str, str | int | bool | None]
    children: list[Element] = field(default_factory=list)

    def find_all(self, tag: str) -> list[Element]:
        """Every descendant with this tag, in document order."""
        found = []
        for child in self.children:
            if child.tag == tag:
                found.append(child)
            found.extend(child.find_all(tag))
        return found


@dataclass(frozen=True)
class Manifest:
    """What the package manager needs from a manifest."""

    package: str
    version_code: int
    version_name: str
    label: str | None  # None: a resource reference (the sim has no resource table)
    launch_activity: str | None
    input_methods: tuple[str, ...]  # service names that are input methods


def read_manifest(data: bytes) -> Manifest:
    """The package facts of a binary AndroidManifest.xml (BadManifest if it is not one)."""
    root = parse(data)
    if root.tag != "manifest":
        raise BadManifest(f"the root tag is <{root.tag}>, not <manifest>")
    package = root.attributes.get("package")
    if not isinstance(package, str) or not package:
        raise BadManifest("<manifest> has no package attribute")
    code = root.attributes.get("versionCode")
    name = root.attributes.get("versionName")
    applications = root.find_all("application")
    label = applications[0].attributes.get("label") if applications else None
    return Manifest(
        package=package,
        version_code=code if isinstance(code, int) else 0,
        version_name=name if isinstance(name, str) else "",
        label=label if isinstance(label, str) else None,
        launch_activity=_launcher(root, package),
        input_methods=tuple(
            _full(str(service.attributes.get("name")), package)
            for service in root.find_all("service")
            if service.attributes.get("permission") == INPUT_METHOD_PERMISSION
        ),
    )


def _full(name: str, package: str) -> str:
    return package + name if name.startswith(".") else name


def _launcher(root: Element, package: str) -> str | None:
    for tag in ("activity", "activity-alias"):
        for activity in root.find_all(tag):
            for intent in activity.find_all("intent-filter"):
                actions = {a.attributes.get("name") for a in intent.find_all("action")}
                categories = {c.attributes.get("name") for c in intent.find_all("category")}
                if MAIN_ACTION in actions and LAUNCHER_CATEGORY in categories:
                    return _full(str(activity.attributes.get("name")), package)
    return None


def parse(data: bytes) -> Element:
    """The element tree of binary XML."""
    try:
        return _parse(data)
    except (struct.error, IndexError, UnicodeDecodeError) as exc:
        raise BadManifest(f"truncated or damaged binary XML ({exc})") from None


def _parse(data: bytes) -> Element:
    kind, header_size, size = struct.unpack_from("<HHI", data, 0)
    if kind != XML or size > len(data):
        raise BadManifest("not binary XML (no RES_XML_TYPE header)")
    strings: list[str] = []
    ids: list[int] = []
    stack: list[Element] = [Element("", {})]
    offset = header_size
    while offset + 8 <= size:
        kind, header_size, chunk_size = struct.unpack_from("<HHI", data, offset)
        if chunk_size < 8:
            raise BadManifest(f"a chunk at byte {offset} has size {chunk_size}")
        if kind == STRING_POOL:
            strings = _string_pool(data, offset)
        elif kind == RESOURCE_MAP:
            count = (chunk_size - header_size) // 4
            ids = list(struct.unpack_from(f"<{count}I", data, offset + header_size))
        elif kind == START_TAG:
            element = _start_tag(data, offset, header_size, strings, ids)
            stack[-1].children.append(element)
            stack.append(element)
        elif kind == END_TAG and len(stack) > 1:
            stack.pop()
        offset += chunk_size
    if not stack[0].children:
        raise BadManifest("binary XML without any element")
    return stack[0].children[0]


def _string_pool(data: bytes, start: int) -> list[str]:
    _k, _h, _s, count, _styles, flags, strings_start, _ = struct.unpack_from(
        "<HHIIIIII", data, start
    )
    offsets = struct.unpack_from(f"<{count}I", data, start + 28)
    base = start + strings_start
    utf8 = bool(flags & UTF8_FLAG)
    return [_utf8(data, base + o) if utf8 else _utf16(data, base + o) for o in offsets]


def _utf8(data: bytes, at: int) -> str:
    at += 2 if data[at] & 0x80 else 1  # the length in characters (unused)
    length = data[at]
    if length & 0x80:
        length = ((length & 0x7F) << 8) | data[at + 1]
        at += 1
    return data[at + 1 : at + 1 + length].decode("utf-8")


def _utf16(data: bytes, at: int) -> str:
    (length,) = struct.unpack_from("<H", data, at)
    at += 2
    if length & 0x8000:
        (low,) = struct.unpack_from("<H", data, at)
        length = ((length & 0x7FFF) << 16) | low
        at += 2
    return data[at : at + 2 * length].decode("utf-16-le")


def _start_tag(
    data: bytes, start: int, header_size: int, strings: list[str], ids: list[int]
) -> Element:
    body = start + header_size
    _ns, name, attr_start, attr_size, count = struct.unpack_from("<IIHHH", data, body)
    attributes: dict[str, str | int | bool | None] = {}
    for index in range(count):
        at = body + attr_start + index * attr_size
        _ans, attr_name, raw, _size, _zero, data_type, value = struct.unpack_from(
            "<IIIHBBI", data, at
        )
        key = ATTRIBUTE_IDS.get(ids[attr_name]) if attr_name < len(ids) else None
        key = key or _string(strings, attr_name)
        attributes[key] = _value(strings, raw, data_type, value)
    return Element(_string(strings, name), attributes)


def _string(strings: list[str], index: int) -> str:
    return strings[index] if 0 <= index < len(strings) else ""


def _value(strings: list[str], raw: int, data_type: int, value: int) -> str | int | bool | None:
    if data_type == TYPE_STRING:
        return _string(strings, value)
    if data_type in (TYPE_INT_DEC, TYPE_INT_HEX):
        return value
    if data_type == TYPE_BOOLEAN:
        return value != 0
    if raw != 0xFFFFFFFF:
        return _string(strings, raw)
    return None  # a reference or another typed value the package manager does not need
