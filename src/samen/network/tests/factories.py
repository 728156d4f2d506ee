from datetime import date

import factory
from django.utils import timezone

from samen.accounts.tests.factories import UserFactory
from samen.network.models import (
    ConfirmationRequest,
    Contact,
    Endorsement,
    Organisation,
    OrganisationMember,
    SharedValue,
    StakeholderGroup,
)
from samen.regions.tests.factories import RegionFactory


class StakeholderGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Groep {n}")
    order = factory.Sequence(int)


class SharedValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedValue
        django_get_or_create = ("region", "number")

    region = factory.SubFactory(RegionFactory)
    number = factory.Sequence(lambda n: n % 6 + 1)
    title = factory.Sequence(lambda n: f"Waarde {n}")
    explanation = "Een toelichting."


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    stakeholder_group = factory.SubFactory(StakeholderGroupFactory)
    description = "Wij werken samen in het sociaal domein."
    expertise = "Samenwerken"
    confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)


class OrganisationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    is_owner = True


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    function = "Coördinator"
    email = factory.Sequence(lambda n: f"contact{n}@example.nl")
    phone = "0495 123 456"
    consent_given_at = factory.LazyFunction(timezone.now)


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    organisation = factory.SubFactory(OrganisationFactory)
    value = factory.SubFactory(
        SharedValueFactory, region=factory.SelfAttribute("..organisation.region")
    )
    endorsed_on = date(2018, 11, 16)
    signed_by = "A. Bestuurder (directeur)"


class ConfirmationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConfirmationRequest

    organisation = factory.SubFactory(OrganisationFactory)
    requested_on = factory.LazyFunction(timezone.localdate)
    requested_by = factory.SubFactory(UserFactory)
    sent_to = "eigenaar@example.nl"
