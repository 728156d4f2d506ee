"""``python src/manage.py council_letter --region ID --period 2021-H1 --output brief.pdf``

Writes the raadsinformatiebrief of a region for a period as PDF:

- when the letter of that period is final, its archived file (checked against its hash) — a
  final letter is never rendered again;
- otherwise a draft rendered from today's figures and marked CONCEPT, with the texts of the
  draft letter in Samen if there is one, or the default texts.

``--region`` takes the region's id, UUID or exact name; ``--municipality`` (CBS code) chooses the
letterhead (default: the draft's or final letter's sender, else the region's largest municipality).
"""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from samen.regions.models import Municipality, Region

from ...letters import LetterError, archived_pdf, default_introduction, default_subject, draft_pdf
from ...models import CouncilLetter
from ...periods import PeriodError, parse_period


class Command(BaseCommand):
    help = "Write a region's council letter (raadsinformatiebrief) for a period as PDF."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="Region id, UUID or exact name.")
        parser.add_argument("--period", required=True, help="For example 2021-H1.")
        parser.add_argument("--output", required=True, help="Path of the PDF to write.")
        parser.add_argument("--municipality", help="CBS code of the sender (letterhead).")

    def handle(self, *args, region, period, output, municipality=None, **options):
        region_obj = self._region(region)
        try:
            chosen = parse_period(period)
        except PeriodError as error:
            raise CommandError(str(error)) from error
        letter = self._letter(region_obj, chosen, municipality)
        try:
            data = archived_pdf(letter) if letter.is_final else draft_pdf(letter)
        except LetterError as error:
            raise CommandError(str(error)) from error
        Path(output).write_bytes(data)
        kind = "archived final letter" if letter.is_final else "draft (CONCEPT)"
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}: {kind}, {len(data):,} bytes."))

    def _region(self, value: str) -> Region:
        condition = Q(name=value)
        if value.isdigit():
            condition |= Q(pk=int(value))
        with contextlib.suppress(ValueError):
            condition |= Q(uuid=uuid.UUID(value))
        found = list(Region.objects.filter(condition)[:2])
        if len(found) != 1:
            raise CommandError(f"No single region matches {value!r}.")
        return found[0]

    def _letter(self, region, period, code) -> CouncilLetter:
        letters = CouncilLetter.objects.filter(region=region, period=period.code)
        if code:
            letters = letters.filter(municipality__cbs_code=code.upper())
        existing = letters.order_by("-status", "municipality__name").first()  # final first
        if existing is not None:
            return existing
        sender = self._sender(region, code)
        return CouncilLetter(
            region=region,
            municipality=sender,
            period=period.code,
            period_start=period.start,
            period_end=period.end,
            subject=default_subject(region, period),
            introduction=default_introduction(region, period),
        )

    def _sender(self, region, code) -> Municipality:
        municipalities = region.municipalities.all()
        if code:
            found = municipalities.filter(cbs_code=code.upper()).first()
            if found is None:
                raise CommandError(f"{code} is not a municipality of {region.name}.")
            return found
        # The largest municipality (by its newest population figure) sends the letter.
        ranked = sorted(
            municipalities.prefetch_related("population_figures"),
            key=lambda m: -(m.population_on().inhabitants if m.population_on() else 0),
        )
        if not ranked:
            raise CommandError(f"{region.name} has no municipalities.")
        return ranked[0]
