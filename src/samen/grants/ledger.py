"""The budget ledger: ceilings, commitments, releases, payments and carry-overs, never overspent.

Every change locks the scheme-year row (``BudgetYear``, ``select_for_update``) before it reads
what is free, checks inside that transaction, then writes journal entries (``LedgerEntry``) and
adds them to the running totals of the year and of each municipality's share with ``F()``
expressions. Database check constraints on both totals refuse any write that would make the free
budget negative, so even a code path that forgot the lock cannot overspend (Awb 4:25: an award that
does not fit under the ceiling must be refused).

Amounts are split over municipalities with the foundation's allocation (``regions.services``), by
the scheme's key or all to one municipality. Where rounding would put a euro above a municipality's
free share, that euro goes to the municipality with the most room, so the parts still add up to the
amount exactly and no share is overspent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samen.regions.services import AllocationError, allocate_with_key, split_amount

from .models import ZERO, BudgetShare, BudgetYear, CarryOver, GrantScheme, LedgerEntry

Kind = LedgerEntry.Kind


class LedgerError(Exception):
    """The booking cannot be made; the message is fit to show to the user (Dutch)."""


class BudgetExceeded(LedgerError):
    """The amount does not fit under the ceiling."""


def euro(amount: Decimal) -> str:
    """'€ 1.234,56' in the active language's notation."""
    return "€ " + number_format(amount, decimal_pos=2, force_grouping=True)


# --- Splitting -----------------------------------------------------------------------------------


def split_by_scheme(scheme: GrantScheme, amount: Decimal, on: date | None = None) -> dict:
    """``amount`` split over the municipalities the scheme charges (its key, or one municipality)."""
    if scheme.charging == GrantScheme.Charging.MUNICIPALITY:
        return {scheme.charge_municipality: amount}
    try:
        allocation = allocate_with_key(scheme.allocation_key, amount, on=on)
    except AllocationError as error:
        raise LedgerError(str(error)) from error
    return {line.municipality: line.amount for line in allocation.lines}


def split_by_weights(amount: Decimal, weights: dict) -> dict:
    """``amount`` split in proportion to ``weights`` (zero weights get nothing)."""
    positive = {key: weight for key, weight in weights.items() if weight > 0}
    if amount == 0:
        return {}
    if not positive:
        raise LedgerError(_("Er is niets om dit bedrag over te verdelen."))
    return split_amount(amount, positive)


def fit_to_room(parts: dict, room: dict) -> dict:
    """Move what rounding put above a municipality's room to the municipalities with room left.

    The total stays the same; raises ``BudgetExceeded`` when the total itself does not fit.
    """
    fitted, excess = dict(parts), Decimal(0)
    for key, part in parts.items():
        over = part - room.get(key, ZERO)
        if over > 0:
            fitted[key] -= over
            excess += over
    if excess == 0:
        return fitted
    for key in sorted(room, key=lambda k: (-(room[k] - fitted.get(k, ZERO)), str(k))):
        spare = room[key] - fitted.get(key, ZERO)
        take = min(spare, excess)
        if take > 0:
            fitted[key] = fitted.get(key, ZERO) + take
            excess -= take
    if excess > 0:
        raise BudgetExceeded(_("Het bedrag past niet binnen het vrije budget van de gemeenten."))
    return fitted


# --- Locking and booking ---------------------------------------------------------------------------


def lock_year(scheme: GrantScheme, year: int | None) -> BudgetYear:
    """The scheme-year row, locked until the end of the transaction (every writer takes this lock)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Ledger bookings must run inside a transaction.")
    try:
        return BudgetYear.objects.select_for_update().get(scheme=scheme, year=year)
    except BudgetYear.DoesNotExist as error:
        raise LedgerError(
            _("Voor %(year)s is nog geen budget (plafond) vastgesteld voor %(scheme)s.")
            % {"year": year, "scheme": scheme.name}
        ) from error


def shares_of(budget_year: BudgetYear) -> dict:
    return {
        share.municipality: share for share in budget_year.shares.select_related("municipality")
    }


def book(
    budget_year, parts: dict, kind, *, application=None, decision=None, user=None, note: str = ""
) -> list:
    """Write journal entries for ``parts`` (municipality -> amount) and add them to the totals."""
    parts = {municipality: amount for municipality, amount in parts.items() if amount != 0}
    if not parts:
        return []
    column = LedgerEntry.COLUMN[kind]
    try:
        with transaction.atomic():
            entries = LedgerEntry.objects.bulk_create(
                LedgerEntry(
                    budget_year=budget_year,
                    municipality=municipality,
                    application=application,
                    decision=decision,
                    kind=kind,
                    amount=amount,
                    booked_by=user,
                    note=note[:300],
                )
                for municipality, amount in parts.items()
            )
            for municipality, amount in parts.items():
                share, _created = BudgetShare.objects.get_or_create(
                    budget_year=budget_year, municipality=municipality
                )
                BudgetShare.objects.filter(pk=share.pk).update(**{column: F(column) + amount})
            BudgetYear.objects.filter(pk=budget_year.pk).update(
                **{column: F(column) + sum(parts.values())}
            )
    except IntegrityError as error:
        # The database checks refused it: the booking would overspend. Never silently accepted.
        raise BudgetExceeded(
            _("Deze boeking zou het plafond van %(year)s overschrijden.")
            % {"year": budget_year.year}
        ) from error
    budget_year.refresh_from_db()
    return entries


# --- Ceiling -------------------------------------------------------------------------------------


def set_ceiling(
    scheme, year: int, ceiling: Decimal, ceiling_decision: str, user=None
) -> BudgetYear:
    """Set the year's ceiling (subsidieplafond) and split it over the municipalities.

    Lowering is allowed only as far as the budget is still free.
    """
    if ceiling < 0:
        raise LedgerError(_("Het plafond mag niet negatief zijn."))
    with transaction.atomic():
        BudgetYear.objects.get_or_create(
            scheme=scheme, year=year, defaults={"ceiling_decision": ceiling_decision}
        )
        budget_year = lock_year(scheme, year)
        lowest = budget_year.committed_net + budget_year.carried_out - budget_year.carried_in
        if ceiling < lowest:
            raise BudgetExceeded(
                _(
                    "Het plafond kan niet lager dan %(lowest)s: zoveel is al verplicht of overgeheveld."
                )
                % {"lowest": euro(lowest)}
            )
        current = {m: s.ceiling for m, s in shares_of(budget_year).items()}
        target = split_by_scheme(scheme, ceiling) if ceiling else {}
        delta = {m: target.get(m, ZERO) - current.get(m, ZERO) for m in set(current) | set(target)}
        book(budget_year, delta, Kind.CEILING, user=user, note=ceiling_decision)
        BudgetYear.objects.filter(pk=budget_year.pk).update(ceiling_decision=ceiling_decision)
        budget_year.refresh_from_db()
        return budget_year


# --- Commitments and releases --------------------------------------------------------------------


def commit(application, amount: Decimal, *, decision=None, user=None, note: str = "") -> dict:
    """Commit an award on the application's budget year, split by the scheme's key.

    Must run inside the caller's transaction (the decision is part of it). Raises
    ``BudgetExceeded`` with a clear message when the amount does not fit.
    """
    scheme = application.scheme
    budget_year = lock_year(scheme, application.budget_year)
    if amount > budget_year.free:
        raise BudgetExceeded(
            _(
                "Het subsidieplafond %(year)s van %(scheme)s is bereikt: er is nog %(free)s vrij "
                "en dit besluit vraagt %(amount)s. Verleen een lager bedrag of weiger de aanvraag "
                "omdat het plafond is bereikt (Awb 4:25, tweede lid)."
            )
            % {
                "year": budget_year.year,
                "scheme": scheme.name,
                "free": euro(budget_year.free),
                "amount": euro(amount),
            }
        )
    room = {m: s.free for m, s in shares_of(budget_year).items()}
    parts = fit_to_room(split_by_scheme(scheme, amount), room)
    book(
        budget_year,
        parts,
        Kind.COMMITMENT,
        application=application,
        decision=decision,
        user=user,
        note=note,
    )
    return parts


@dataclass
class ApplicationFigures:
    """An application's bookings per municipality."""

    committed: dict
    released: dict
    paid: dict
    repaid: dict

    def net_committed(self) -> dict:
        keys = set(self.committed) | set(self.released)
        return {m: self.committed.get(m, ZERO) - self.released.get(m, ZERO) for m in keys}

    def net_paid(self) -> dict:
        keys = set(self.paid) | set(self.repaid)
        return {m: self.paid.get(m, ZERO) - self.repaid.get(m, ZERO) for m in keys}

    @property
    def total_committed(self) -> Decimal:
        return sum(self.net_committed().values(), ZERO)

    @property
    def total_paid(self) -> Decimal:
        return sum(self.net_paid().values(), ZERO)


def application_figures(application) -> ApplicationFigures:
    """What is booked for ``application``, per municipality (one query)."""
    from samen.regions.models import Municipality

    rows = (
        LedgerEntry.objects.filter(application=application)
        .values("municipality", "kind")
        .annotate(total=Sum("amount"))
    )
    municipalities = Municipality.objects.in_bulk({row["municipality"] for row in rows})
    sums: dict = defaultdict(dict)
    for row in rows:
        sums[row["kind"]][municipalities[row["municipality"]]] = row["total"]
    return ApplicationFigures(
        committed=sums[Kind.COMMITMENT],
        released=sums[Kind.RELEASE],
        paid=sums[Kind.PAYMENT],
        repaid=sums[Kind.REPAYMENT],
    )


def release(application, amount: Decimal, *, decision=None, user=None, note: str = "") -> dict:
    """Release part of an application's commitment back to the free budget."""
    if amount <= 0:
        return {}
    budget_year = lock_year(application.scheme, application.budget_year)
    net = application_figures(application).net_committed()
    if amount > sum(net.values(), ZERO):
        raise LedgerError(_("Er kan niet meer vrijvallen dan er voor deze aanvraag verplicht is."))
    parts = fit_to_room(split_by_weights(amount, net), net)
    book(
        budget_year,
        parts,
        Kind.RELEASE,
        application=application,
        decision=decision,
        user=user,
        note=note,
    )
    return parts


def release_all(application, *, decision=None, user=None, note: str = "") -> Decimal:
    """Release everything still committed for ``application`` (returns the amount)."""
    budget_year = lock_year(application.scheme, application.budget_year)
    net = application_figures(application).net_committed()
    book(
        budget_year,
        net,
        Kind.RELEASE,
        application=application,
        decision=decision,
        user=user,
        note=note,
    )
    return sum(net.values(), ZERO)


def recommit(application, parts: dict, *, decision=None, user=None, note: str = "") -> None:
    """Commit exact per-municipality ``parts`` again (undoing a release), within the ceiling."""
    budget_year = lock_year(application.scheme, application.budget_year)
    total = sum(parts.values(), ZERO)
    if total > budget_year.free:
        raise BudgetExceeded(
            _("Er is nog %(free)s vrij in %(year)s; %(amount)s is nodig.")
            % {"free": euro(budget_year.free), "year": budget_year.year, "amount": euro(total)}
        )
    book(
        budget_year,
        parts,
        Kind.COMMITMENT,
        application=application,
        decision=decision,
        user=user,
        note=note,
    )


# --- Payments ------------------------------------------------------------------------------------


def pay(application, amount: Decimal, *, user=None, note: str = "") -> dict:
    """Book a payment to the recipient, split as the application's commitment is split."""
    budget_year = lock_year(application.scheme, application.budget_year)
    figures = application_figures(application)
    parts = split_by_weights(amount, figures.net_committed())
    book(budget_year, parts, Kind.PAYMENT, application=application, user=user, note=note)
    return parts


def settle_payments(application, *, user=None, note: str = "") -> tuple[str, dict]:
    """Pay out or take back exactly the difference between settled (= still committed after the
    settlement's release) and paid, per municipality. Returns the kind booked and its parts."""
    budget_year = lock_year(application.scheme, application.budget_year)
    figures = application_figures(application)
    committed, paid = figures.net_committed(), figures.net_paid()
    keys = set(committed) | set(paid)
    difference = {m: committed.get(m, ZERO) - paid.get(m, ZERO) for m in keys}
    total = sum(difference.values(), ZERO)
    if total >= 0:
        book(budget_year, difference, Kind.PAYMENT, application=application, user=user, note=note)
        return Kind.PAYMENT, difference
    repaid = {m: -amount for m, amount in difference.items()}
    book(budget_year, repaid, Kind.REPAYMENT, application=application, user=user, note=note)
    return Kind.REPAYMENT, repaid


# --- Carry-over ----------------------------------------------------------------------------------


def carry_over(
    scheme, from_year: int, amount: Decimal, *, council_decision: str, decided_on: date, user
) -> CarryOver:
    """Move unspent budget of ``from_year`` to the next year, recording the council decision."""
    if not council_decision.strip():
        raise LedgerError(_("Noem het raadsbesluit dat de overheveling toestaat."))
    if amount <= 0:
        raise LedgerError(_("Het bedrag moet groter zijn dan nul."))
    to_year = from_year + 1
    with transaction.atomic():
        BudgetYear.objects.get_or_create(
            scheme=scheme, year=to_year, defaults={"ceiling_decision": council_decision}
        )
        # Lock both years, always in the same order, so two carry-overs cannot deadlock.
        locked = list(
            BudgetYear.objects.select_for_update()
            .filter(scheme=scheme, year__in=[from_year, to_year])
            .order_by("year")
        )
        if len(locked) != 2:
            raise LedgerError(_("Voor %(year)s is geen budget vastgesteld.") % {"year": from_year})
        source, target = locked
        if amount > source.free:
            raise BudgetExceeded(
                _("In %(year)s is nog %(free)s vrij; meer kan niet worden overgeheveld.")
                % {"year": from_year, "free": euro(source.free)}
            )
        room = {m: s.free for m, s in shares_of(source).items()}
        parts = fit_to_room(split_by_weights(amount, room), room)
        note = _("Overheveling %(from)s naar %(to)s: %(decision)s") % {
            "from": from_year,
            "to": to_year,
            "decision": council_decision,
        }
        book(source, parts, Kind.CARRY_OUT, user=user, note=note)
        book(target, parts, Kind.CARRY_IN, user=user, note=note)
        return CarryOver.objects.create(
            scheme=scheme,
            from_year=from_year,
            to_year=to_year,
            amount=amount,
            council_decision=council_decision,
            council_decision_date=decided_on,
            recorded_by=user,
        )


# --- Checking ------------------------------------------------------------------------------------


def discrepancies(budget_year: BudgetYear) -> list[str]:
    """Differences between the journal and the running totals (empty: the ledger adds up)."""
    problems = []
    sums: dict = defaultdict(lambda: defaultdict(lambda: ZERO))
    for row in (
        LedgerEntry.objects.filter(budget_year=budget_year)
        .values("municipality", "kind")
        .annotate(total=Sum("amount"))
    ):
        sums[row["municipality"]][LedgerEntry.COLUMN[row["kind"]]] = row["total"]
    budget_year.refresh_from_db()
    columns = list(LedgerEntry.COLUMN.values())
    for share in budget_year.shares.all():
        for column in columns:
            if getattr(share, column) != sums[share.municipality_id][column]:
                problems.append(f"{share}: {column} {getattr(share, column)} != journal")
    for column in columns:
        total = sum((getattr(s, column) for s in budget_year.shares.all()), ZERO)
        if getattr(budget_year, column) != total:
            problems.append(f"{budget_year}: {column} {getattr(budget_year, column)} != shares")
    if budget_year.free < 0:
        problems.append(f"{budget_year}: free {budget_year.free} < 0")
    return problems
