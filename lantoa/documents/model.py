"""The parsed directive: plain dataclasses whose dict form is the `lantoa parse --json` contract."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

DOC_TYPES = ("cong_van", "ke_hoach", "chi_thi", "thong_bao", "quyet_dinh", "bao_cao", "other")
ROLES = ("lead", "coordinate", "perform")


@dataclass
class Task:
    text: str
    span: tuple[int, int]
    due: str | None = None


@dataclass
class Assignment:
    unit: str
    role: str
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Reference:
    type: str
    number: str | None
    date: str | None
    issuer: str | None


@dataclass
class Period:
    start: str | None
    end: str | None
    text: str


@dataclass
class ReportDeadline:
    date: str | None
    recurrence: str | None
    to: str | None
    via: str | None
    text: str


@dataclass
class Signer:
    authority: str | None
    position: str | None
    name: str | None


@dataclass
class ParsedDirective:
    doc_type: str = "other"
    number: str | None = None
    date: str | None = None
    place: str | None = None
    issuer: str | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    period: Period | None = None
    report_deadlines: list[ReportDeadline] = field(default_factory=list)
    signer: Signer | None = None
    cc: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # JSON has no tuples; the contract shows spans as two-element lists.
        for assignment in data["assignments"]:
            for task in assignment["tasks"]:
                task["span"] = list(task["span"])
        return data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
