import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema
from pydantic import field_validator

MAX_ID = 2**53  # ids the database can hold and JSON numbers carry exactly


# A typed-in figure as the database keeps it: 14 digits, 2 of them after the point.
Figure = Annotated[Decimal, Field(ge=0, lt=10**12, max_digits=14, decimal_places=2, allow_inf_nan=False)]


class InputSchema(Schema):
    """What a client sends. NUL characters are dropped from text: PostgreSQL cannot store them, and the pages'
    forms refuse them too (Django's ProhibitNullCharactersValidator)."""

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value):
        return value.replace("\x00", "") if isinstance(value, str) else value


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    level: str | None = None
    parent_id: int | None = None


class UnitRef(Schema):
    id: int
    name: str


class AssignmentOut(Schema):
    id: int
    unit: UnitRef
    role: str
    due_on: datetime.date | None = None


class TaskOut(Schema):
    id: int
    position: int
    text: str
    role: str
    assignee_text: str
    due_on: datetime.date | None = None
    assignments: list[AssignmentOut]


class DirectiveOut(Schema):
    id: int
    number: str
    doc_type: str
    subject: str
    state: str
    issuer: UnitRef
    issued_on: datetime.date | None = None
    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    report_due: datetime.date | None = None


class DirectiveDetailOut(DirectiveOut):
    place: str
    signer_name: str
    tasks: list[TaskOut]


class ReportOut(Schema):
    id: int
    directive_id: int
    unit: UnitRef
    state: str
    due_on: datetime.date | None = None
    version: int
    is_late: bool
    submitted_at: datetime.datetime | None = None


class ReportDetailOut(ReportOut):
    results: str
    difficulties: str
    proposals: str
    figures: dict[str, float]
    manual: list[str]


class ReportIn(InputSchema):
    results: str | None = Field(None, max_length=20000)
    difficulties: str | None = Field(None, max_length=20000)
    proposals: str | None = Field(None, max_length=20000)
    # Typed-in figures by indicator code; null clears one.
    manual_figures: dict[str, Figure | None] = Field(default_factory=dict)


class ReturnIn(InputSchema):
    reason: str = Field(..., min_length=1, max_length=2000)


class EvidenceOut(Schema):
    id: int
    kind: str
    url: str
    original_name: str
    size: int


class ActivityOut(Schema):
    id: int
    unit: UnitRef
    type: str
    occurred_on: datetime.date
    title: str
    channel: str
    url: str
    count: int
    minutes: int | None = None
    plays: int | None = None
    participants: int | None = None
    people_guided: int | None = None
    reach: int | None = None
    note: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(obj):
        return obj["evidence"] if isinstance(obj, dict) else list(obj.evidence.all())


class JobOut(Schema):
    id: int
    kind: str
    state: str
    progress: int
    progress_note: str
    error: str
    attempts: int
    result: dict
    created_at: datetime.datetime
    finished_at: datetime.datetime | None = None


class GenerationOut(Schema):
    id: int
    version: int
    generated_at: datetime.datetime
    files: dict[str, str]


class TokenCheckOut(Schema):
    username: str
