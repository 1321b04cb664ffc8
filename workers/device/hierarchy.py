"""The screen as a tree: UI hierarchy XML parsed once into immutable nodes, and selectors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree
from uiautomator2.xpath import XPathError, safe_xmlstr, strict_xpath

from workers.device.errors import DeviceError, ErrorCode

if TYPE_CHECKING:
    from collections.abc import Iterator

_BOUNDS = re.compile(r"\[(-?\d+),(-?\d+)\]\[(-?\d+),(-?\d+)\]")


@dataclass(frozen=True, slots=True)
class Bounds:
    """A node's rectangle on the screen, in pixels (right and bottom exclusive)."""

    left: int
    top: int
    right: int
    bottom: int

    @classmethod
    def parse(cls, text: str) -> Bounds:
        """Read ``[l,t][r,b]``; an unreadable value gives an empty rectangle."""
        match = _BOUNDS.fullmatch(text.strip())
        if match is None:
            return cls(0, 0, 0, 0)
        left, top, right, bottom = (int(v) for v in match.groups())
        return cls(left, top, right, bottom)

    @property
    def width(self) -> int:
        """Width in pixels (0 when empty)."""
        return max(0, self.right - self.left)

    @property
    def height(self) -> int:
        """Height in pixels (0 when empty)."""
        return max(0, self.bottom - self.top)

    @property
    def center(self) -> tuple[int, int]:
        """The middle point, where a tap lands."""
        return (self.left + self.right) // 2, (self.top + self.bottom) // 2

    def contains(self, x: int, y: int) -> bool:
        """True when the point lies inside."""
        return self.left <= x < self.right and self.top <= y < self.bottom


@dataclass(frozen=True, slots=True)
class Selector:
    """Which element(s) to look for; every field given must match.

    ``resource_id`` without ``:id/`` matches the id's last part (``title`` matches
    ``com.app:id/title``). ``instance`` picks the n-th match (0-based, screen order).
    ``xpath`` is uiautomator2's dialect (``d.xpath(...)``), so an expression copied from
    weditor or a u2 script finds the same nodes here: element names are the node classes
    (``//android.widget.TextView[@text="OK"]``), attributes as in the dump (``@text``,
    ``@resource-id``, ``@content-desc``...; ``@class`` is gone, as in u2), and u2's
    shortcuts (``@id``, ``^regex``, ``%contains%``, plain text). An expression starting
    with ``.`` is relative to the node it is evaluated on. It may not be combined with
    the other fields except ``instance``.
    """

    text: str | None = None
    text_contains: str | None = None
    resource_id: str | None = None
    description: str | None = None
    class_name: str | None = None
    xpath: str | None = None
    instance: int | None = None

    def __post_init__(self) -> None:
        criteria = self._criteria()
        if not criteria and self.xpath is None:
            raise ValueError(
                "Selector: give at least one of text, text_contains, "
                "resource_id, description, class_name, xpath"
            )
        if self.xpath is not None and criteria:
            raise ValueError(f"Selector: 'xpath' cannot be combined with {criteria[0][0]!r}")
        if self.instance is not None and self.instance < 0:
            raise ValueError(f"Selector: 'instance' must be >= 0, got {self.instance}")

    def _criteria(self) -> list[tuple[str, str]]:
        names = ("text", "text_contains", "resource_id", "description", "class_name")
        return [(n, v) for n in names if (v := getattr(self, n)) is not None]

    def describe(self) -> str:
        """A short readable form for messages and logs, e.g. ``text="Send" #2``."""
        parts = [f"{name}={value!r}" for name, value in self._criteria()]
        if self.xpath is not None:
            parts.append(f"xpath={self.xpath!r}")
        if self.instance is not None:
            parts.append(f"#{self.instance}")
        return " ".join(parts)

    def matches(self, node: Node) -> bool:
        """True when the node has every attribute asked for (xpath is not checked here)."""
        return (
            (self.text is None or node.text == self.text)
            and (self.text_contains is None or self.text_contains in node.text)
            and (self.description is None or node.description == self.description)
            and (self.class_name is None or node.class_name == self.class_name)
            and (self.resource_id is None or _id_matches(self.resource_id, node.resource_id))
        )


def _id_matches(wanted: str, actual: str) -> bool:
    if ":id/" in wanted:
        return actual == wanted
    return actual == wanted or actual.endswith(":id/" + wanted)


@dataclass(frozen=True, eq=False, slots=True)
class Node:
    """One element of the screen. Nodes compare by identity; ``order`` is screen order."""

    text: str
    resource_id: str
    description: str
    class_name: str
    package: str
    bounds: Bounds
    clickable: bool
    scrollable: bool
    enabled: bool
    selected: bool
    focused: bool
    order: int
    children: tuple[Node, ...] = field(default=(), repr=False)
    _document: _Document | None = field(default=None, repr=False)

    @property
    def root(self) -> Node:
        """The whole screen this node belongs to."""
        return self._document.nodes[0] if self._document is not None else self

    def iter(self) -> Iterator[Node]:
        """This node and all below it, in screen (document) order."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def find_all(self, selector: Selector) -> list[Node]:
        """Every node at or below this one that matches, in screen order."""
        if selector.xpath is not None:
            found = self._xpath(selector.xpath)
        else:
            found = [node for node in self.iter() if selector.matches(node)]
        if selector.instance is not None:
            return found[selector.instance : selector.instance + 1]
        return found

    def find(self, selector: Selector) -> Node | None:
        """The first match at or below this node, or None."""
        found = self.find_all(selector)
        return found[0] if found else None

    def texts(self) -> list[str]:
        """Every non-empty text at or below this node, in screen order."""
        return [node.text for node in self.iter() if node.text]

    def _xpath(self, expression: str) -> list[Node]:
        if self._document is None:
            raise DeviceError(ErrorCode.INVALID_ARGUMENT, "xpath needs a parsed hierarchy")
        return self._document.xpath(self, expression)


class _Document:
    """The parsed XML behind a node tree, kept for xpath queries."""

    def __init__(self, root: Any, xml: str) -> None:
        self.root = root
        self.xml = xml
        self.elements: list[Any] = []
        self.nodes: list[Node] = []
        self._u2_elements: list[Any] | None = None
        self._index: dict[int, int] | None = None

    def xpath(self, context: Node, expression: str) -> list[Node]:
        elements = self._u2_tree()
        try:
            # u2 completes its shortcuts; a relative path is ours (u2 has none).
            full = expression if expression.startswith(".") else strict_xpath(expression)
            result = elements[context.order].xpath(full, namespaces=_U2_NAMESPACES)
        except (etree.XPathError, XPathError) as exc:
            raise DeviceError(ErrorCode.INVALID_ARGUMENT, f"xpath {expression!r}: {exc}") from exc
        if not isinstance(result, list) or not all(etree.iselement(el) for el in result):
            raise DeviceError(
                ErrorCode.INVALID_ARGUMENT, f"xpath {expression!r} does not select elements"
            )
        if self._index is None:  # elements stay referenced, so their ids stay valid
            self._index = {id(el): i for i, el in enumerate(elements)}
        index = self._index
        orders = sorted({index[id(el)] for el in result if id(el) in index})
        return [self.nodes[i] for i in orders]

    def _u2_tree(self) -> list[Any]:
        """The dump as uiautomator2's xpath sees it (uiautomator2.xpath.PageSource):
        invisible marks removed, each node named by its class, ``class`` dropped."""
        if self._u2_elements is None:
            clean = _INVISIBLE.sub("", self.xml)
            root = etree.fromstring(clean.encode("utf-8"), _PARSER)
            elements: list[Any] = []
            _walk_nodes(root, elements)  # the same order as _build, so orders line up
            for element in elements[1:]:
                element.tag = safe_xmlstr(element.attrib.pop("class", "")) or "node"
            self._u2_elements = elements
        return self._u2_elements


def _walk_nodes(element: Any, out: list[Any]) -> None:
    out.append(element)
    for child in element:
        if child.tag == "node":
            _walk_nodes(child, out)


_INVISIBLE = re.compile(r"[\u200B-\u200F\uFEFF]")
_U2_NAMESPACES = {"re": "http://exslt.org/regular-expressions"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def parse_hierarchy(xml: str) -> Node:
    """Parse a uiautomator hierarchy dump; the root node stands for the whole screen."""
    try:
        root = etree.fromstring(xml.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DeviceError(ErrorCode.U2_UNAVAILABLE, f"hierarchy is not XML: {exc}") from exc
    document = _Document(root, xml)
    return _build(root, document)


def _build(element: Any, document: _Document) -> Node:
    order = len(document.elements)
    document.elements.append(element)
    document.nodes.append(_PLACEHOLDER)
    children = tuple(_build(child, document) for child in element if child.tag == "node")
    get = element.get
    node = Node(
        text=get("text", ""),
        resource_id=get("resource-id", ""),
        description=get("content-desc", ""),
        class_name=get("class", ""),
        package=get("package", ""),
        bounds=Bounds.parse(get("bounds", "")),
        clickable=get("clickable") == "true",
        scrollable=get("scrollable") == "true",
        enabled=get("enabled", "true") == "true",
        selected=get("selected") == "true",
        focused=get("focused") == "true",
        order=order,
        children=children,
        _document=document,
    )
    document.nodes[order] = node
    return node


_PLACEHOLDER = Node("", "", "", "", "", Bounds(0, 0, 0, 0), False, False, False, False, False, -1)
