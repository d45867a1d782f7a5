"""Stage 3 of the reader: the body's outline — a tree built from list markers, with each section's kind.

Markers nest the way a writer uses them: the first kind seen ("I.") is the top, a new kind ("1.") goes one
level down, and a kind seen before closes every deeper level ("II." after "a)"). Paragraphs without a
marker belong to the item above them when it is a heading ("1. Sở Tài chính" / its text), and sit beside
it otherwise. Each heading's words say what its section is for: purpose, content, time, budget, the
assignment of work, awards, an appendix.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .layout import Para, marker_of

_LEAD_IN = r"^(?:(?:về|công\s+tác|các|những|một\s+số)\s+)*"
SECTION_KINDS = (
    (
        "organisation",
        re.compile(
            _LEAD_IN + r"(?:tổ\s+chức\s+thực\s+hiện|phân\s+công|trách\s+nhiệm\s+(?:thực\s+hiện|của)|"
            r"nhiệm\s+vụ\s+của\s+các|giao\s+nhiệm\s+vụ)",
            re.I,
        ),
    ),
    (
        "award",
        re.compile(
            r"(?:^|\s)(?:khen\s+thưởng|tiêu\s+chuẩn|số\s+lượng\s+đề\s+nghị|chỉ\s+tiêu\s+(?:thi\s+đua|khen)|cơ\s+cấu|danh\s+hiệu|"
            r"hình\s+thức\s+(?:khen|thi\s+đua)|thang\s+điểm|xếp\s+loại|chấm\s+điểm|đối\s+tượng\s+khen)",
            re.I,
        ),
    ),
    (
        "purpose",
        re.compile(
            _LEAD_IN
            + r"(?:mục\s+đích|yêu\s+cầu|mục\s+tiêu|quan\s+điểm|sự\s+cần\s+thiết|căn\s+cứ|chủ\s+đề|khẩu\s+hiệu|thông\s+điệp)",
            re.I,
        ),
    ),
    ("scope", re.compile(_LEAD_IN + r"(?:đối\s+tượng|phạm\s+vi|thành\s+phần|đại\s+biểu)", re.I)),
    ("time", re.compile(_LEAD_IN + r"(?:thời\s+gian|tiến\s+độ|lộ\s+trình|thời\s+điểm)", re.I)),
    ("budget", re.compile(_LEAD_IN + r"(?:kinh\s+phí|nguồn\s+(?:kinh\s+phí|vốn|lực))", re.I)),
    (
        "report",
        re.compile(
            r"^(?:chế\s+độ\s+)?(?:thông\s+tin\s+)?báo\s+cáo$|^chế\s+độ\s+(?:thông\s+tin|báo\s+cáo)", re.I
        ),
    ),
    (
        "content",
        re.compile(_LEAD_IN + r"(?:nội\s+dung|nhiệm\s+vụ|giải\s+pháp|hình\s+thức|hoạt\s+động)", re.I),
    ),
)


@dataclass
class Node:
    para: Para
    marker: tuple[str, str, int] | None
    depth: int
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    # A node's paragraph and marker never change once the tree is built, and the reader asks its text,
    # whether it is a heading and its section's kind again for every item below it: each is worked out once.
    _text: str | None = field(default=None, init=False, repr=False, compare=False)
    _heading: bool | None = field(default=None, init=False, repr=False, compare=False)
    _kind: tuple[str | None] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        """The paragraph's text after its list marker."""
        if self._text is None:
            self._text = self.para.text if self.marker is None else self.para.text[self.marker[2] :]
        return self._text

    @property
    def offset(self) -> int:
        return self.marker[2] if self.marker else 0

    def is_heading(self) -> bool:
        if self._heading is None:
            self._heading = is_heading_text(self.text)
        return self._heading

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Node({self.depth}, {self.para.text[:50]!r})"


def is_heading_text(text: str) -> bool:
    text = text.strip()
    if not text:
        return False
    if text.endswith(":"):
        return len(text) <= 260
    if text.endswith((".", ";", "./.", "!", "?")):
        return False
    return len(text) <= 160


def _kind_key(marker: tuple[str, str, int]) -> str:
    kind, label, _ = marker
    if kind == "bullet":
        return "bullet" + label
    if kind == "sub":
        return "sub" + str(label.count("."))
    return kind


def build(paras: list[Para]) -> list[Node]:
    """The body's top-level nodes; every paragraph appears exactly once in the tree."""
    roots: list[Node] = []
    stack: list[tuple[str, Node]] = []  # (kind key, node) of open list levels
    for para in paras:
        marker = marker_of(para.text)
        if marker is not None and marker[0] == "letterdot" and not _letter_sequence_ok(marker, stack):
            marker = None
        if marker is not None:
            key = _kind_key(marker)
            depth = next((i for i, (k, _) in enumerate(stack) if k == key), None)
            if depth is None:
                depth = len(stack)
            else:
                del stack[depth:]
            parent = stack[-1][1] if stack else None
            node = Node(para, marker, depth, parent)
            (parent.children if parent else roots).append(node)
            stack.append((key, node))
            continue
        # A paragraph without a marker belongs to the nearest open heading ("1. Sở Tài chính" / its text);
        # with none open it is prose of its own, and the list before it is over.
        anchor = None
        if stack and not _is_closing_prose(para.text):
            anchor = stack[-1][1]
            while anchor is not None and not anchor.is_heading():
                anchor = anchor.parent
        if anchor is not None:
            anchor.children.append(Node(para, None, anchor.depth + 1, anchor))
            # Items after it continue the heading's list; deeper levels are closed.
            while stack and stack[-1][1] is not anchor:
                stack.pop()
        else:
            roots.append(Node(para, None, 0, None))
            stack.clear()
    return roots


_CLOSING_PROSE = re.compile(
    r"^(?:Trên\s+đây|Trong\s+quá\s+trình|Quá\s+trình\s+(?:triển\s+khai|thực\s+hiện)|Đây\s+là\s+nhiệm\s+vụ|"
    r"Trân\s+trọng|Nhận\s+được\s+(?:công\s+văn|văn\s+bản|kế\s+hoạch))",
)


def _is_closing_prose(text: str) -> bool:
    return bool(_CLOSING_PROSE.match(text))


def _letter_sequence_ok(marker: tuple[str, str, int], stack: list[tuple[str, Node]]) -> bool:
    """ "a." is a list marker only in a run of letters ("a.", "b."), not an initial ("A. Lincoln")."""
    return marker[1] == "a" or any(k == "letterdot" for k, _ in stack)


def section_kind(node: Node) -> str | None:
    """What the nearest enclosing heading says its section is for."""
    if node._kind is None:
        node._kind = (_section_kind(node),)
    return node._kind[0]


def _section_kind(node: Node) -> str | None:
    for candidate in (node, *node.ancestors()):
        if candidate.marker is None or not candidate.is_heading():
            continue
        if _names_a_body(candidate.text):
            continue
        kind = heading_kind(candidate.text)
        if kind is not None:
            return kind
    return None


@functools.lru_cache(maxsize=8192)
def heading_kind(text: str) -> str | None:
    """The kind of the section a heading opens; with several ("NỘI DUNG THI ĐUA, … XẾP LOẠI") the first wins."""
    text = " ".join(text.split()).strip(" :.")
    if len(text) > 160:
        return None
    found = []
    for kind, pattern in SECTION_KINDS:
        match = pattern.search(text)
        if match:
            found.append((match.start() if kind != "organisation" else -1, kind))
    return min(found)[1] if found else None


@functools.lru_cache(maxsize=4096)
def _names_a_body(text: str) -> bool:
    from .entities import GRAMMAR, Tokens

    stripped = re.sub(r"^(?:Giao|Đề\s+nghị|Yêu\s+cầu|Trách\s+nhiệm\s+của|Đối\s+với)\s+", "", text.strip())
    t = Tokens(stripped[:120])
    return bool(len(t)) and GRAMMAR.mention_at(t, 0) is not None


def iter_nodes(roots: list[Node]):
    for root in roots:
        yield from root.walk()
