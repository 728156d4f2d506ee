"""Factories of the action lines module, with the few network objects it needs.

The network objects have their own small factories here so that these tests do not depend on
another module's test helpers.
"""

from datetime import date

import factory
from django.utils import timezone

from samen.accounts.tests.factories import UserFactory
from samen.actionlines.models import (
    ActionLine,
    ActionLineLead,
    Commitment,
    Initiative,
    Meeting,
    MunicipalityRole,
    ProgressReport,
    ReportVersion,
    ValueFit,
)
from samen.network.models import Organisation, OrganisationMember, SharedValue, StakeholderGroup
from samen.regions.tests.factories import MunicipalityFactory, RegionFactory


class StakeholderGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderGroup
        django_get_or_create = ("name",)

    name = "Re-integratiebedrijven"


class SharedValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedValue
        django_get_or_create = ("region", "number")

    region = factory.SubFactory(RegionFactory)
    number = factory.Sequence(lambda n: n % 6 + 1)
    title = factory.Sequence(lambda n: f"Waarde {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    stakeholder_group = factory.SubFactory(StakeholderGroupFactory)


class OrganisationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class ActionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLine

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Actielijn {n}")
    aim = "Meer inwoners doen mee naar eigen kracht."
    start_date = date(2019, 1, 1)


class ActionLineLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLineLead

    action_line = factory.SubFactory(ActionLineFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, region=factory.SelfAttribute("..action_line.region")
    )
    user = factory.LazyAttribute(
        lambda lead: OrganisationMemberFactory(organisation=lead.organisation).user
    )
    since = date(2019, 1, 1)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    action_line = factory.SubFactory(ActionLineFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, region=factory.SelfAttribute("..action_line.region")
    )
    since = date(2019, 1, 1)


class MunicipalityRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalityRole

    action_line = factory.SubFactory(ActionLineFactory)
    municipality = factory.SubFactory(
        MunicipalityFactory, region=factory.SelfAttribute("..action_line.region")
    )
    role = MunicipalityRole.Ladder.FACILITATE


class ProgressReportFactory(factory.django.DjangoModelFactory):
    """A submitted half-yearly report with one version; ``first_submitted_at=None`` for a draft.

    ``version__traffic_light`` and ``version__summary`` set the version's content.
    """

    class Meta:
        model = ProgressReport
        skip_postgeneration_save = True

    action_line = factory.SubFactory(ActionLineFactory)
    kind = ProgressReport.Kind.HALF_YEARLY
    period_start = factory.Sequence(lambda n: date(2000 + n // 2, 1 if n % 2 == 0 else 7, 1))
    period_end = factory.LazyAttribute(
        lambda r: (
            date(r.period_start.year, 6, 30)
            if r.period_start.month == 1
            else date(r.period_start.year, 12, 31)
        )
    )
    created_by = factory.SubFactory(UserFactory)
    first_submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def version(report, create, extracted, **kwargs):
        if not create:
            return
        version = ReportVersion.objects.create(
            report=report,
            number=1,
            state=ReportVersion.State.SUBMITTED
            if report.first_submitted_at
            else ReportVersion.State.DRAFT,
            traffic_light=kwargs.get("traffic_light", ReportVersion.TrafficLight.GREEN),
            summary=kwargs.get("summary", "Het loopt goed."),
            done="Bijeenkomsten gehouden.",
            results="Twintig inwoners doen mee.",
            needed="Meer werkgevers.",
            next_steps="Uitbreiden naar Nederweert.",
            author=report.created_by,
            submitted_at=report.first_submitted_at,
            submitted_by=report.created_by if report.first_submitted_at else None,
        )
        if report.first_submitted_at:
            report.current_version = version
            report.save(update_fields=["current_version"])


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    region = factory.SubFactory(RegionFactory)
    date = date(2020, 10, 1)
    municipality = factory.LazyAttribute(
        lambda m: (
            m.region.municipalities.order_by("name").first() or MunicipalityFactory(region=m.region)
        )
    )
    created_by = factory.SubFactory(UserFactory)


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Initiatief {n}")
    description = "Een plan om inwoners te laten meedoen."
    proposer = factory.SubFactory(UserFactory)

    @factory.post_generation
    def serves(initiative, create, extracted, **kwargs):
        """serves=[values]: the values answered 'yes'; every other value of the region gets 'no'."""
        if not create:
            return
        served = {v.pk for v in (extracted or [])}
        for value in initiative.region.shared_values.all():
            ValueFit.objects.create(
                initiative=initiative,
                value=value,
                serves=value.pk in served,
                explanation="Past goed." if value.pk in served else "Niet direct.",
            )
