"""Domain logic of the partner network, without HTTP: directory search, profile upkeep, endorsements.

Views, API and admin call these functions; permission checks are the callers' job (through
``samen.network.rules``), except that every query here is limited to what ``user`` may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import SearchRank
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from samen.accounts.permissions import roles_for, scope_queryset
from samen.regions.models import Region

from . import search
from .models import ConfirmationRequest, Contact, Endorsement, Organisation, SharedValue

VIEW_ORGANISATION = "network.view_organisation"


class StaleProfileError(Exception):
    """Someone else saved the profile after this edit began; saving would overwrite their change."""

    def __init__(self, current: Organisation):
        self.current = current
        super().__init__(
            _(
                "Iemand anders heeft dit profiel intussen gewijzigd. Uw wijzigingen zijn niet "
                "opgeslagen; controleer ze tegen de opgeslagen versie en sla opnieuw op."
            )
        )


class ConfirmationRequestError(Exception):
    """Asking for confirmation is impossible, e.g. nobody can be e-mailed."""


# --- Directory search ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory is filtered on besides the words (all optional)."""

    stakeholder_group: int | None = None
    municipality: str | None = None  # CBS code, e.g. "GM0988"
    expertise: str = ""
    value: int | None = None  # number of a shared value the organisation endorsed
    region: int | None = None


def regions_for(user, perm: str) -> QuerySet:
    """The regions where ``user`` holds ``perm`` (region-wide or through a municipality)."""
    if not (user and user.is_authenticated):
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.order_by("name")
    allowed = roles_for(perm)
    ids = {m.scope_region_id for m in user.active_memberships if m.role in allowed}
    return Region.objects.filter(pk__in=ids).order_by("name")


def directory_queryset(user) -> QuerySet:
    """The organisations ``user`` may see, with what a directory row shows, in as few queries."""
    organisations = Organisation.objects.select_related("stakeholder_group", "region")
    organisations = organisations.prefetch_related(
        "municipalities",
        Prefetch("endorsements", queryset=Endorsement.objects.select_related("value")),
    )
    return scope_queryset(user, organisations, VIEW_ORGANISATION)


def search_organisations(
    user, query: str = "", filters: DirectoryFilters | None = None
) -> QuerySet:
    """Find partner organisations by words, stakeholder group, municipality, expertise and value.

    Words search name, expertise, description, offers and seeks: on PostgreSQL with Dutch full-text
    search (stemmed, each word also as a prefix, best matches first, using the GIN indexes); on other
    databases every word must occur in one of those fields (alphabetical). Only organisations of
    regions where ``user`` holds a role are returned.
    """
    filters = filters or DirectoryFilters()
    organisations = _apply_filters(directory_queryset(user), filters)
    full_text = search.uses_full_text(organisations.db)
    if filters.expertise:
        organisations = _match(organisations, filters.expertise, full_text, expertise_only=True)
    if not search.words(query):
        return organisations.order_by("name")
    organisations = _match(organisations, query, full_text, expertise_only=False)
    if full_text:
        rank = SearchRank(search.StoredDocument(), search.prefix_query(query))
        return organisations.annotate(rank=rank).order_by("-rank", "name")
    return organisations.order_by("name")


def _apply_filters(organisations: QuerySet, filters: DirectoryFilters) -> QuerySet:
    if filters.region:
        organisations = organisations.filter(region_id=filters.region)
    if filters.stakeholder_group:
        organisations = organisations.filter(stakeholder_group_id=filters.stakeholder_group)
    if filters.municipality:
        organisations = organisations.filter(municipalities__cbs_code=filters.municipality.upper())
    if filters.value:
        organisations = organisations.filter(endorsements__value__number=filters.value)
    return organisations


def _match(organisations: QuerySet, text: str, full_text: bool, *, expertise_only: bool):
    if full_text:
        document = search.expertise_document() if expertise_only else search.StoredDocument()
        name = "expertise_document" if expertise_only else "document"
        return organisations.alias(**{name: document}).filter(**{name: search.prefix_query(text)})
    fields = (
        ["expertise"] if expertise_only else [field for field, _weight in search.DOCUMENT_FIELDS]
    )
    condition = search.contains_all_words(text, fields)
    return organisations.filter(condition) if condition is not None else organisations


# --- Profiles: editing, confirming, staleness ---------------------------------------------------


@transaction.atomic
def save_profile(organisation: Organisation, *, expected_version: int, save_related=None):
    """Save an edited profile unless someone else saved it since ``expected_version`` was read.

    The version is claimed with one conditional UPDATE, so of two concurrent saves of the same
    version exactly one wins, on every database; the other gets :class:`StaleProfileError` and
    nothing of it is written. ``save_related`` (e.g. a form's ``save_m2m``) runs in the same
    transaction.
    """
    claimed = Organisation.objects.filter(pk=organisation.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleProfileError(Organisation.objects.get(pk=organisation.pk))
    organisation.version = expected_version + 1
    organisation.save()
    if save_related:
        save_related()
    return organisation


def confirm_profile(organisation: Organisation, *, now=None) -> Organisation:
    """The owners confirm that the profile is current: it leaves the facilitator's worklist.

    Does not change the version, so an edit form that is open elsewhere stays valid.
    """
    organisation.confirmed_at = now or timezone.now()
    # Only this column is written (and audited): a concurrent edit of the texts is not touched.
    organisation.save(update_fields=["confirmed_at"])
    return organisation


def stale_profiles(user, *, now=None) -> QuerySet:
    """Profiles of the user's regions never confirmed, or not confirmed in the last 365 days.

    Each carries ``last_requested_at`` and ``last_requested_by`` (the latest confirmation request),
    never-confirmed profiles first, then the oldest confirmation first.
    """
    now = now or timezone.now()
    requests = ConfirmationRequest.objects.filter(organisation=OuterRef("pk")).order_by(
        "-requested_at"
    )
    stale = Q(confirmed_at__isnull=True) | Q(confirmed_at__lt=now - Organisation.STALE_AFTER)
    organisations = Organisation.objects.filter(stale).select_related("stakeholder_group")
    organisations = organisations.annotate(
        last_requested_at=Subquery(requests.values("requested_at")[:1]),
        last_requested_on=Subquery(requests.values("requested_on")[:1]),
        last_requested_by=Subquery(requests.values("requested_by__full_name")[:1]),
    ).order_by(F("confirmed_at").asc(nulls_first=True), "name")
    return scope_queryset(user, organisations, "network.review_profiles")


def confirmation_recipients(organisation: Organisation) -> list[str]:
    """The owners' e-mail addresses; the organisation's general address when it has no owners."""
    owners = organisation.members.filter(is_owner=True, user__is_active=True)
    addresses = sorted({email for email in owners.values_list("user__email", flat=True) if email})
    if not addresses and organisation.email:
        addresses = [organisation.email]
    return addresses


def request_confirmation(
    organisation: Organisation, *, requested_by, profile_url: str, now=None
) -> tuple[ConfirmationRequest, bool]:
    """Ask the owners by e-mail to confirm the profile; at most once per organisation per day.

    Returns ``(request, created)``. When a request was already made today (by anyone) that request
    is returned and no mail is sent; a unique constraint makes this hold under concurrent clicks.
    The mail is sent inside the transaction, so a failed send records no request.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    existing = ConfirmationRequest.objects.filter(organisation=organisation, requested_on=today)
    if found := existing.first():
        return found, False
    recipients = confirmation_recipients(organisation)
    if not recipients:
        raise ConfirmationRequestError(
            _("Deze organisatie heeft geen beheerder en geen e-mailadres; niemand kan bevestigen.")
        )
    try:
        with transaction.atomic():
            request = ConfirmationRequest.objects.create(
                organisation=organisation,
                requested_on=today,
                requested_at=now,
                requested_by=requested_by,
                sent_to="\n".join(recipients),
            )
            _send_confirmation_mail(organisation, recipients, requested_by, profile_url)
    except IntegrityError:
        return existing.get(), False
    return request, True


def _send_confirmation_mail(organisation, recipients, requested_by, profile_url):
    context = {"organisation": organisation, "requested_by": requested_by, "url": profile_url}
    send_mail(
        subject=_("Is het profiel van %(name)s nog actueel?") % {"name": organisation.name},
        message=render_to_string("network/email/confirmation_request.txt", context),
        from_email=None,
        recipient_list=recipients,
    )


# --- Contacts and endorsements ------------------------------------------------------------------


def record_consent(contact: Contact, *, given: bool, now=None) -> Contact:
    """Record that the contact gave consent to be shown, or withdrew it (hidden from then on)."""
    now = now or timezone.now()
    if given and not contact.has_consent:
        contact.consent_given_at, contact.consent_withdrawn_at = now, None
    elif not given and contact.has_consent:
        contact.consent_withdrawn_at = now
    return contact


def visible_contacts(organisation: Organisation, *, can_edit: bool) -> QuerySet:
    """Contacts shown on a profile: those with consent; owners also see the others, to manage them."""
    contacts = organisation.contacts.all()
    return contacts if can_edit else contacts.shown()


def endorse(
    organisation: Organisation, value: SharedValue, *, signed_by: str, endorsed_on: date
) -> tuple[Endorsement, bool]:
    """Record the organisation's signature under a shared value of its own region (once)."""
    if value.region_id != organisation.region_id:
        raise ValidationError(
            {"value": _("Deze waarde hoort bij een andere regio dan de organisatie.")}
        )
    if endorsed_on > timezone.localdate():
        raise ValidationError({"endorsed_on": _("Een onderschrijving kan niet in de toekomst.")})
    try:
        with transaction.atomic():
            return Endorsement.objects.get_or_create(
                organisation=organisation,
                value=value,
                defaults={"signed_by": signed_by, "endorsed_on": endorsed_on},
            )
    except IntegrityError:  # a concurrent double submit created it first
        return Endorsement.objects.get(organisation=organisation, value=value), False


def values_with_endorsements(user, *, limit: int = 100) -> QuerySet:
    """The shared values of the user's regions, each with up to ``limit`` endorsing organisations.

    Each value carries ``endorsement_count`` and ``shown_endorsements`` (the first ``limit`` by
    organisation name), so a region with thousands of partners still renders in a few queries.
    """
    endorsements = Endorsement.objects.select_related("organisation").order_by("organisation__name")
    values = SharedValue.objects.select_related("region").annotate(
        endorsement_count=Count("endorsements")
    )
    values = values.prefetch_related(
        Prefetch("endorsements", queryset=endorsements[:limit], to_attr="shown_endorsements")
    )
    return scope_queryset(user, values, "network.view_sharedvalue").order_by(
        "region__name", "number"
    )
