"""Demo accounts: one per role, all with the same password (printed by ``make demo``)."""

from datetime import date

from samen.regions.models import Municipality

from .models import Membership, User
from .roles import Role

DEMO_PASSWORD = "samen-demo-2026"  # noqa: S105 - demo only; load_demo refuses to run in production

MANDATE = (
    "Mandaatbesluit Experimenteerregeling Samen aan de Slag! 2020 en 2021 (college Weert, 2019)"
)

# (e-mail, name, role, scope: region name or CBS code)
DEMO_USERS = [
    ("beheerder@samen.demo", "Bea Beheer", Role.ADMIN, "Samen aan de slag"),
    ("beheerder@samen.demo", "Bea Beheer", Role.ADMIN, "Oude IJsselstreek"),
    ("controller@samen.demo", "Dinie Controller", Role.CONTROLLER, "Samen aan de slag"),
    ("aanjager@samen.demo", "Anne Aanjager", Role.FACILITATOR, "Samen aan de slag"),
    ("stuurgroep@samen.demo", "Sam Stuurgroep", Role.STEERING_MEMBER, "GM0988"),
    ("teamleider@samen.demo", "Frank Teamleider", Role.DECISION_MAKER, "GM0988"),
    ("klantmanager@samen.demo", "Karin Klantmanager", Role.CASE_WORKER, "GM1509"),
    ("raadslid@samen.demo", "Rik Raadslid", Role.COUNCIL_MEMBER, "GM0946"),
    ("partner@samen.demo", "Pim Partner", Role.PARTNER, "Samen aan de slag"),
    ("inwoner@samen.demo", "Ines Inwoner", Role.RESIDENT, "GM1509"),
]


def load(context: dict) -> None:
    """Create the demo users; puts (e-mail, role label, scope) rows in ``context["logins"]``."""
    regions = context["regions"]
    rows = context.setdefault("logins", [])
    for email, name, role, scope in DEMO_USERS:
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": name})
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        scope_kwargs = (
            {"municipality": Municipality.objects.get(cbs_code=scope), "region": None}
            if scope.startswith("GM")
            else {"region": regions[scope], "municipality": None}
        )
        Membership.objects.update_or_create(
            user=user,
            role=role,
            **scope_kwargs,
            defaults={
                "valid_from": date(2019, 1, 1),
                "mandate_reference": MANDATE if role == Role.DECISION_MAKER else "",
            },
        )
        rows.append(
            (email, str(role.label), str(scope_kwargs["municipality"] or scope_kwargs["region"]))
        )
