"""Demo data of the grants module: the Experimenteerregeling of seed 001 with its history.

"Experimenteerregeling Samen aan de Slag! 2020 en 2021": EUR 100,000 a year, split by population
over Cranendonck, Nederweert and Weert with the key of seed 000 (23,563 / 19,540 / 56,897), the
three criteria of seed 003 §5.2 (the second is knock-out), decided by the team leader under the
mandate of the college of Weert. The applications are walked through the real services with the
dates on which things happened in 2020 and 2021, so every deadline, ledger entry and letter is
computed exactly as in use. The organisations and applications are invented.

A second, clearly marked demo scheme is open today, so that partners can try applying.

Idempotent: a scheme that already has its demo applications is left as it is.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from samen.accounts.models import Membership, User
from samen.accounts.roles import Role

from . import ledger, services
from .models import Criterion, GrantScheme, Question

REGION = "Samen aan de slag"
SCHEME = "Experimenteerregeling Samen aan de Slag! 2020 en 2021"
OPEN_SCHEME = "Experimenteerregeling Samen aan de Slag! – doorlopende demoregeling"
KEY = "Aanjager en experimenteerruimte 2019-2021"
SEED_001 = "Experimenteerregeling 'Samen aan de Slag! 2020 en 2021' (college Weert, DJ-884326, november 2019)"
COUNCIL = "Raadsbesluit nota 'Samen aan de slag!' (raad Weert, 5 juni 2019)"
NAMESPACE = uuid.UUID("5e7a9d5c-3c1f-4b8e-9a55-0c6f1d2e7a10")

CRITERIA = [
    (
        1,
        "Het experiment draagt bij aan het bereiken van de stip op de horizon voor 2022 en versterkt de gedeelde waarden",
        False,
    ),
    (
        2,
        "Het experiment conflicteert niet met één van de gedeelde waarden of bestaande actielijnen",
        True,
    ),
    (3, "Het experiment draagt bij aan de transformatie, is vernieuwend en additioneel", False),
]
QUESTIONS = [
    (1, "Met welke partners voert u het experiment uit?", True),
    (2, "Hoe deelt u wat u leert met het platform 'Samen aan de slag!'?", True),
]
CONDITIONS = (
    "U voert het experiment uit zoals in de aanvraag beschreven. U deelt de voortgang op een "
    "platformbijeenkomst. U legt binnen 13 weken na afloop verantwoording af over de resultaten en "
    "de kosten. Wijzigingen meldt u vooraf."
)

#: Invented extra demo people: (e-mail, name, role, scope: region name or CBS code).
EXTRA_USERS = [
    ("adviseur@samen.demo", "Mirte Adviseur", Role.STEERING_MEMBER, REGION),
    ("wethouder.nederweert@samen.demo", "Nico Nederweert", Role.STEERING_MEMBER, "GM0946"),
]
#: (organisation, e-mail of the person who applies for it, name if it must be created)
APPLICANTS = [
    ("Welzijnsstichting Samen Verder", "partner@samen.demo", "Pim Partner"),
    ("Dagbesteding Het Ambacht", "trekker2@samen.demo", "Bram Janssen"),
    ("Vrijwilligerscentrale Midden-Kempen", "trekker7@samen.demo", "Maud Geurts"),
]


def load(context: dict) -> None:
    """Create both schemes, their budgets, and (once) the demo applications in several states."""
    from samen.regions.models import AllocationKey, Municipality

    region = context["regions"][REGION]
    weert = Municipality.objects.get(cbs_code="GM0988")
    key = AllocationKey.objects.filter(
        region=region, name=KEY
    ).first() or AllocationKey.objects.create(
        region=region, name=KEY, kind=AllocationKey.Kind.POPULATION, reference_date=date(2019, 1, 1)
    )
    people = _people(region, context)
    scheme = _scheme(region, weert, key, SCHEME, date(2020, 1, 1), date(2021, 12, 31), SEED_001)
    for year in (2020, 2021):
        ledger.set_ceiling(scheme, year, Decimal("100000"), COUNCIL, user=people["controller"])
    today = timezone.localdate()
    open_scheme = _scheme(
        region,
        weert,
        key,
        OPEN_SCHEME,
        date(today.year, 1, 1),
        date(today.year + 1, 12, 31),
        "Demoregeling om het aanvragen uit te proberen; geen besluit uit de brondocumenten",
    )
    open_scheme.description = (
        "Verzonnen regeling voor de demo, met dezelfde spelregels als de Experimenteerregeling, "
        "zodat partners een aanvraag kunnen proberen."
    )
    open_scheme.save()
    for year in (today.year, today.year + 1):
        ledger.set_ceiling(
            open_scheme,
            year,
            Decimal("100000"),
            "Demo: geen echt besluit",
            user=people["controller"],
        )
    applicants = _applicants(region, context)
    values = _values(region, context)
    if not scheme.applications.exists():
        with services.quietly():  # the history happened in 2020-2021: nobody is mailed now
            _history(scheme, people, applicants, values)
    if not open_scheme.applications.exists():
        organisation, partner = applicants[0]
        services.create_draft(
            open_scheme,
            organisation,
            partner,
            client_token=uuid.uuid5(NAMESPACE, "open-draft"),
            title="Repaircafé met statushouders",
            description="Samen spullen repareren en Nederlands oefenen.",
        )
    context["grant_schemes"] = {scheme.name: scheme, open_scheme.name: open_scheme}


# --- Set-up --------------------------------------------------------------------------------------


def _scheme(region, weert, key, name, opens_on, closes_on, legal_basis) -> GrantScheme:
    scheme, _ = GrantScheme.objects.update_or_create(
        region=region,
        name=name,
        defaults={
            "description": (
                "Extra financiële ruimte voor gemeenten en partners om te experimenteren, conform de "
                "gedeelde waarden (seed 001). De stuurgroep adviseert op basis van de scorekaart; de "
                "teamleider Zorg & Participatie van Weert beslist onder mandaat."
            ),
            "legal_basis": legal_basis,
            "issuing_municipality": weert,
            "issuing_department": "Afdeling OCSW – Team Zorg & Participatie",
            "opens_on": opens_on,
            "closes_on": closes_on,
            "decision_period_weeks": 8,
            "remedy_period_weeks": 2,
            "payment_term_weeks": 6,
            "report_period_weeks": 13,
            "charging": GrantScheme.Charging.KEY,
            "allocation_key": key,
            "charge_municipality": None,
            "minimum_amount": Decimal("1000"),
            "maximum_amount": Decimal("25000"),
            "advance_percentage": Decimal("80"),
            "scale_max": 5,
            "positive_threshold": Decimal("60"),
            "minimum_reviews": 2,
            "conditions": CONDITIONS,
        },
    )
    for number, title, knock_out in CRITERIA:
        Criterion.objects.update_or_create(
            scheme=scheme,
            number=number,
            defaults={"title": title, "knock_out": knock_out, "weight": 1, "pass_mark": 3},
        )
    for number, text, required in QUESTIONS:
        Question.objects.update_or_create(
            scheme=scheme, number=number, defaults={"text": text, "required": required}
        )
    return scheme


def _user(email, name, role, scope, region, context) -> User:
    from samen.accounts.demo import DEMO_PASSWORD
    from samen.regions.models import Municipality

    user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    scope_kwargs = (
        {"municipality": Municipality.objects.get(cbs_code=scope), "region": None}
        if scope.startswith("GM")
        else {"region": region, "municipality": None}
    )
    membership, made = Membership.objects.get_or_create(
        user=user, role=role, **scope_kwargs, defaults={"valid_from": date(2019, 1, 1)}
    )
    if made:
        context.setdefault("logins", []).append((email, str(role.label), str(membership.scope)))
    return user


def _people(region, context) -> dict:
    people = {
        "facilitator": User.objects.filter(email="aanjager@samen.demo").first(),
        "member": User.objects.filter(email="stuurgroep@samen.demo").first(),
        "decision_maker": User.objects.filter(email="teamleider@samen.demo").first(),
        "controller": User.objects.filter(email="controller@samen.demo").first(),
    }
    for email, name, role, scope in EXTRA_USERS:
        people[email] = _user(email, name, role, scope, region, context)
    missing = [role for role, user in people.items() if user is None]
    if missing:  # the accounts loader always runs first; say so clearly if it did not
        raise RuntimeError(f"Demo users missing for: {', '.join(missing)}")
    return people


def _applicants(region, context) -> list:
    """(organisation, user speaking for it) from the network demo, or made here when it did not run."""
    from samen.network.models import Organisation, OrganisationMember, StakeholderGroup

    organisations = context.get("organisations") or {}
    result = []
    for name, email, person in APPLICANTS:
        organisation = (
            organisations.get(name) or Organisation.objects.filter(region=region, name=name).first()
        )
        if organisation is None:
            group, _ = StakeholderGroup.objects.get_or_create(name="Welzijnspartijen")
            organisation = Organisation.objects.create(
                region=region, name=name, stakeholder_group=group
            )
        user = _user(email, person, Role.PARTNER, REGION, region, context)
        OrganisationMember.objects.get_or_create(organisation=organisation, user=user)
        result.append((organisation, user))
    return result


def _values(region, context) -> list:
    from samen.network.models import SharedValue

    values = list((context.get("values") or {}).values()) or list(
        SharedValue.objects.filter(region=region)
    )
    if not values:
        value, _ = SharedValue.objects.get_or_create(
            region=region, number=1, defaults={"title": "Iedereen telt mee, doet mee en draagt bij"}
        )
        values = [value]
    return sorted(values, key=lambda v: v.number)


# --- History of 2020 and 2021 ---------------------------------------------------------------------


def _draft(
    scheme, organisation, partner, values, key, *, title, description, amount, lines, start, end
):
    from samen.actionlines.models import ActionLine

    application, _ = services.create_draft(
        scheme, organisation, partner, client_token=uuid.uuid5(NAMESPACE, key), title=title
    )
    services.update_draft(
        application,
        partner,
        services.DraftData(
            fields={
                "description": description,
                "expected_results": "Zie de beschrijving; de resultaten delen we op de platformbijeenkomst.",
                "contact_name": partner.full_name,
                "contact_email": partner.email,
                "project_start": start,
                "project_end": end,
                "requested_amount": Decimal(amount),
                "action_line": ActionLine.objects.filter(region=scheme.region)
                .order_by("title")
                .first(),
            },
            values=values[:2],
            answers={
                q.pk: "Met partners uit het netwerk; we presenteren op de platformbijeenkomst."
                for q in scheme.questions.all()
            },
            budget_lines=lines,
        ),
        version=application.version,
    )
    application.refresh_from_db()
    return application


def _score(application, members, values, on):
    criteria = list(application.scheme.criteria.all())
    for member, (view, scores) in zip(members, values, strict=True):
        services.save_review(
            application,
            member,
            view=view,
            scores={
                c.pk: services.ScoreInput(v, v is None, j)
                for c, (v, j) in zip(criteria, scores, strict=True)
            },
            submit=True,
            on=on,
        )


def _history(scheme, people, applicants, values) -> None:
    facilitator, member, decision_maker, controller = (
        people["facilitator"],
        people["member"],
        people["decision_maker"],
        people["controller"],
    )
    adviser = people["adviseur@samen.demo"]
    (welzijn, pim), (ambacht, bram), (vrijwilligers, maud) = applicants
    line = [
        {
            "description": "Begeleiding en coördinatie",
            "amount": Decimal("9000"),
            "co_financing": Decimal("0"),
            "co_financier": "",
        },
        {
            "description": "Materiaal en ruimte",
            "amount": Decimal("5000"),
            "co_financing": Decimal("2000"),
            "co_financier": "Woningcorporatie",
        },
    ]

    # A. Awarded, advance paid, settled lower than awarded: budget released, overpaid reclaimed.
    keuken = _draft(
        scheme,
        welzijn,
        pim,
        values,
        "A",
        title="Talentenkeuken in de wijk",
        description="Inwoners met een afstand tot werk koken samen en ontdekken hun talenten.",
        amount="12000",
        lines=line,
        start=date(2020, 3, 16),
        end=date(2020, 12, 31),
    )
    services.submit(keuken, pim, on=date(2020, 2, 3))
    services.accept(keuken, facilitator, on=date(2020, 2, 10))
    _score(
        keuken,
        [member, adviser],
        [
            (
                "Sterk experiment dat talenten zichtbaar maakt.",
                [
                    (5, "Raakt de stip op de horizon."),
                    (5, "Geen conflict."),
                    (4, "Nieuw in de regio."),
                ],
            ),
            (
                "Goed, let op de borging.",
                [(4, "Past bij de waarden."), (4, "Geen conflict."), (4, "Vernieuwend.")],
            ),
        ],
        on=date(2020, 2, 24),
    )
    services.establish_advice(
        keuken, facilitator, remarks="Positief advies stuurgroep 2 maart 2020.", on=date(2020, 3, 2)
    )
    services.decide(
        keuken,
        decision_maker,
        outcome="award",
        amount=Decimal("12000"),
        reasons="Het experiment voldoet aan de drie criteria van het toetsingskader; de stuurgroep adviseert positief.",
        on=date(2020, 3, 9),
    )
    services.send_decision(keuken, decision_maker, on=date(2020, 3, 10))
    services.pay_advance(keuken, controller, paid_on=date(2020, 3, 30))
    services.submit_report(
        keuken,
        pim,
        results="42 deelnemers, 11 doorgestroomd naar vrijwilligerswerk of werk.",
        actual_costs=Decimal("11000"),
        co_financing_received=Decimal("2000"),
        on=date(2021, 1, 15),
    )
    services.settle(
        keuken,
        decision_maker,
        amount=Decimal("9000"),
        reasons="De werkelijke kosten minus de cofinanciering zijn € 9.000; wij stellen de subsidie daarop vast.",
        on=date(2021, 2, 1),
    )

    # B. Completed after a remedy request, partly awarded; the applicant objects (pending).
    loket = _draft(
        scheme,
        ambacht,
        bram,
        values,
        "B",
        title="Simpel Switchen-loket bij de dagbesteding",
        description="Eén loket waar deelnemers zonder drempels wisselen tussen dagbesteding, beschut werk en werk.",
        amount="9000",
        lines=line,
        start=date(2020, 6, 1),
        end=date(2021, 5, 31),
    )
    services.submit(loket, bram, on=date(2020, 4, 6))
    services.request_remedy(
        loket,
        facilitator,
        message="De begroting mist de uren van de jobcoach.",
        on=date(2020, 4, 14),
    )
    services.supply_information(
        loket, bram, answer="Uren toegevoegd aan de begroting.", on=date(2020, 4, 20)
    )
    services.accept(loket, facilitator, on=date(2020, 4, 22))
    tied = people["wethouder.nederweert@samen.demo"]
    from samen.network.models import OrganisationMember

    OrganisationMember.objects.get_or_create(
        organisation=ambacht, user=tied, defaults={"function": "Lid raad van toezicht"}
    )
    services.recuse(loket, tied, reason="Lid van de raad van toezicht van de aanvrager.")
    _score(
        loket,
        [member, adviser],
        [
            (
                "Goed idee, begroting ruim.",
                [
                    (4, "Past bij Simpel Switchen."),
                    (4, "Geen conflict."),
                    (3, "Deels al bestaand."),
                ],
            ),
            (
                "Steun, maar lager bedrag.",
                [
                    (4, "Sluit aan bij de stip."),
                    (5, "Geen conflict."),
                    (None, "Kan ik niet beoordelen."),
                ],
            ),
        ],
        on=date(2020, 5, 11),
    )
    services.establish_advice(
        loket,
        facilitator,
        recommended_amount=Decimal("6000"),
        remarks="Positief, met een lager bedrag: een deel bestaat al.",
        on=date(2020, 5, 18),
    )
    services.decide(
        loket,
        decision_maker,
        outcome="award",
        amount=Decimal("6000"),
        reasons="Een deel van de activiteiten wordt al gefinancierd; additioneel is € 6.000.",
        on=date(2020, 5, 25),
    )
    decision = services.send_decision(loket, decision_maker, on=date(2020, 5, 26))
    services.register_objection(
        loket,
        facilitator,
        received_on=decision.sent_on + timedelta(days=20),
        grounds="De jobcoach-uren zijn wel additioneel; wij vragen de volle € 9.000.",
    )

    # C. Knock-out criterion failed: negative advice, refused, closed after the objection period.
    restaurant = _draft(
        scheme,
        vrijwilligers,
        maud,
        values,
        "C",
        title="Tweede wijkrestaurant",
        description="Een tweede restaurant naast het bestaande, met dezelfde opzet.",
        amount="12000",
        lines=line,
        start=date(2020, 10, 1),
        end=date(2021, 9, 30),
    )
    services.submit(restaurant, maud, on=date(2020, 9, 1))
    services.accept(restaurant, facilitator, on=date(2020, 9, 7))
    _score(
        restaurant,
        [member, adviser],
        [
            (
                "Overlapt met actielijn 'Ontmoeten in de wijk'.",
                [
                    (3, "Enige bijdrage."),
                    (1, "Conflicteert met een bestaande actielijn."),
                    (1, "Niet vernieuwend."),
                ],
            ),
            (
                "Niet additioneel.",
                [
                    (3, "Bijdrage aan meedoen."),
                    (2, "Dubbelt met bestaande actielijn."),
                    (2, "Bestaat al."),
                ],
            ),
        ],
        on=date(2020, 9, 21),
    )
    services.establish_advice(
        restaurant, facilitator, remarks="Negatief: knock-outcriterium 2.", on=date(2020, 9, 28)
    )
    refusal = services.decide(
        restaurant,
        decision_maker,
        outcome="refusal",
        reasons="Het experiment conflicteert met een bestaande actielijn (criterium 2, knock-out).",
        on=date(2020, 10, 5),
    )
    services.send_decision(restaurant, decision_maker, on=date(2020, 10, 6))
    refusal.refresh_from_db()
    services.close(restaurant, controller, on=refusal.objection_period_ends_on + timedelta(days=1))

    # D. Submitted late in 2021, in review: the decision period has long passed (on the worklist).
    pad = _draft(
        scheme,
        welzijn,
        pim,
        values,
        "D",
        title="Werkpad voor jongeren na de Praktijkschool",
        description="Jongeren lopen mee bij partners en kiezen daarna een leerwerkplek.",
        amount="8000",
        lines=line,
        start=date(2022, 1, 1),
        end=date(2022, 12, 31),
    )
    services.submit(pad, pim, on=date(2021, 11, 15))
    services.accept(pad, facilitator, on=date(2021, 11, 22))
