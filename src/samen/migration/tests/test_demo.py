"""The demo data: the example export tried and imported for GM1509, once."""

from samen.accounts.roles import Role
from samen.migration import demo
from samen.migration.models import ImportRun


def test_the_demo_import_is_there_once_with_rejected_rows(gm1509, make_user):
    make_user(Role.ADMIN, gm1509, email=demo.ADMIN_EMAIL)
    demo.load({})
    demo.load({})
    dry, real = ImportRun.objects.order_by("created_at")
    assert (dry.dry_run, real.dry_run, real.dry_run_of) == (True, False, dry)
    assert real.status == ImportRun.Status.COMPLETED
    assert real.summary["personen"]["rejected"] == 6
    assert all(sheet["balanced"] for sheet in real.summary.values())
    assert real.started_by.email == demo.ADMIN_EMAIL
