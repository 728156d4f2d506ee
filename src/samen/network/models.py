"""The partner network of seed 003: stakeholder groups, the six shared values, organisations."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.permissions import ScopeLookups


class StakeholderGroup(models.Model):
    """One of the eight stakeholder groups of the 24-hour conference (seed 002, seed 003 §2)."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("stakeholdergroep")
        verbose_name_plural = _("stakeholdergroepen")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class SharedValue(models.Model):
    """A shared value ("gedeelde waarde") that the partners of a region endorse (seed 003 §3.2)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="shared_values",
        verbose_name=_("regio"),
    )
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    explanation = models.TextField(_("toelichting"), blank=True)

    scope_lookups = ScopeLookups(region="region")

    class Meta:
        verbose_name = _("gedeelde waarde")
        verbose_name_plural = _("gedeelde waarden")
        ordering = ["region", "number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="unique_value_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Organisation(models.Model):
    """A partner organisation in a region's network, with its profile for the directory."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("regio"),
    )
    name = models.CharField(_("naam"), max_length=200)
    stakeholder_group = models.ForeignKey(
        StakeholderGroup,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("stakeholdergroep"),
    )
    municipalities = models.ManyToManyField(
        "regions.Municipality",
        related_name="organisations",
        verbose_name=_("werkzaam in"),
        blank=True,
    )
    description = models.TextField(_("omschrijving"), blank=True)
    expertise = models.TextField(
        _("waar we goed in zijn"), blank=True, help_text=_("Expertise en kernkwaliteiten.")
    )
    offers = models.TextField(_("wat we bieden"), blank=True)
    seeks = models.TextField(_("wat we zoeken"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    phone = models.CharField(_("algemeen telefoonnummer"), max_length=30, blank=True)
    confirmed_at = models.DateTimeField(
        _("laatst bevestigd"),
        null=True,
        blank=True,
        help_text=_("Wanneer de organisatie het profiel voor het laatst als actueel bevestigde."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)
    version = models.PositiveIntegerField(
        _("versie"),
        default=1,
        editable=False,
        help_text=_(
            "Telt elke wijziging van het profiel; voorkomt dat wijzigingen elkaar overschrijven."
        ),
    )

    scope_lookups = ScopeLookups(region="region")

    #: A profile not confirmed for this long is stale: the facilitator asks its owners to confirm.
    STALE_AFTER = timedelta(days=365)

    class Meta:
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_organisation_name"),
        ]
        indexes = [models.Index(fields=["region", "confirmed_at"], name="organisation_confirmed")]

    def __str__(self):
        return self.name

    def is_stale(self, now=None) -> bool:
        """True when the profile was never confirmed, or last confirmed more than a year ago."""
        now = now or timezone.now()
        return self.confirmed_at is None or self.confirmed_at < now - self.STALE_AFTER


class OrganisationMember(models.Model):
    """A user who speaks for an organisation; owners keep its profile up to date."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("organisatie"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("gebruiker"),
    )
    function = models.CharField(_("functie"), max_length=100, blank=True)
    is_owner = models.BooleanField(
        _("beheert het profiel"), default=False, help_text=_("Mag het profiel wijzigen.")
    )

    scope_lookups = ScopeLookups(region="organisation__region")

    class Meta:
        verbose_name = _("medewerker van een organisatie")
        verbose_name_plural = _("medewerkers van organisaties")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_org_member"),
        ]

    def __str__(self):
        return f"{self.user} ({self.organisation})"


class Endorsement(models.Model):
    """An organisation's signature under a shared value."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="endorsements",
        verbose_name=_("organisatie"),
    )
    value = models.ForeignKey(
        SharedValue,
        on_delete=models.PROTECT,
        related_name="endorsements",
        verbose_name=_("gedeelde waarde"),
    )
    endorsed_on = models.DateField(_("onderschreven op"))
    signed_by = models.CharField(
        _("ondertekend door"), max_length=200, help_text=_("Naam en functie van wie tekende.")
    )

    scope_lookups = ScopeLookups(region="organisation__region")

    class Meta:
        verbose_name = _("onderschrijving")
        verbose_name_plural = _("onderschrijvingen")
        ordering = ["value__number"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "value"], name="unique_endorsement"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.value}"


class ContactQuerySet(models.QuerySet):
    def shown(self):
        """Contacts whose consent is recorded and not withdrawn: the only ones anyone else sees."""
        return self.filter(consent_given_at__isnull=False, consent_withdrawn_at__isnull=True)


class Contact(models.Model):
    """A contact person of an organisation, shown in the directory only with recorded consent."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organisatie"),
    )
    name = models.CharField(_("naam"), max_length=200)
    function = models.CharField(_("functie"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    consent_given_at = models.DateTimeField(
        _("toestemming gegeven op"),
        null=True,
        blank=True,
        help_text=_("Zonder vastgelegde toestemming wordt de contactpersoon nooit getoond."),
    )
    consent_withdrawn_at = models.DateTimeField(
        _("toestemming ingetrokken op"), null=True, blank=True
    )

    objects = ContactQuerySet.as_manager()

    scope_lookups = ScopeLookups(region="organisation__region")

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["organisation", "name"]
        indexes = [models.Index(fields=["organisation", "consent_given_at"])]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def has_consent(self) -> bool:
        return self.consent_given_at is not None and self.consent_withdrawn_at is None


class ConfirmationRequest(models.Model):
    """The facilitator asked an organisation's owners to confirm its profile (at most once a day)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="confirmation_requests",
        verbose_name=_("organisatie"),
    )
    requested_on = models.DateField(_("gevraagd op"))
    requested_at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gevraagd door"),
    )
    sent_to = models.TextField(_("verstuurd aan"), help_text=_("E-mailadressen, één per regel."))

    scope_lookups = ScopeLookups(region="organisation__region")

    class Meta:
        verbose_name = _("verzoek om bevestiging")
        verbose_name_plural = _("verzoeken om bevestiging")
        ordering = ["-requested_at"]
        constraints = [
            # One request per organisation per day, also when two facilitators click at once.
            models.UniqueConstraint(
                fields=["organisation", "requested_on"], name="one_confirmation_request_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.requested_on}"
