from samen.accounts.rules import GOVERNANCE
from samen.core.tests.routes import API_ANON, everyone, only
from samen.regions.tests.factories import AllocationKeyFactory


def url_kwargs(name, region):
    if "municipality-detail" in name:
        return {"uuid": region.municipalities.get(cbs_code="GM0988").uuid}
    if "allocation-start" in name or name.endswith("-list"):
        return {}
    AllocationKeyFactory(region=region)
    if name == "region-allocation":
        return {"uuid": region.uuid, "query": "amount=100000"}
    return {"uuid": region.uuid}


EXPECTED = {
    "regions:region-list": everyone(),
    "regions:region-detail": everyone(),
    "regions:municipality-detail": everyone(),
    "regions:allocation": only(GOVERNANCE),
    "regions:allocation-start": only(GOVERNANCE, ok=302),
    "region-list": everyone(anonymous=API_ANON),
    "region-detail": everyone(anonymous=API_ANON),
    "region-allocation": only(GOVERNANCE, anonymous=API_ANON, refused=403),
    "municipality-list": everyone(anonymous=API_ANON),
    "municipality-detail": everyone(anonymous=API_ANON),
}
