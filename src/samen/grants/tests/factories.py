"""Factories for the grants module, plus a few builders that walk an application through the
lifecycle with the real services (so tests start from honest states, not hand-set statuses)."""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from samen.accounts.roles import Role
from samen.accounts.tests.factories import MembershipFactory, UserFactory
from samen.grants import ledger, services
from samen.grants.models import Application, BudgetLine, Criterion, GrantScheme, Question
from samen.network.models import Organisation, OrganisationMember, SharedValue, StakeholderGroup
from samen.regions.models import AllocationKey
from samen.regions.tests.factories import RegionFactory


class StakeholderGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderGroup
        django_get_or_create = ("name",)

    name = "Zorgaanbieders"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Stichting Experiment {n}")
    stakeholder_group = factory.SubFactory(StakeholderGroupFactory)


class OrganisationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class SharedValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedValue
        django_get_or_create = ("region", "number")

    region = factory.SubFactory(RegionFactory)
    number = 1
    title = "Iedereen doet mee"


class SchemeFactory(factory.django.DjangoModelFactory):
    """A scheme open today, charged by population over its region (give it ``region=seed_region``)."""

    class Meta:
        model = GrantScheme
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Experimenteerregeling {n}")
    issuing_municipality = factory.LazyAttribute(
        lambda o: o.region.municipalities.order_by("-name").first()
    )
    issuing_department = "Team Zorg & Participatie"
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))
    charging = GrantScheme.Charging.KEY
    allocation_key = factory.LazyAttribute(
        lambda o: AllocationKey.objects.get_or_create(
            region=o.region,
            name="Naar inwoneraantal",
            defaults={"kind": AllocationKey.Kind.POPULATION, "reference_date": date(2019, 1, 1)},
        )[0]
    )
    minimum_amount = Decimal("500.00")
    maximum_amount = Decimal("25000.00")
    advance_percentage = Decimal("80.00")
    minimum_reviews = 1
    conditions = "U vermeldt de steun van de gemeenten bij uw activiteiten."

    @factory.post_generation
    def with_criteria(self, create, extracted, **kwargs):
        if create and extracted is not False:
            for number, title, knock_out in [
                (1, "Draagt bij aan de stip op de horizon en versterkt de gedeelde waarden", False),
                (2, "Conflicteert niet met een gedeelde waarde of bestaande actielijn", True),
                (3, "Draagt bij aan de transformatie, is vernieuwend en additioneel", False),
            ]:
                Criterion.objects.create(
                    scheme=self, number=number, title=title, knock_out=knock_out
                )
            Question.objects.create(
                scheme=self, number=1, text="Wie werken er mee aan het experiment?"
            )


def budget(scheme, year=None, ceiling=Decimal("100000")):
    """Give ``scheme`` a ceiling for ``year`` (default this year)."""
    return ledger.set_ceiling(
        scheme, year or timezone.localdate().year, Decimal(ceiling), "Raadsbesluit test"
    )


def make_partner(scheme, organisation=None):
    """A partner user who speaks for ``organisation`` (a new one in the scheme's region)."""
    organisation = organisation or OrganisationFactory(region=scheme.region)
    user = UserFactory()
    MembershipFactory(user=user, role=Role.PARTNER, region=scheme.region, municipality=None)
    OrganisationMemberFactory(organisation=organisation, user=user)
    return user, organisation


def staff(role, region, **kwargs):
    user = UserFactory(**kwargs)
    MembershipFactory(user=user, role=role, region=region, municipality=None)
    return user


def complete_draft(scheme, partner=None, organisation=None, *, amount=Decimal("5000")):
    """A concept application that has everything needed to submit."""
    if partner is None:
        partner, organisation = make_partner(scheme, organisation)
    application, _ = services.create_draft(scheme, organisation, partner)
    value = SharedValueFactory(region=scheme.region)
    services.update_draft(
        application,
        partner,
        services.DraftData(
            fields={
                "title": "Talentenmarkt in de wijk",
                "description": "Inwoners laten zien wat ze kunnen.",
                "expected_results": "Twintig inwoners vinden een plek.",
                "contact_name": "Petra Proef",
                "contact_email": "petra@example.nl",
                "project_start": timezone.localdate(),
                "project_end": timezone.localdate() + timedelta(days=180),
                "requested_amount": Decimal(amount),
            },
            values=[value],
            answers={q.pk: "Drie partners." for q in scheme.questions.all()},
            budget_lines=[
                {
                    "description": "Begeleiding",
                    "amount": Decimal(amount) + 1000,
                    "co_financing": Decimal(1000),
                    "co_financier": "Fonds",
                },
            ],
        ),
        version=application.version,
    )
    application.refresh_from_db()
    return application, partner


def submitted(scheme, **kwargs) -> tuple[Application, object]:
    application, partner = complete_draft(scheme, **kwargs)
    services.submit(application, partner)
    application.refresh_from_db()
    return application, partner


def scored(application, members, values=(4, 4, 4)):
    for member in members:
        services.save_review(
            application,
            member,
            view="Sterk experiment.",
            scores={
                c.pk: services.ScoreInput(v, False, "Onderbouwing.")
                for c, v in zip(application.scheme.criteria.all(), values, strict=True)
            },
            submit=True,
        )


def advised(scheme, *, facilitator=None, member=None, values=(4, 4, 4), **kwargs):
    """An application with an advice, ready for the decision maker."""
    application, partner = submitted(scheme, **kwargs)
    facilitator = facilitator or staff(Role.FACILITATOR, scheme.region)
    member = member or staff(Role.STEERING_MEMBER, scheme.region)
    services.accept(application, facilitator)
    application.refresh_from_db()
    scored(application, [member], values)
    services.establish_advice(application, facilitator)
    application.refresh_from_db()
    return application, partner


def lines(application):
    return list(BudgetLine.objects.filter(application=application))
