"""Domain logic of reporting that changes data (no HTTP): versioned saves and council letters."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _


class ConcurrentEdit(Exception):
    """Someone saved the same object after this user opened it; their change must not be lost."""

    def __str__(self):
        return _(
            "Iemand anders heeft dit intussen gewijzigd. Open de pagina opnieuw; uw wijziging is "
            "niet opgeslagen."
        )


def save_versioned(instance, expected_version: int | None, **extra_fields) -> None:
    """Save ``instance`` if nobody saved it since ``expected_version``; bump its version.

    A new object is simply saved. For an existing one the row is locked, its version compared and
    raised by one in the same transaction, so two concurrent edits cannot both win silently.
    """
    for name, value in extra_fields.items():
        setattr(instance, name, value)
    if instance.pk is None:
        instance.save()
        return
    model = type(instance)
    with transaction.atomic():
        current = model.objects.select_for_update().only("version").get(pk=instance.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConcurrentEdit()
        instance.version = current.version + 1
        instance.save()
