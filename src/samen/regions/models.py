import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.accounts.permissions import ScopeLookups

cbs_code_validator = RegexValidator(
    r"^GM\d{4}$", _("Een CBS-gemeentecode is 'GM' gevolgd door vier cijfers, bijvoorbeeld GM0988.")
)


class Region(models.Model):
    """A samenwerkingsverband: municipalities that work together."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)

    scope_lookups = ScopeLookups(region="id")

    class Meta:
        verbose_name = _("regio")
        verbose_name_plural = _("regio's")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("regio")
    )
    cbs_code = models.CharField(
        _("CBS-code"), max_length=6, unique=True, validators=[cbs_code_validator]
    )
    name = models.CharField(_("naam"), max_length=200)

    scope_lookups = ScopeLookups(region="region", municipality="id")

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def population_on(self, on=None):
        """The population figure in force on ``on`` (the latest when ``on`` is None)."""
        figures = self.population_figures.order_by("-reference_date")
        if on is not None:
            figures = figures.filter(reference_date__lte=on)
        return figures.first()


class PopulationFigure(models.Model):
    """Number of inhabitants on a reference date. Kept as history so old splits stay reproducible."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="population_figures",
        verbose_name=_("gemeente"),
    )
    inhabitants = models.PositiveIntegerField(
        _("aantal inwoners"), validators=[MinValueValidator(1)]
    )
    reference_date = models.DateField(_("peildatum"))
    source = models.CharField(
        _("bron"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld 'CBS StatLine' of een raadsvoorstel."),
    )

    scope_lookups = ScopeLookups(region="municipality__region", municipality="municipality")

    class Meta:
        verbose_name = _("inwoneraantal")
        verbose_name_plural = _("inwoneraantallen")
        ordering = ["municipality", "-reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "reference_date"], name="one_population_figure_per_date"
            )
        ]

    def __str__(self):
        return f"{self.municipality}: {self.inhabitants} ({self.reference_date:%d-%m-%Y})"


class PolicySetting(models.Model):
    """One municipality's own choice for a setting that a module declares (see ``policies``)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="policy_settings",
        verbose_name=_("gemeente"),
    )
    key = models.CharField(_("instelling"), max_length=100)
    value = models.JSONField(_("waarde"))
    valid_from = models.DateField(_("geldig vanaf"))
    decision_reference = models.CharField(
        _("besluit"), max_length=200, blank=True, help_text=_("Het besluit waarop deze keuze rust.")
    )

    scope_lookups = ScopeLookups(region="municipality__region", municipality="municipality")

    class Meta:
        verbose_name = _("beleidsinstelling")
        verbose_name_plural = _("beleidsinstellingen")
        ordering = ["municipality", "key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "key", "valid_from"], name="one_policy_value_per_date"
            )
        ]

    def __str__(self):
        return f"{self.municipality} – {self.key}"

    def clean(self):
        from .policies import PolicyError, registry

        super().clean()
        try:
            self.value = registry.get(self.key).parse(self.value)
        except PolicyError as error:
            raise ValidationError({"value": str(error)}) from error
        except KeyError as error:
            raise ValidationError({"key": _("Onbekende instelling.")}) from error


class AllocationKey(models.Model):
    """A verdeelsleutel: how an amount is split over (some of) a region's municipalities."""

    class Kind(models.TextChoices):
        POPULATION = "population", _("naar inwoneraantal")
        EQUAL = "equal", _("gelijke delen")
        CUSTOM = "custom", _("eigen gewichten")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="allocation_keys", verbose_name=_("regio")
    )
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    municipalities = models.ManyToManyField(
        Municipality,
        blank=True,
        related_name="+",
        verbose_name=_("deelnemende gemeenten"),
        help_text=_("Leeg: alle gemeenten van de regio. Bij eigen gewichten tellen de gewichten."),
    )
    reference_date = models.DateField(
        _("peildatum inwoners"),
        null=True,
        blank=True,
        help_text=_(
            "Alleen bij verdeling naar inwoneraantal: welke telling geldt. Leeg: de nieuwste."
        ),
    )
    decision_reference = models.CharField(_("besluit"), max_length=200, blank=True)

    scope_lookups = ScopeLookups(region="region")

    class Meta:
        verbose_name = _("verdeelsleutel")
        verbose_name_plural = _("verdeelsleutels")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unique_allocation_key_name")
        ]

    def __str__(self):
        return self.name


class AllocationWeight(models.Model):
    key = models.ForeignKey(
        AllocationKey,
        on_delete=models.CASCADE,
        related_name="weights",
        verbose_name=_("verdeelsleutel"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    weight = models.DecimalField(
        _("gewicht"), max_digits=12, decimal_places=4, validators=[MinValueValidator(0)]
    )

    scope_lookups = ScopeLookups(region="key__region")

    class Meta:
        verbose_name = _("gewicht")
        verbose_name_plural = _("gewichten")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "municipality"], name="one_weight_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.municipality}: {self.weight}"
