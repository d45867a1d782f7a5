"""“Việc cần làm”: what waits for this person today, whoever they are, on the home page.

- a unit's people: their open tasks by due date, returned reports first among equals (`open_tasks_for`);
- an office's officers: reports waiting for review, units overdue (with "Nhắc ngay"), directives to finish
  and submit for signature, and those waiting for a leader's signature;
- a leader: what waits for their signature, and the progress of the directives issued in their unit's name.

A person with several roles sees every part that applies. Each part is one or two queries whatever the number
of directives and units (pinned in tests/core/test_todo.py).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, DateField, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from lantoa.directives.models import Directive, DirectiveState
from lantoa.directives.selectors import MANAGER_ROLES, directives_awaiting_signature_of
from lantoa.reports.models import Report, ReportState
from lantoa.reports.selectors import TaskGroup, open_tasks_for
from lantoa.summaries.selectors import Completeness, completeness_by_directive
from lantoa.units.models import Membership, Role

OWED_STATES = (ReportState.DRAFT, ReportState.RETURNED)
OVERDUE_SHOWN = 20
PROGRESS_SHOWN = 10


@dataclass
class ReviewWork:
    directive: Directive
    waiting: int
    resubmitted: int  # of which resubmissions after a return: the office compares what changed


@dataclass
class OverdueUnit:
    report_id: int
    unit_name: str
    directive: Directive
    state: str
    due_on: datetime.date
    days_overdue: int
    last_reminded: datetime.datetime | None


@dataclass
class DirectiveProgressLine:
    directive: Directive
    completeness: Completeness


@dataclass
class Todo:
    today: datetime.date
    tasks: list[TaskGroup] = field(default_factory=list)
    reviews: list[ReviewWork] = field(default_factory=list)
    overdue: list[OverdueUnit] = field(default_factory=list)
    overdue_total: int = 0
    drafts: list[Directive] = field(default_factory=list)  # to finish and submit (draft, returned)
    pending: list[Directive] = field(default_factory=list)  # submitted, waiting for a leader's signature
    to_sign: list[Directive] = field(default_factory=list)
    progress: list[DirectiveProgressLine] = field(default_factory=list)
    is_office: bool = False
    is_leader: bool = False

    @property
    def returned_tasks(self) -> list[TaskGroup]:
        return [g for g in self.tasks if g.report.state == ReportState.RETURNED]

    @property
    def waiting_reviews(self) -> int:
        return sum(r.waiting for r in self.reviews)

    @property
    def tasks_to_do(self) -> int:
        return sum(1 for g in self.tasks if g.needs_action)

    @property
    def is_empty(self) -> bool:
        return not (self.tasks or self.reviews or self.overdue or self.drafts or self.pending or self.to_sign)


def managed_directives(user) -> QuerySet[Directive]:
    """The directives this person prepares and reviews (as `can_manage` decides, in SQL): of a unit where
    they are an officer, leader or admin, as its issuer or as its office serving the issuer."""
    if not user.is_authenticated:
        return Directive.objects.none()
    if user.is_superuser:
        return Directive.objects.all()
    mine = Membership.objects.filter(user=user, is_active=True, role__in=MANAGER_ROLES).values("unit_id")
    return Directive.objects.filter(Q(issuer__in=mine) | Q(office__in=mine, office__parent=F("issuer")))


def _reviews(managed: QuerySet[Directive]) -> list[ReviewWork]:
    rows = list(
        Report.objects.filter(
            directive__in=managed.values("pk"),
            directive__state=DirectiveState.ISSUED,
            state=ReportState.SUBMITTED,
        )
        .order_by()
        .values("directive_id")
        .annotate(waiting=Count("pk"), resubmitted=Count("pk", filter=Q(version__gt=1)))
    )
    if not rows:
        return []
    directives = Directive.objects.select_related("issuer", "office").in_bulk(
        [r["directive_id"] for r in rows]
    )
    work = [
        ReviewWork(
            directive=directives[r["directive_id"]], waiting=r["waiting"], resubmitted=r["resubmitted"]
        )
        for r in rows
    ]
    work.sort(key=lambda w: (w.directive.report_due or datetime.date.max, -w.waiting))
    return work


def reviews_waiting_for(user) -> list[ReviewWork]:
    """The reports waiting for this person's review, per directive ("Nhiệm vụ của tôi" shows them too)."""
    roles = set(Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True))
    if not (user.is_superuser or roles & {Role.OFFICER, Role.ADMIN}):
        return []
    return _reviews(managed_directives(user))


def _overdue(managed: QuerySet[Directive], today: datetime.date) -> tuple[list[OverdueUnit], int]:
    owed = (
        Report.objects.filter(
            directive__in=managed.values("pk"), directive__state=DirectiveState.ISSUED, state__in=OWED_STATES
        )
        .annotate(due=Coalesce("due_on", "directive__report_due", output_field=DateField()))
        .filter(due__lt=today)
    )
    total = owed.count()
    if not total:
        return [], 0
    rows = (
        owed.annotate(last_reminded=Max("reminders__created_at"))
        .select_related("unit", "directive", "directive__issuer")
        .order_by("due", "directive_id", "unit__path")[:OVERDUE_SHOWN]
    )
    return [
        OverdueUnit(
            report_id=r.pk,
            unit_name=str(r.unit),
            directive=r.directive,
            state=r.state,
            due_on=r.due,
            days_overdue=(today - r.due).days,
            last_reminded=r.last_reminded,
        )
        for r in rows
    ], total


def _progress(user, today: datetime.date) -> list[DirectiveProgressLine]:
    """The directives issued in the name of a unit this person leads, under way, with their completeness."""
    led = Membership.objects.filter(user=user, is_active=True, role=Role.LEADER).values("unit_id")
    directives = list(
        Directive.objects.filter(issuer__in=led, state=DirectiveState.ISSUED)
        .select_related("issuer")
        .order_by(F("report_due").asc(nulls_last=True), "-pk")[:PROGRESS_SHOWN]
    )
    if not directives:
        return []
    counts = completeness_by_directive(Report.objects.filter(directive__in=directives), today=today)
    return [
        DirectiveProgressLine(directive=d, completeness=counts.get(d.pk, Completeness())) for d in directives
    ]


def todo_for(user, *, today: datetime.date | None = None) -> Todo:
    today = today or timezone.localdate()
    todo = Todo(today=today)
    if not user.is_authenticated:
        return todo
    roles = set(Membership.objects.filter(user=user, is_active=True).values_list("role", flat=True))
    todo.tasks = open_tasks_for(user, today=today)
    # Officers and admins prepare and review; a leader's part is signing and following progress.
    todo.is_office = user.is_superuser or bool(roles & {Role.OFFICER, Role.ADMIN})
    todo.is_leader = Role.LEADER in roles
    if todo.is_office:
        managed = managed_directives(user)
        todo.reviews = _reviews(managed)
        todo.overdue, todo.overdue_total = _overdue(managed, today)
        preparing = list(
            managed.filter(state__in=[DirectiveState.DRAFT, DirectiveState.RETURNED, DirectiveState.PENDING])
            .select_related("issuer")
            .order_by("-updated_at", "-pk")[:20]
        )
        todo.drafts = [d for d in preparing if d.state != DirectiveState.PENDING]
        todo.pending = [d for d in preparing if d.state == DirectiveState.PENDING]
    if todo.is_leader:
        todo.to_sign = list(
            directives_awaiting_signature_of(user)
            .select_related("issuer", "submitted_by")
            .order_by("submitted_at", "pk")[:20]
        )
        todo.progress = _progress(user, today)
    return todo
