"""Export of the partner directory in Open Referral HSDS shapes (JSON and CSV), streamed.

Field names follow the Human Services Data Specification where they fit: an ``organization`` has
``id``, ``name``, ``alternate_name``, ``description``, ``email``, ``url`` (HSDS 2) and ``website``
(its HSDS 3 name), ``phones``, ``contacts`` (``id``, ``organization_id``, ``name``, ``title``,
``email``, ``phones``) and ``services``; what an organisation offers becomes one service whose
``service_areas`` are the municipalities it works in. The JSON is an HSDS 3 "page" with everything
in one page. What HSDS has no field for (stakeholder group, expertise, seeks, endorsed values, last
confirmation) sits under ``samen`` in JSON and in ``samen_*`` columns in CSV.

Contacts appear only with recorded, not withdrawn consent — the same rule as on screen.
Organisations are read as plain values in chunks of 500, four queries per chunk, so 10,000
organisations stream in about 80 queries with memory for one chunk at a time.
"""

from __future__ import annotations

import csv
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Contact, Endorsement, Organisation

CHUNK_SIZE = 500
TOOI_MUNICIPALITY = "https://identifier.overheid.nl/tooi/id/gemeente/{code}"

ORGANIZATION_COLUMNS = [
    "id",
    "name",
    "alternate_name",
    "description",
    "email",
    "url",
    "website",
    "samen_phone",
    "samen_region",
    "samen_stakeholder_group",
    "samen_municipalities",
    "samen_expertise",
    "samen_offers",
    "samen_seeks",
    "samen_endorsed_values",
    "samen_confirmed_at",
    "samen_updated_at",
]
CONTACT_COLUMNS = [
    "id",
    "organization_id",
    "service_id",
    "name",
    "title",
    "department",
    "email",
    "samen_phone",
]
TABLES = {"organizations": ORGANIZATION_COLUMNS, "contacts": CONTACT_COLUMNS}


@dataclass
class ExportRow:
    """One organisation as read for the export: plain values, no model instances."""

    fields: dict
    municipalities: list[dict] = field(default_factory=list)
    endorsements: list[dict] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)


ORGANISATION_VALUES = (
    "pk",
    "uuid",
    "name",
    "description",
    "email",
    "website",
    "phone",
    "expertise",
    "offers",
    "seeks",
    "confirmed_at",
    "updated_at",
    "region__name",
    "stakeholder_group__name",
)


def export_rows(organisations: QuerySet) -> Iterator[ExportRow]:
    """The organisations of ``organisations`` in its order, with their relations, in chunks.

    Reads plain values (building tens of thousands of model instances would cost most of the
    time): one query for the ids, then four per chunk of 500 — the profiles, their municipalities,
    endorsements and contacts with consent (the only contacts an export ever contains).
    """
    ids = list(organisations.prefetch_related(None).values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK_SIZE):
        yield from _read_chunk(ids[start : start + CHUNK_SIZE])


def _read_chunk(ids: list[int]) -> Iterator[ExportRow]:
    profiles = Organisation.objects.filter(pk__in=ids).values(*ORGANISATION_VALUES)
    rows = {profile["pk"]: ExportRow(profile) for profile in profiles}
    places = Organisation.municipalities.through.objects.filter(organisation_id__in=ids)
    for pk, code, name in places.order_by("municipality__name").values_list(
        "organisation_id", "municipality__cbs_code", "municipality__name"
    ):
        rows[pk].municipalities.append({"cbs_code": code, "name": name})
    endorsements = Endorsement.objects.filter(organisation_id__in=ids).order_by("value__number")
    for pk, number, title, endorsed_on, signed_by in endorsements.values_list(
        "organisation_id", "value__number", "value__title", "endorsed_on", "signed_by"
    ):
        rows[pk].endorsements.append(
            {
                "value": number,
                "title": title,
                "endorsed_on": endorsed_on.isoformat(),
                "signed_by": signed_by,
            }
        )
    contacts = Contact.objects.shown().filter(organisation_id__in=ids).order_by("name")
    for contact in contacts.values("organisation_id", "uuid", "name", "function", "email", "phone"):
        rows[contact["organisation_id"]].contacts.append(contact)
    # An organisation deleted between reading the ids and this chunk is simply left out.
    yield from (rows[pk] for pk in ids if pk in rows)


def _derived_id(parent: uuid.UUID, kind: str) -> str:
    """A stable id for records Samen does not store separately (a phone, the offer as service)."""
    return str(uuid.uuid5(parent, kind))


def _phones(number: str, owner_key: str, owner_id: uuid.UUID) -> list[dict]:
    if not number:
        return []
    return [{"id": _derived_id(owner_id, "phone"), owner_key: str(owner_id), "number": number}]


def hsds_contact(contact: dict, organisation_id: str) -> dict:
    return {
        "id": str(contact["uuid"]),
        "organization_id": organisation_id,
        "service_id": None,
        "name": contact["name"],
        "title": contact["function"] or None,
        "department": None,
        "email": contact["email"] or None,
        "phones": _phones(contact["phone"], "contact_id", contact["uuid"]),
    }


def hsds_service(row: ExportRow) -> dict:
    """What the organisation offers, as an HSDS service in the municipalities it works in."""
    parent = row.fields["uuid"]
    service_id = _derived_id(parent, "offers")
    return {
        "id": service_id,
        "organization_id": str(parent),
        "name": _("Aanbod van %(name)s") % {"name": row.fields["name"]},
        "description": row.fields["offers"],
        "status": "active",
        "service_areas": [
            {
                "id": _derived_id(parent, f"area-{place['cbs_code']}"),
                "service_id": service_id,
                "name": place["name"],
                "uri": TOOI_MUNICIPALITY.format(code=place["cbs_code"].lower()),
            }
            for place in row.municipalities
        ],
    }


def hsds_organisation(row: ExportRow) -> dict:
    """One organisation as an HSDS organization object (with Samen's own fields under ``samen``)."""
    profile = row.fields
    organisation_id = str(profile["uuid"])
    return {
        "id": organisation_id,
        "name": profile["name"],
        "alternate_name": None,
        "description": profile["description"],
        "email": profile["email"] or None,
        "url": profile["website"] or None,
        "website": profile["website"] or None,
        "phones": _phones(profile["phone"], "organization_id", profile["uuid"]),
        "contacts": [hsds_contact(contact, organisation_id) for contact in row.contacts],
        "services": [hsds_service(row)] if profile["offers"] else [],
        "samen": {
            "region": profile["region__name"],
            "stakeholder_group": profile["stakeholder_group__name"],
            "municipalities": row.municipalities,
            "expertise": profile["expertise"],
            "offers": profile["offers"],
            "seeks": profile["seeks"],
            "endorsements": row.endorsements,
            "confirmed_at": _isoformat(profile["confirmed_at"]),
            "updated_at": _isoformat(profile["updated_at"]),
        },
    }


def _isoformat(moment) -> str | None:
    return moment.isoformat() if moment else None


def iter_json(organisations: QuerySet) -> Iterator[str]:
    """The directory as one HSDS 3 page of organization objects, in pieces."""
    rows = export_rows(organisations)
    first = next(rows, None)
    yield '{"contents": ['
    total = 0
    if first is not None:
        yield json.dumps(hsds_organisation(first), ensure_ascii=False)
        total = 1
        for row in rows:
            yield "," + json.dumps(hsds_organisation(row), ensure_ascii=False)
            total += 1
    # HSDS page fields after the contents: the total is known only once everything is streamed.
    footer = {
        "total_items": total,
        "total_pages": 1,
        "page_number": 1,
        "size": total,
        "first_page": True,
        "last_page": True,
        "empty": total == 0,
    }
    yield "], " + json.dumps(footer, ensure_ascii=False)[1:] + "\n"


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a streaming response."""

    def write(self, value):
        return value


def iter_csv(organisations: QuerySet, table: str = "organizations") -> Iterator[str]:
    """One HSDS table (``organizations`` or ``contacts``) as CSV lines, header first."""
    writer = csv.writer(_Echo())
    yield writer.writerow(TABLES[table])
    rows = _organisation_rows if table == "organizations" else _contact_rows
    for row in export_rows(organisations):
        for cells in rows(row):
            yield writer.writerow([_cell(value) for value in cells])


def _organisation_rows(row: ExportRow):
    data = hsds_organisation(row)
    samen = data["samen"]
    yield [
        data["id"],
        data["name"],
        "",
        data["description"],
        data["email"],
        data["url"],
        data["website"],
        row.fields["phone"],
        samen["region"],
        samen["stakeholder_group"],
        "; ".join(m["name"] for m in samen["municipalities"]),
        samen["expertise"],
        samen["offers"],
        samen["seeks"],
        "; ".join(f"{e['value']}. {e['title']}" for e in samen["endorsements"]),
        samen["confirmed_at"],
        samen["updated_at"],
    ]


def _contact_rows(row: ExportRow):
    organisation_id = str(row.fields["uuid"])
    for contact in row.contacts:
        data = hsds_contact(contact, organisation_id)
        yield [
            data["id"],
            data["organization_id"],
            "",
            data["name"],
            data["title"],
            "",
            data["email"],
            contact["phone"],
        ]


_PLAIN_NUMBER = re.compile(r"^[+-][\d\s().,/-]*$")


def _cell(value) -> str:
    """Text as CSV cell; a leading =, @, + or - that a spreadsheet would run as formula is defused.

    Phone numbers such as "+31 495 123 456" stay as they are.
    """
    text = "" if value is None else str(value)
    if text[:1] in ("=", "@", "\t", "\r") or (
        text[:1] in ("+", "-") and not _PLAIN_NUMBER.match(text)
    ):
        return "'" + text
    return text
