import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .roles import STAFF_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in to Samen with e-mail and password.

    What a user may do follows from their memberships (role × municipality or region); Django's
    groups and per-user permissions are not used, so that one layer decides (see ``permissions``).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=200)
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def active_memberships(self) -> list["Membership"]:
        """This user's memberships in force today, fetched once per request."""
        return list(
            Membership.objects.active()
            .filter(user=self)
            .select_related("municipality__region", "region")
        )

    @property
    def roles(self) -> set[str]:
        return {m.role for m in self.active_memberships}

    @property
    def is_staff(self) -> bool:
        """Municipal staff (derived from roles): they must use two-factor authentication."""
        return self.is_superuser or bool(self.roles & STAFF_ROLES)


class MembershipQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_from__lte=on), Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )


class Membership(models.Model):
    """A user's role for one municipality, or for a whole region."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("gebruiker")
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("regio"),
        help_text=_("Voor een rol in de hele regio. Kies óf een regio, óf een gemeente."),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("gemeente"),
    )
    mandate_reference = models.CharField(
        _("mandaatbesluit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Verplicht voor besluitnemers: het besluit waarmee het college mandaat verleent, "
            "bijvoorbeeld 'Mandaatbesluit Experimenteerregeling, college Weert 26-11-2019'."
        ),
    )
    valid_from = models.DateField(_("geldig vanaf"), default=timezone.localdate)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(region__isnull=False, municipality__isnull=True)
                    | Q(region__isnull=True, municipality__isnull=False)
                ),
                name="membership_region_xor_municipality",
                violation_error_message=_("Kies óf een regio, óf een gemeente."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="membership_valid_period",
                violation_error_message=_("'Geldig tot' ligt voor 'geldig vanaf'."),
            ),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.scope}"

    @property
    def scope(self):
        return self.municipality or self.region

    @property
    def scope_region_id(self):
        return self.region_id or self.municipality.region_id

    def clean(self):
        super().clean()
        if self.role == Role.DECISION_MAKER and not self.mandate_reference.strip():
            raise ValidationError(
                {
                    "mandate_reference": _(
                        "Een besluitnemer handelt onder mandaat: noem het mandaatbesluit."
                    )
                }
            )
