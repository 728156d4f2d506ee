import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samen.accounts.permissions import ScopeLookups


class AccessLog(models.Model):
    """One read of personal data: who read whose data, when and for what purpose.

    Shaped after Logius' "Logboek Dataverwerkingen": an activity (what was done), a processing
    purpose (why), the data subject (by Samen's internal reference, never a BSN) and the actor.
    Rows are only ever added; there is no edit or delete in the UI or admin.
    """

    class Activity(models.TextChoices):
        VIEW = "view", _("ingezien")
        EXPORT = "export", _("geëxporteerd")
        SEARCH = "search", _("gezocht")
        PRINT = "print", _("afgedrukt")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    timestamp = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    actor_display = models.CharField(_("naam gebruiker"), max_length=254)
    activity = models.CharField(_("handeling"), max_length=20, choices=Activity.choices)
    purpose = models.CharField(
        _("verwerkingsdoel"),
        max_length=200,
        help_text=_("Bijvoorbeeld 'uitvoering Participatiewet'."),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("soort gegevens")
    )
    object_id = models.CharField(_("object"), max_length=64)
    subject_reference = models.CharField(
        _("betrokkene"),
        max_length=64,
        help_text=_("Interne referentie van de inwoner; nooit een BSN."),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("gemeente"),
    )
    request_path = models.CharField(_("pagina"), max_length=500, blank=True)
    remote_addr = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)

    scope_lookups = ScopeLookups(region="municipality__region", municipality="municipality")

    class Meta:
        verbose_name = _("inzage persoonsgegevens")
        verbose_name_plural = _("inzagelog persoonsgegevens")
        ordering = ["-timestamp"]
        indexes = [models.Index(fields=["content_type", "object_id", "-timestamp"])]

    def __str__(self):
        return f"{self.timestamp:%d-%m-%Y %H:%M} {self.actor_display} {self.get_activity_display()}"
