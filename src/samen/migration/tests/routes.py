from samen.accounts.roles import Role
from samen.core.tests.routes import API_ANON, only
from samen.migration.tests.factories import ImportRunFactory, with_results

ADMIN = {Role.ADMIN}
POST_ONLY = 405


def url_kwargs(name, region):
    if name in ("migration:run-list", "migration:upload", "importrun-list"):
        return {}
    run = with_results(ImportRunFactory(municipality=region.municipalities.get(cbs_code="GM0988")))
    if name == "migration:run-rejected-sheet":
        return {"uuid": run.uuid, "sheet": "personen"}
    return {"uuid": run.uuid}


#: route name -> expected status per role (see samen.core.tests.routes)
EXPECTED: dict = {
    "migration:run-list": only(ADMIN),
    "migration:upload": only(ADMIN),
    "migration:run-detail": only(ADMIN),
    "migration:run-status": only(ADMIN),
    "migration:run-confirm": only(ADMIN, ok=POST_ONLY),
    "migration:run-resume": only(ADMIN, ok=POST_ONLY),
    "migration:run-rows": only(ADMIN),
    "migration:run-reconciliation": only(ADMIN),
    "migration:run-report": only(ADMIN),
    "migration:run-rejected": only(ADMIN),
    "migration:run-rejected-sheet": only(ADMIN),
    "importrun-list": only(ADMIN, anonymous=API_ANON),
    "importrun-detail": only(ADMIN, anonymous=API_ANON),
    "importrun-rows": only(ADMIN, anonymous=API_ANON),
}
