"""Domain logic of the action lines module, without HTTP.

Views, the API and the demo loader call these functions; they validate, keep the rules of seed 003
(status machine, frozen reports, completeness, platform meetings, the three-criteria test of
initiatives) and tell followers what changed. Errors a user can fix raise ``ServiceError`` with a
Dutch message.
"""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samen.network.models import Organisation, OrganisationMember, SharedValue
from samen.regions.models import Municipality, Region

from . import rules
from .models import (
    ActionLine,
    ActionLineLead,
    AgendaItem,
    Commitment,
    CriterionCheck,
    Follow,
    FollowUp,
    Initiative,
    Meeting,
    MeetingDecision,
    MunicipalityRole,
    Notification,
    ProgressReport,
    ReportVersion,
    StatusChange,
    ValueFit,
)
from .similarity import similarities
from .workflow import INITIATIVE_TRANSITIONS, LINE_TRANSITIONS, transition_for

User = get_user_model()

#: A line without a half-yearly report for this many months is on the aanjager's worklist.
REPORT_INTERVAL_MONTHS = 6
#: Platform meetings are held twice a year (seed 001): the next is suggested six months on.
MEETING_INTERVAL_MONTHS = 6
#: ...but never sooner than this from today, so that partners can be invited.
MEETING_NOTICE = timedelta(weeks=4)
#: TF-IDF cosine at or above which an initiative is flagged as possibly overlapping a line.
TEXT_OVERLAP_THRESHOLD = 0.30
#: A line that serves every value the initiative serves is flagged from this lower score on.
VALUE_AND_TEXT_THRESHOLD = 0.15
#: Lines with at least this score, or sharing values, are listed as "related" (not flagged).
RELATED_THRESHOLD = 0.08

REPORT_TEXT_FIELDS = ("summary", "done", "results", "needed", "next_steps")


class ServiceError(Exception):
    """A request the rules refuse; the message (Dutch) says why and what to do."""


class ConflictError(ServiceError):
    """Someone else changed the object since the form was opened."""


# --- Dates --------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` shifted by whole months, clipped to the end of a shorter month (31 Aug + 6 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def half_year(year: int, half: int) -> tuple[date, date]:
    """First and last day of the first (1) or second (2) half of ``year``."""
    if half not in (1, 2):
        raise ServiceError(_("Kies het eerste of het tweede halfjaar."))
    return (
        (date(year, 1, 1), date(year, 6, 30))
        if half == 1
        else (date(year, 7, 1), date(year, 12, 31))
    )


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- Action lines -------------------------------------------------------------------------------


def _same_region(region: Region, objects, message: str) -> None:
    if any(obj.region_id != region.pk for obj in objects):
        raise ServiceError(message)


@transaction.atomic
def create_line(
    *, region: Region, title: str, aim: str, start_date: date, values=(), by=None
) -> ActionLine:
    """A new, active action line of ``region``, serving ``values`` (of the same region)."""
    values = list(values)
    _same_region(region, values, _("Kies waarden van de eigen regio."))
    line = ActionLine.objects.create(
        region=region, title=title.strip(), aim=aim.strip(), start_date=start_date
    )
    line.values.set(values)
    return line


@transaction.atomic
def update_line(line: ActionLine, *, title: str, aim: str, start_date: date, values) -> ActionLine:
    """Change title, aim, start date and values (status changes go through ``change_status``)."""
    values = list(values)
    _same_region(line.region, values, _("Kies waarden van de eigen regio."))
    line.title, line.aim, line.start_date = title.strip(), aim.strip(), start_date
    line.save(update_fields=["title", "aim", "start_date", "updated_at"])
    line.values.set(values)
    return line


@transaction.atomic
def change_status(
    line: ActionLine, transition: str, *, on: date, reason: str, by, link_base: str = ""
) -> StatusChange:
    """Take step ``transition`` of ``workflow.LINE_TRANSITIONS``, record it and tell followers.

    The line is locked, so two people pausing at once record one change; the second is refused
    because a paused line cannot be paused again.
    """
    if not reason.strip():
        raise ServiceError(_("Geef de reden van de statuswijziging."))
    if on > timezone.localdate():
        raise ServiceError(_("Een statuswijziging gaat in op vandaag of een eerdere datum."))
    line = ActionLine.objects.select_for_update().get(pk=line.pk)
    step = transition_for(LINE_TRANSITIONS, line, transition)
    change = StatusChange.objects.create(
        action_line=line,
        from_status=line.status,
        to_status=step.target,
        changed_on=on,
        reason=reason.strip(),
        changed_by=by,
    )
    line.status = step.target
    line.end_date = on if step.target == ActionLine.Status.ENDED else None
    line.save(update_fields=["status", "end_date", "updated_at"])
    notify_followers(
        line,
        kind=Notification.Kind.STATUS_CHANGED,
        subject=_("Actielijn '%(line)s': %(status)s")
        % {"line": line.title, "status": line.get_status_display().lower()},
        body=_(
            "De status van de actielijn '%(line)s' is per %(date)s gewijzigd van %(from)s in %(to)s.\n\n"
            "Reden: %(reason)s"
        )
        % {
            "line": line.title,
            "date": on.strftime("%d-%m-%Y"),
            "from": change.get_from_status_display().lower(),
            "to": change.get_to_status_display().lower(),
            "reason": change.reason,
        },
        actor=by,
        link=link_base + reverse("actionlines:line-detail", args=[line.uuid]),
    )
    return change


@transaction.atomic
def assign_lead(
    line: ActionLine, member: OrganisationMember, *, since: date, by=None
) -> ActionLineLead:
    """Make ``member.user`` a lead of ``line`` on behalf of ``member.organisation``.

    A lead is a person from a partner organisation of the same region. Leads start following the
    line (they can unfollow): they hear about status changes and each other's reports.
    """
    if member.organisation.region_id != line.region_id:
        raise ServiceError(_("Een trekker komt van een partnerorganisatie uit de eigen regio."))
    lead, created = ActionLineLead.objects.get_or_create(
        action_line=line,
        user=member.user,
        defaults={"organisation": member.organisation, "since": since},
    )
    if not created and lead.organisation_id != member.organisation_id:
        lead.organisation = member.organisation
        lead.save(update_fields=["organisation"])
    Follow.objects.get_or_create(action_line=line, user=member.user)
    return lead


def remove_lead(lead: ActionLineLead) -> None:
    """End someone's role as lead (they keep following the line until they unfollow)."""
    lead.delete()


def commit_partner(line: ActionLine, organisation: Organisation, *, since: date) -> Commitment:
    """Record that ``organisation`` committed itself to ``line`` (idempotent)."""
    if organisation.region_id != line.region_id:
        raise ServiceError(_("Alleen partners uit de eigen regio kunnen zich committeren."))
    commitment, _created = Commitment.objects.get_or_create(
        action_line=line, organisation=organisation, defaults={"since": since}
    )
    return commitment


def withdraw_commitment(commitment: Commitment) -> None:
    commitment.delete()


@transaction.atomic
def set_municipality_roles(line: ActionLine, roles: dict) -> None:
    """``roles``: {Municipality: (ladder value or "", explanation)}; "" removes the role."""
    for municipality, (role, explanation) in roles.items():
        if municipality.region_id != line.region_id:
            raise ServiceError(_("Die gemeente hoort niet bij de regio van deze actielijn."))
        if not role:
            MunicipalityRole.objects.filter(action_line=line, municipality=municipality).delete()
            continue
        if role not in MunicipalityRole.Ladder.values:
            raise ServiceError(_("Onbekende rol op de overheidsparticipatietrap."))
        MunicipalityRole.objects.update_or_create(
            action_line=line,
            municipality=municipality,
            defaults={"role": role, "explanation": explanation.strip()},
        )


# --- Following and notifications ------------------------------------------------------------


def follow(line: ActionLine, user) -> bool:
    """``user`` follows ``line``; True when this is new (following twice is one follow)."""
    _follow, created = Follow.objects.get_or_create(action_line=line, user=user)
    return created


def unfollow(line: ActionLine, user) -> bool:
    deleted, _rows = Follow.objects.filter(action_line=line, user=user).delete()
    return bool(deleted)


def notify_followers(line: ActionLine, *, kind, subject: str, body: str, actor, link: str) -> list:
    """Record a notification for every follower except ``actor``; mail them after the commit.

    The notification rows are part of the transaction (they disappear when it rolls back); the
    e-mail goes out only once the change is committed, so nobody hears of a change that never was.
    """
    recipients = User.objects.filter(action_line_follows__action_line=line, is_active=True).exclude(
        pk=getattr(actor, "pk", None)
    )
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user, action_line=line, kind=kind, subject=subject, body=body, link=link
        )
        for user in recipients
    )
    ids = [n.pk for n in notifications]
    if ids:
        transaction.on_commit(lambda: send_notification_mails(ids))
    return notifications


def send_notification_mails(notification_ids: list[int]) -> int:
    """Mail the given notifications (one message each) and stamp them; returns how many were sent."""
    pending = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient")
    messages = [
        EmailMessage(
            subject=f"[Samen] {n.subject}",
            body=f"{n.body}\n\n{n.link}\n\n"
            + _("U krijgt dit bericht omdat u deze actielijn volgt."),
            to=[n.recipient.email],
        )
        for n in pending
    ]
    if not messages:
        return 0
    sent = get_connection().send_messages(messages) or 0
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return sent


# --- Progress reports ---------------------------------------------------------------------------


@dataclass
class ReportContent:
    summary: str
    traffic_light: str = ""
    done: str = ""
    results: str = ""
    needed: str = ""
    next_steps: str = ""
    change_note: str = ""

    def cleaned(self) -> ReportContent:
        return ReportContent(**{k: (v or "").strip() for k, v in self.__dict__.items()})

    def same_as(self, version: ReportVersion) -> bool:
        return all(
            getattr(self, name) == getattr(version, name)
            for name in (*REPORT_TEXT_FIELDS, "traffic_light")
        )


HALF_YEARLY_REQUIRED = {
    "traffic_light": gettext_lazy("stoplicht"),
    "done": gettext_lazy("wat is er gedaan"),
    "results": gettext_lazy("resultaten ten opzichte van het doel"),
    "needed": gettext_lazy("wat is er nodig"),
    "next_steps": gettext_lazy("volgende stappen"),
}


def missing_for_submission(kind: str, content) -> list[str]:
    """Labels of the fields a report of ``kind`` still lacks before it can be submitted."""
    missing = [] if (content.summary or "").strip() else [_("samenvatting")]
    if kind == ProgressReport.Kind.HALF_YEARLY:
        missing += [
            str(label)
            for name, label in HALF_YEARLY_REQUIRED.items()
            if not (getattr(content, name) or "").strip()
        ]
    return missing


def _check_content(kind: str, content: ReportContent, submit: bool) -> None:
    if content.traffic_light and content.traffic_light not in ReportVersion.TrafficLight.values:
        raise ServiceError(_("Kies groen, oranje of rood."))
    if kind == ProgressReport.Kind.UPDATE and content.traffic_light:
        raise ServiceError(_("Een tussentijdse update heeft geen stoplicht."))
    if not content.summary:
        raise ServiceError(_("Vul de samenvatting in."))
    missing = missing_for_submission(kind, content) if submit else []
    if missing:
        raise ServiceError(
            _("Vul nog in voordat u indient: %(fields)s.") % {"fields": ", ".join(missing)}
        )


def _ensure_reporter(user, line: ActionLine) -> None:
    if not rules.may_report_on(user, line):
        raise PermissionDenied(_("Alleen de trekkers van deze actielijn rapporteren erover."))


def start_report(
    line: ActionLine,
    *,
    kind: str,
    content: ReportContent,
    by,
    period: tuple[int, int] | None = None,
    submission_key=None,
    submit: bool = False,
    link_base: str = "",
) -> ProgressReport:
    """Create a report (version 1, a draft or submitted at once) on ``line`` by one of its leads.

    ``submission_key`` (the form's or API client's one-time key) makes a double submit harmless:
    the second call returns the report of the first. A half-yearly report exists once per period.
    """
    _ensure_reporter(by, line)
    content = content.cleaned()
    _check_content(kind, content, submit)
    if submission_key:
        existing = ProgressReport.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing
    period_start = period_end = None
    if kind == ProgressReport.Kind.HALF_YEARLY:
        if not period:
            raise ServiceError(_("Kies de periode van de halfjaarrapportage."))
        period_start, period_end = half_year(*period)
        if period_start > timezone.localdate():
            raise ServiceError(
                _("Over een halfjaar dat nog niet begonnen is, rapporteert u later.")
            )
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(
                action_line=line,
                kind=kind,
                period_start=period_start,
                period_end=period_end,
                submission_key=submission_key,
                created_by=by,
            )
            version = ReportVersion.objects.create(
                report=report, number=1, author=by, **_version_fields(content)
            )
            if submit:
                _submit(report, version, by, link_base)
    except IntegrityError as error:
        # A concurrent twin with the same key won the race: that is the report.
        if submission_key:
            twin = ProgressReport.objects.filter(submission_key=submission_key).first()
            if twin:
                return twin
        if period_start:
            raise ServiceError(
                _("Voor deze periode bestaat al een halfjaarrapportage; open die om te bewerken.")
            ) from error
        raise
    return report


def _version_fields(content: ReportContent) -> dict:
    return {
        "traffic_light": content.traffic_light,
        "change_note": content.change_note,
        **{name: getattr(content, name) for name in REPORT_TEXT_FIELDS},
    }


@transaction.atomic
def save_report(
    report: ProgressReport,
    *,
    content: ReportContent,
    by,
    based_on: tuple[int, int] | None = None,
    submit: bool = False,
    link_base: str = "",
) -> ReportVersion:
    """Save an edit of ``report``: the draft changes in place, a submitted report gets a new version.

    ``based_on`` is (version number, revision) as the editor saw it. If someone saved in between,
    the edit is refused with ``ConflictError`` instead of silently overwriting theirs. Saving the
    same content twice (a double submit) changes nothing the second time.
    """
    _ensure_reporter(by, report.action_line)
    content = content.cleaned()
    _check_content(report.kind, content, submit)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    latest = report.versions.order_by("-number").first()
    if content.same_as(latest) and (latest.is_frozen or not submit):
        return latest
    if based_on is not None and based_on != (latest.number, latest.revision):
        raise ConflictError(
            _(
                "Deze rapportage is intussen door iemand anders gewijzigd (nu versie %(n)s). "
                "Open de rapportage opnieuw; uw tekst staat hieronder zodat u niets kwijtraakt."
            )
            % {"n": latest.number}
        )
    if latest.is_frozen:
        version = ReportVersion.objects.create(
            report=report, number=latest.number + 1, author=by, **_version_fields(content)
        )
    else:
        for name, value in _version_fields(content).items():
            setattr(latest, name, value)
        latest.revision += 1
        latest.save()
        version = latest
    if submit:
        _submit(report, version, by, link_base)
    return version


@transaction.atomic
def submit_report(report: ProgressReport, *, by, link_base: str = "") -> ReportVersion:
    """Submit the report's draft; when it is already submitted, nothing happens (double submit)."""
    _ensure_reporter(by, report.action_line)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    latest = report.versions.order_by("-number").first()
    if latest.is_frozen:
        return latest
    _check_content(report.kind, ReportContent(**_content_of(latest)), submit=True)
    return _submit(report, latest, by, link_base)


def _content_of(version: ReportVersion) -> dict:
    return {name: getattr(version, name) for name in (*REPORT_TEXT_FIELDS, "traffic_light")}


def _submit(report: ProgressReport, version: ReportVersion, by, link_base: str) -> ReportVersion:
    now = timezone.now()
    version.state = ReportVersion.State.SUBMITTED
    version.submitted_at, version.submitted_by = now, by
    version.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    report.current_version = version
    report.first_submitted_at = report.first_submitted_at or now
    report.save(update_fields=["current_version", "first_submitted_at"])
    line = report.action_line
    what = (
        _("een nieuwe versie (%(n)s) van de %(kind)s")
        % {"n": version.number, "kind": _kind(report)}
        if version.number > 1
        else _("de %(kind)s") % {"kind": _kind(report)}
    )
    notify_followers(
        line,
        kind=Notification.Kind.REPORT_SUBMITTED,
        subject=_("Actielijn '%(line)s': nieuwe rapportage") % {"line": line.title},
        body=_("%(who)s heeft %(what)s van de actielijn '%(line)s' ingediend.\n\n%(summary)s")
        % {
            "who": by.get_full_name() or by.email,
            "what": what,
            "line": line.title,
            "summary": version.summary,
        },
        actor=by,
        link=link_base + reverse("actionlines:report-detail", args=[report.uuid]),
    )
    return version


def _kind(report: ProgressReport) -> str:
    label = report.get_kind_display().lower()
    return f"{label} {report.period_label}" if report.period_label else label


# --- Completeness ("toetsen op volledigheid", seed 003 §5.1) ---------------------------------


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    explanation: str
    kind: str  # "line", "value", "organisation" or "follow_up"


RULE_DEFINITIONS = [
    Rule(
        "no_lead",
        gettext_lazy("Actielijnen zonder trekker"),
        gettext_lazy("Actieve actielijnen waar niemand trekker van is."),
        "line",
    ),
    Rule(
        "no_partner",
        gettext_lazy("Actielijnen zonder gecommitteerde partner"),
        gettext_lazy("Geen enkele partnerorganisatie heeft zich aan de lijn verbonden."),
        "line",
    ),
    Rule(
        "no_value",
        gettext_lazy("Actielijnen zonder gedeelde waarde"),
        gettext_lazy("De lijn dient (nog) geen van de gedeelde waarden."),
        "line",
    ),
    Rule(
        "missing_role",
        gettext_lazy("Actielijnen zonder rol van een gemeente"),
        gettext_lazy(
            "Voor minstens één gemeente van de regio is de rol op de overheidsparticipatietrap niet bepaald."
        ),
        "line",
    ),
    Rule(
        "no_recent_report",
        gettext_lazy("Actielijnen zonder recente rapportage"),
        gettext_lazy(
            "Geen halfjaarrapportage ingediend in de afgelopen zes maanden (lijnen die korter dan zes maanden lopen, tellen nog niet mee)."
        ),
        "line",
    ),
    Rule(
        "unserved_value",
        gettext_lazy("Waarden die geen actieve lijn dient"),
        gettext_lazy("Gedeelde waarden waar geen enkele actieve actielijn aan bijdraagt."),
        "value",
    ),
    Rule(
        "uncommitted_organisation",
        gettext_lazy("Partners zonder actielijn"),
        gettext_lazy(
            "Partnerorganisaties die zich aan geen enkele actieve actielijn hebben verbonden."
        ),
        "organisation",
    ),
    Rule(
        "overdue_follow_up",
        gettext_lazy("Vervolgacties over de datum"),
        gettext_lazy("Afspraken uit platformbijeenkomsten die niet op tijd zijn afgerond."),
        "follow_up",
    ),
]
RULES_BY_CODE = {rule.code: rule for rule in RULE_DEFINITIONS}
#: Line rules previewed together on the worklist page (cheap Exists first, costly ones alone).
PREVIEW_GROUPS = [("no_lead", "no_partner", "no_value"), ("missing_role",), ("no_recent_report",)]
LINE_RULE_FLAGS = {
    "no_lead": "has_lead",
    "no_partner": "has_partner",
    "no_value": "has_value",
    "missing_role": "has_all_roles",
    "no_recent_report": "reports_on_time",
}


@dataclass
class Completeness:
    """The aanjager's worklist for one region: per rule a queryset (lazy) and all counts."""

    region: Region
    today: date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def report_cutoff(self) -> date:
        return add_months(self.today, -REPORT_INTERVAL_MONTHS)

    def line_conditions(self) -> dict[str, object]:
        """Per line rule, the condition (an Exists subquery) that a line *meets* the rule."""
        cutoff = self.report_cutoff
        line = OuterRef("pk")
        municipalities_without_role = Municipality.objects.filter(
            region=OuterRef("region")
        ).exclude(
            Exists(
                MunicipalityRole.objects.filter(
                    action_line=OuterRef(line), municipality=OuterRef("pk")
                )
            )
        )
        recent_reports = ProgressReport.objects.filter(
            action_line=line,
            kind=ProgressReport.Kind.HALF_YEARLY,
            first_submitted_at__gte=_start_of_day(cutoff),
        )
        return {
            "no_lead": Exists(ActionLineLead.objects.filter(action_line=line)),
            "no_partner": Exists(Commitment.objects.filter(action_line=line)),
            "no_value": Exists(ActionLine.values.through.objects.filter(actionline=line)),
            "missing_role": ~Exists(municipalities_without_role),
            "no_recent_report": ExpressionWrapper(
                Q(Exists(recent_reports)) | Q(start_date__gt=cutoff), output_field=BooleanField()
            ),
        }

    def active_lines(self) -> QuerySet:
        return ActionLine.objects.filter(region=self.region, status=ActionLine.Status.ACTIVE)

    def flagged_lines(self) -> QuerySet:
        """Active lines of the region, each with one boolean per line rule (Exists subqueries)."""
        conditions = self.line_conditions()
        return self.active_lines().annotate(
            **{LINE_RULE_FLAGS[code]: condition for code, condition in conditions.items()}
        )

    def items(self, code: str) -> QuerySet:
        """The objects that break rule ``code`` (for a line rule: only that rule's subquery)."""
        if code in LINE_RULE_FLAGS:
            flag = LINE_RULE_FLAGS[code]
            return (
                self.active_lines()
                .annotate(**{flag: self.line_conditions()[code]})
                .filter(**{flag: False})
                .order_by("title")
            )
        if code == "unserved_value":
            served = ActionLine.values.through.objects.filter(
                sharedvalue=OuterRef("pk"), actionline__status=ActionLine.Status.ACTIVE
            )
            return (
                SharedValue.objects.filter(region=self.region)
                .exclude(Exists(served))
                .order_by("number")
            )
        if code == "uncommitted_organisation":
            committed = Commitment.objects.filter(
                organisation=OuterRef("pk"), action_line__status=ActionLine.Status.ACTIVE
            )
            return (
                Organisation.objects.filter(region=self.region)
                .exclude(Exists(committed))
                .select_related("stakeholder_group")
                .order_by("name")
            )
        if code == "overdue_follow_up":
            return (
                FollowUp.objects.filter(
                    meeting__region=self.region, done_on__isnull=True, due_date__lt=self.today
                )
                .select_related("owner", "action_line", "meeting__municipality")
                .order_by("due_date")
            )
        raise KeyError(code)

    def line_previews(self, limit: int) -> dict[str, list]:
        """The first ``limit`` lines of every line rule that has any, for the worklist page.

        The three cheap rules (lead, partner, value) share one query; the two costlier ones
        (municipality roles, recent report) get their own, so that PostgreSQL evaluates each
        expensive subquery only where it is asked.
        """
        conditions = self.line_conditions()
        previews: dict[str, list] = {}
        for group in PREVIEW_GROUPS:
            codes = [code for code in group if self.counts.get(code)]
            if not codes:
                continue
            broken = Q()
            for code in codes:
                broken |= Q(**{LINE_RULE_FLAGS[code]: False})
            lines = (
                self.active_lines()
                .annotate(**{LINE_RULE_FLAGS[code]: conditions[code] for code in codes})
                .filter(broken)
                .only("uuid", "title", "region")
                .order_by("title")
            )
            if len(codes) == 1:
                lines = lines[:limit]
            for code in codes:
                previews[code] = []
            for line in lines:
                for code in codes:
                    if not getattr(line, LINE_RULE_FLAGS[code]) and len(previews[code]) < limit:
                        previews[code].append(line)
        return previews

    def count_all(self) -> dict[str, int]:
        """All eight counts in one query: one uncorrelated count subquery per rule."""
        counts = {}
        for code in RULES_BY_CODE:
            items = self.items(code).order_by()
            group = items.model.scope_lookups.region  # constant within the region: one group
            counted = items.values(group).annotate(n=Count("pk")).values("n")
            counts[code] = Coalesce(Subquery(counted), 0)
        self.counts = (
            Region.objects.filter(pk=self.region.pk).annotate(**counts).values(*counts).get()
        )
        return self.counts


def completeness(region: Region, today: date | None = None) -> Completeness:
    """The worklist for ``region`` on ``today`` (default: today), with its counts filled in."""
    result = Completeness(region=region, today=today or timezone.localdate())
    result.count_all()
    return result


def municipalities_without_role(lines, region: Region) -> dict[int, list[Municipality]]:
    """{line pk: municipalities of the region with no role on that line} for the given lines."""
    municipalities = list(region.municipalities.order_by("name"))
    having = set(
        MunicipalityRole.objects.filter(action_line__in=lines).values_list(
            "action_line_id", "municipality_id"
        )
    )
    return {line.pk: [m for m in municipalities if (line.pk, m.pk) not in having] for line in lines}


# --- Platform meetings --------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingSuggestion:
    municipality: Municipality | None
    date: date
    previous: Meeting | None


def suggest_meeting(region: Region, today: date | None = None) -> MeetingSuggestion:
    """Where and when the next platform meeting could be.

    The location rotates over the region's municipalities in alphabetical order, starting after
    the municipality of the latest meeting; the date is six months after it (twice a year, seed
    001), but at least four weeks ahead so that partners can be invited.
    """
    today = today or timezone.localdate()
    municipalities = list(region.municipalities.order_by("name"))
    previous = (
        Meeting.objects.filter(region=region)
        .select_related("municipality")
        .order_by("-date")
        .first()
    )
    if not municipalities:
        return MeetingSuggestion(None, today, previous)
    if previous is None:
        return MeetingSuggestion(municipalities[0], add_months(today, 1), None)
    ids = [m.pk for m in municipalities]
    position = ids.index(previous.municipality_id) if previous.municipality_id in ids else -1
    follows = municipalities[(position + 1) % len(municipalities)]
    on = max(add_months(previous.date, MEETING_INTERVAL_MONTHS), today + MEETING_NOTICE)
    return MeetingSuggestion(follows, on, previous)


@transaction.atomic
def plan_meeting(
    region: Region, *, on: date, municipality: Municipality, by, venue: str = "", start_time=None
) -> Meeting:
    """Plan a platform meeting in one of the region's municipalities."""
    if municipality.region_id != region.pk:
        raise ServiceError(_("Kies een gemeente van de regio."))
    return Meeting.objects.create(
        region=region,
        date=on,
        municipality=municipality,
        venue=venue.strip(),
        start_time=start_time,
        created_by=by,
    )


@transaction.atomic
def update_meeting(
    meeting: Meeting, *, on: date, municipality: Municipality, venue: str, start_time
) -> Meeting:
    if municipality.region_id != meeting.region_id:
        raise ServiceError(_("Kies een gemeente van de regio."))
    meeting.date, meeting.municipality, meeting.venue, meeting.start_time = (
        on,
        municipality,
        venue.strip(),
        start_time,
    )
    meeting.save(update_fields=["date", "municipality", "venue", "start_time", "updated_at"])
    return meeting


@dataclass
class AgendaEntry:
    kind: str
    title: str
    action_line: ActionLine | None = None
    report_version: ReportVersion | None = None
    initiative: Initiative | None = None
    traffic_light: str = ""
    summary: str = ""

    def get_traffic_light_display(self) -> str:
        return ReportVersion.TrafficLight(self.traffic_light).label if self.traffic_light else ""


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(region=meeting.region_id, date__lt=meeting.date)
        .exclude(pk=meeting.pk)
        .order_by("-date")
        .first()
    )


def initiatives_to_present(meeting: Meeting) -> QuerySet:
    """Proposed or accepted initiatives, proposed or decided since the previous meeting."""
    previous = previous_meeting(meeting)
    since = Q()
    if previous:
        after = _start_of_day(previous.date + timedelta(days=1))
        since = Q(created_at__gte=after) | Q(decided_at__gte=after)
    until = _start_of_day(meeting.date + timedelta(days=1))
    return (
        Initiative.objects.filter(
            since,
            region=meeting.region_id,
            status__in=[Initiative.Status.PROPOSED, Initiative.Status.ACCEPTED],
            created_at__lt=until,
        )
        .select_related("organisation", "proposer")
        .order_by("created_at")
    )


def latest_report_versions(lines: QuerySet) -> QuerySet:
    """Each line annotated with ``latest_version_id``: its newest half-yearly report's version."""
    newest = (
        ProgressReport.objects.filter(
            action_line=OuterRef("pk"),
            kind=ProgressReport.Kind.HALF_YEARLY,
            current_version__isnull=False,
        )
        .order_by("-period_end", "-first_submitted_at")
        .values("current_version")[:1]
    )
    return lines.annotate(latest_version_id=Subquery(newest))


def build_agenda(meeting: Meeting) -> list[AgendaEntry]:
    """The agenda: every active line with its latest submitted report, then the initiatives.

    Once the agenda is fixed (``fix_agenda``; at the latest when the meeting is recorded), the
    stored items are returned, so a past meeting shows what was on its table, not today's reports.
    """
    if meeting.agenda_fixed_at:
        return [
            AgendaEntry(
                kind=item.kind,
                title=item.title,
                action_line=item.action_line,
                report_version=item.report_version,
                initiative=item.initiative,
                traffic_light=item.traffic_light,
                summary=item.summary,
            )
            for item in meeting.agenda_items.select_related(
                "action_line", "initiative", "report_version__report"
            )
        ]
    lines = list(
        latest_report_versions(
            ActionLine.objects.filter(region=meeting.region_id, status=ActionLine.Status.ACTIVE)
        )
        .only("uuid", "title", "status", "region")
        .order_by("title")
    )
    # Only the columns the agenda shows: with 2,000 lines the long report texts would dominate.
    versions = (
        ReportVersion.objects.select_related("report")
        .only("number", "traffic_light", "summary", "report__uuid", "report__action_line")
        .in_bulk([line.latest_version_id for line in lines if line.latest_version_id])
    )
    entries = []
    for line in lines:
        version = versions.get(line.latest_version_id)
        entries.append(
            AgendaEntry(
                kind=AgendaItem.Kind.LINE,
                title=line.title,
                action_line=line,
                report_version=version,
                traffic_light=version.traffic_light if version else "",
                summary=version.summary if version else "",
            )
        )
    for initiative in initiatives_to_present(meeting):
        entries.append(
            AgendaEntry(
                kind=AgendaItem.Kind.INITIATIVE,
                title=initiative.title,
                initiative=initiative,
                summary=initiative.description,
            )
        )
    return entries


@transaction.atomic
def fix_agenda(meeting: Meeting) -> list[AgendaItem]:
    """Store the agenda as it is now (again, when it was fixed before)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.agenda_fixed_at = None
    entries = build_agenda(meeting)
    meeting.agenda_items.all().delete()
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=position,
            kind=entry.kind,
            action_line=entry.action_line,
            report_version=entry.report_version,
            initiative=entry.initiative,
            title=entry.title[:200],
            traffic_light=entry.traffic_light,
            summary=entry.summary,
        )
        for position, entry in enumerate(entries, start=1)
    )
    meeting.agenda_fixed_at = timezone.now()
    meeting.save(update_fields=["agenda_fixed_at", "updated_at"])
    return items


def meeting_people(region: Region) -> QuerySet:
    """Users who can attend a platform meeting: people of the region's partners or roles."""
    return (
        User.objects.filter(
            Q(organisation_memberships__organisation__region=region)
            | Q(memberships__region=region)
            | Q(memberships__municipality__region=region),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


@transaction.atomic
def record_meeting(
    meeting: Meeting, *, minutes: str, organisations, attendees, revision: int | None = None
) -> Meeting:
    """Record minutes and attendance (linked organisations and people); fixes the agenda if needed.

    ``revision`` is the meeting's revision as the editor saw it: a save in between is refused
    (``ConflictError``) rather than overwritten.
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if revision is not None and revision != meeting.revision:
        raise ConflictError(
            _("Het verslag is intussen door iemand anders gewijzigd. Open het opnieuw.")
        )
    organisations, attendees = list(organisations), list(attendees)
    _same_region(meeting.region, organisations, _("Kies organisaties uit de eigen regio."))
    if meeting.date > timezone.localdate() and (minutes.strip() or organisations or attendees):
        raise ServiceError(
            _("Verslag en aanwezigheid legt u vast op of na de dag van de bijeenkomst.")
        )
    if not meeting.agenda_fixed_at:
        fix_agenda(meeting)
        meeting.refresh_from_db()
    meeting.minutes = minutes.strip()
    meeting.revision += 1
    meeting.save(update_fields=["minutes", "revision", "updated_at"])
    meeting.attending_organisations.set(organisations)
    meeting.attendees.set(attendees)
    return meeting


def _meeting_line(meeting: Meeting, line: ActionLine | None) -> None:
    if line is not None and line.region_id != meeting.region_id:
        raise ServiceError(_("Kies een actielijn van de eigen regio."))


def add_decision(
    meeting: Meeting, *, text: str, action_line: ActionLine | None = None
) -> MeetingDecision:
    """Record a decision of the meeting, about one line or in general."""
    _meeting_line(meeting, action_line)
    if not text.strip():
        raise ServiceError(_("Beschrijf het besluit."))
    return MeetingDecision.objects.create(
        meeting=meeting, action_line=action_line, text=text.strip()
    )


def add_follow_up(
    meeting: Meeting,
    *,
    description: str,
    owner,
    due_date: date,
    action_line: ActionLine | None = None,
) -> FollowUp:
    """Record a follow-up: what, who (a user), by when."""
    _meeting_line(meeting, action_line)
    if not description.strip():
        raise ServiceError(_("Beschrijf de vervolgactie."))
    if due_date < meeting.date:
        raise ServiceError(_("De uiterste datum ligt na de bijeenkomst."))
    return FollowUp.objects.create(
        meeting=meeting,
        action_line=action_line,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
    )


def complete_follow_up(follow_up: FollowUp, *, on: date | None = None) -> FollowUp:
    if follow_up.done_on is None:
        follow_up.done_on = on or timezone.localdate()
        follow_up.save(update_fields=["done_on"])
    return follow_up


# --- Initiatives --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FitAnswer:
    value: SharedValue
    serves: bool
    explanation: str


def _check_fits(region: Region, fits: list[FitAnswer]) -> None:
    region_values = set(SharedValue.objects.filter(region=region).values_list("pk", flat=True))
    answered = [fit.value.pk for fit in fits]
    if set(answered) != region_values or len(answered) != len(set(answered)):
        raise ServiceError(_("Geef bij elke gedeelde waarde één antwoord."))
    if any(not fit.explanation.strip() for fit in fits):
        raise ServiceError(_("Licht bij elke gedeelde waarde toe hoe het initiatief erbij past."))
    if not any(fit.serves for fit in fits):
        raise ServiceError(_("Een initiatief draagt bij aan minstens één gedeelde waarde."))


def _check_organisation(region: Region, organisation: Organisation | None, by) -> None:
    if organisation is None:
        return
    if organisation.region_id != region.pk:
        raise ServiceError(_("Kies een organisatie uit de eigen regio."))
    if not OrganisationMember.objects.filter(organisation=organisation, user=by).exists():
        raise ServiceError(_("U kunt alleen namens een organisatie indienen waar u bij hoort."))


def _store_fits(initiative: Initiative, fits: list[FitAnswer]) -> None:
    for fit in fits:
        ValueFit.objects.update_or_create(
            initiative=initiative,
            value=fit.value,
            defaults={"serves": fit.serves, "explanation": fit.explanation.strip()},
        )


def propose_initiative(
    region: Region,
    *,
    title: str,
    description: str,
    who: str,
    organisation: Organisation | None,
    fits: list[FitAnswer],
    by,
    submission_key=None,
) -> Initiative:
    """Anyone logged in proposes an initiative, answering per shared value how it fits.

    A repeated ``submission_key`` returns the initiative of the first submission.
    """
    if not title.strip() or not description.strip():
        raise ServiceError(_("Geef het initiatief een naam en beschrijf wat het inhoudt."))
    _check_fits(region, fits)
    _check_organisation(region, organisation, by)
    if submission_key and (
        existing := Initiative.objects.filter(submission_key=submission_key).first()
    ):
        return existing
    try:
        with transaction.atomic():
            initiative = Initiative.objects.create(
                region=region,
                title=title.strip(),
                description=description.strip(),
                who=who.strip(),
                organisation=organisation,
                proposer=by,
                submission_key=submission_key,
            )
            _store_fits(initiative, fits)
    except IntegrityError:
        twin = Initiative.objects.filter(submission_key=submission_key).first()
        if twin:
            return twin
        raise
    return initiative


@transaction.atomic
def update_initiative(
    initiative: Initiative, *, title: str, description: str, who: str, organisation, fits, by
) -> Initiative:
    """The proposer changes the proposal while it waits for a decision."""
    if not rules.may_edit_initiative(by, initiative):
        raise PermissionDenied(
            _("Alleen de indiener wijzigt een voorstel, zolang er geen besluit is.")
        )
    _check_fits(initiative.region, fits)
    _check_organisation(initiative.region, organisation, by)
    initiative.title, initiative.description, initiative.who = (
        title.strip(),
        description.strip(),
        who.strip(),
    )
    initiative.organisation = organisation
    initiative.save(update_fields=["title", "description", "who", "organisation", "updated_at"])
    _store_fits(initiative, fits)
    return initiative


@transaction.atomic
def record_checks(
    initiative: Initiative, checks: dict[str, tuple[bool, str]], *, by
) -> list[CriterionCheck]:
    """The aanjager's check of the three criteria: {criterion: (met, reason)}, a reason for each."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status != Initiative.Status.PROPOSED:
        raise ServiceError(_("Over dit initiatief is al besloten; de toets ligt vast."))
    unknown = set(checks) - set(CriterionCheck.Criterion.values)
    if unknown:
        raise ServiceError(_("Onbekend criterium."))
    stored = []
    for criterion, (met, reason) in checks.items():
        if not reason.strip():
            raise ServiceError(_("Motiveer elk criterium."))
        check, _created = CriterionCheck.objects.update_or_create(
            initiative=initiative,
            criterion=criterion,
            defaults={"met": met, "reason": reason.strip(), "checked_by": by},
        )
        stored.append(check)
    return stored


@transaction.atomic
def decide_initiative(initiative: Initiative, decision: str, *, reason: str, by) -> Initiative:
    """Accept or reject (``workflow.INITIATIVE_TRANSITIONS``), with the reason."""
    if not reason.strip():
        raise ServiceError(_("Motiveer het besluit."))
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    step = transition_for(INITIATIVE_TRANSITIONS, initiative, decision)
    initiative.status = step.target
    initiative.decision_reason = reason.strip()
    initiative.decided_at, initiative.decided_by = timezone.now(), by
    initiative.save(
        update_fields=["status", "decision_reason", "decided_at", "decided_by", "updated_at"]
    )
    return initiative


@transaction.atomic
def create_line_from_initiative(initiative: Initiative, *, by, start_date: date) -> ActionLine:
    """Turn an accepted initiative into a new action line, carrying its data along.

    Title, aim (the description) and the values it serves carry over; the proposer's
    organisation commits itself, and the proposer becomes lead when they belong to it. Doing this
    twice returns the line of the first time.
    """
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.action_line_id:
        return initiative.action_line
    if initiative.status != Initiative.Status.ACCEPTED:
        raise ServiceError(_("Alleen een aanvaard initiatief wordt een actielijn."))
    served = SharedValue.objects.filter(
        initiative_fits__initiative=initiative, initiative_fits__serves=True
    )
    line = create_line(
        region=initiative.region,
        title=initiative.title,
        aim=initiative.description,
        start_date=start_date,
        values=served,
        by=by,
    )
    if initiative.organisation:
        commit_partner(line, initiative.organisation, since=start_date)
        member = OrganisationMember.objects.filter(
            organisation=initiative.organisation, user=initiative.proposer
        ).first()
        if member:
            assign_lead(line, member, since=start_date, by=by)
    initiative.action_line = line
    initiative.save(update_fields=["action_line", "updated_at"])
    return line


def grants_module():
    """(grants services, GrantScheme) when the grants module is installed, else None.

    Imported lazily: the action lines work without the grants module, and offer the hand-over to a
    draft subsidy application only when it is there.
    """
    try:
        from samen.grants import services as grants_services
        from samen.grants.models import GrantScheme
    except ImportError:
        return None
    if not hasattr(grants_services, "create_draft"):
        return None
    return grants_services, GrantScheme


def open_scheme(region: Region, today: date | None = None):
    """The region's subsidy scheme that takes applications today (the newest if several)."""
    grants = grants_module()
    if grants is None:
        return None
    today = today or timezone.localdate()
    return (
        grants[1]
        .objects.filter(region=region, opens_on__lte=today, closes_on__gte=today)
        .order_by("-opens_on")
        .first()
    )


def draft_application_from_initiative(initiative: Initiative, *, by):
    """Turn an accepted initiative into a draft subsidy application (grants module), carrying its data.

    Title, description, the values it serves and the action line it became go along; the draft
    is the proposer's, on behalf of the initiative's organisation. A fixed key per initiative makes
    a second request return the same draft.
    """
    grants = grants_module()
    if grants is None:
        raise ServiceError(_("De subsidiemodule is hier niet beschikbaar."))
    if not rules.may_request_grant(by, initiative):
        raise PermissionDenied(
            _("De indiener van een aanvaard initiatief vraagt namens de eigen organisatie aan.")
        )
    scheme = open_scheme(initiative.region)
    if scheme is None:
        raise ServiceError(_("Er is nu geen subsidieregeling open voor aanvragen."))
    grants_services = grants[0]
    try:
        application, created = grants_services.create_draft(
            scheme,
            initiative.organisation,
            by,
            client_token=uuid.uuid5(initiative.uuid, "grant-application"),
            title=initiative.title[:200],
            description=initiative.description,
            action_line=initiative.action_line,
        )
    except getattr(grants_services, "GrantError", ServiceError) as error:
        raise ServiceError(str(error)) from error
    if created:
        application.values.set(
            SharedValue.objects.filter(
                initiative_fits__initiative=initiative, initiative_fits__serves=True
            )
        )
    return application


@dataclass(frozen=True)
class Overlap:
    action_line: ActionLine
    similarity: float
    shared_values: tuple[SharedValue, ...]
    serves_all_values: bool

    @property
    def flagged(self) -> bool:
        return self.similarity >= TEXT_OVERLAP_THRESHOLD or (
            self.serves_all_values and self.similarity >= VALUE_AND_TEXT_THRESHOLD
        )


def overlaps(initiative: Initiative, *, limit: int = 10) -> list[Overlap]:
    """Existing (not ended) lines of the region that may overlap the initiative, best first.

    Two signals: the text similarity of title and aim to the initiative's title and description
    (``similarity.similarities``), and the shared values. A line is *flagged* when the texts are
    close (``TEXT_OVERLAP_THRESHOLD``), or when it serves every value the initiative serves and the
    texts are somewhat close (``VALUE_AND_TEXT_THRESHOLD``); values alone are not enough, because
    with six values many lines share one.
    """
    lines = ActionLine.objects.filter(region=initiative.region_id).exclude(
        status=ActionLine.Status.ENDED
    )
    texts = {pk: f"{title}\n{aim}" for pk, title, aim in lines.values_list("pk", "title", "aim")}
    if not texts:
        return []
    scores = similarities(f"{initiative.title}\n{initiative.description}", texts)
    served = {
        fit.value_id: fit.value
        for fit in initiative.value_fits.select_related("value")
        if fit.serves
    }
    line_values: dict[int, set[int]] = {}
    for line_id, value_id in ActionLine.values.through.objects.filter(
        actionline__in=texts.keys()
    ).values_list("actionline_id", "sharedvalue_id"):
        line_values.setdefault(line_id, set()).add(value_id)
    candidates = [
        pk
        for pk, score in scores.items()
        if score >= RELATED_THRESHOLD or line_values.get(pk, set()) & served.keys()
    ]
    ranked = sorted(
        candidates,
        key=lambda pk: (scores[pk], len(line_values.get(pk, set()) & served.keys())),
        reverse=True,
    )[:limit]
    by_pk = ActionLine.objects.in_bulk(ranked)
    result = []
    for pk in ranked:
        shared = line_values.get(pk, set()) & served.keys()
        result.append(
            Overlap(
                action_line=by_pk[pk],
                similarity=scores[pk],
                shared_values=tuple(sorted((served[v] for v in shared), key=lambda v: v.number)),
                serves_all_values=bool(served) and served.keys() <= line_values.get(pk, set()),
            )
        )
    return result
