import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from samen.accounts.models import Membership, User
from samen.accounts.roles import Role
from samen.regions.tests.factories import MunicipalityFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CONTROLLER
    municipality = factory.SubFactory(MunicipalityFactory)
    region = None
    mandate_reference = factory.Maybe(
        factory.LazyAttribute(lambda m: m.role == Role.DECISION_MAKER),
        yes_declaration="Mandaatbesluit test",
        no_declaration="",
    )


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "default"  # django-two-factor-auth asks the device named "default"
    confirmed = True
