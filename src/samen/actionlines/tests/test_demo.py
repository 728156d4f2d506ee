"""The demo loader: eight living lines, one past meeting, two initiatives, and a worklist with work."""

import io

from django.core.management import call_command

from samen.actionlines import services
from samen.actionlines.models import (
    ActionLine,
    Initiative,
    Meeting,
    ProgressReport,
    ReportVersion,
)
from samen.regions.models import Region


def counts():
    return (
        ActionLine.objects.count(),
        ProgressReport.objects.count(),
        ReportVersion.objects.count(),
        Meeting.objects.count(),
        Initiative.objects.count(),
    )


def test_demo_has_eight_lines_with_history(db):
    call_command("load_demo", stdout=io.StringIO())
    region = Region.objects.get(name="Samen aan de slag")
    lines = ActionLine.objects.filter(region=region)
    assert lines.count() == 8
    assert {lead.user.email for line in lines for lead in line.lead_links.all()} == {
        f"trekker{n}@samen.demo" for n in range(1, 9)
    }
    assert all(line.values.exists() and line.municipality_roles.exists() for line in lines)
    reports = ProgressReport.objects.filter(action_line__region=region, kind="half_yearly")
    assert reports.filter(period_start__year__in=[2020, 2021]).count() >= 16
    assert ReportVersion.objects.filter(number=2).count() == 2  # two corrected reports
    assert lines.get(title="Vrijwilligerswerk als opstap").status_changes.count() == 2

    meeting = Meeting.objects.get(region=region)
    assert meeting.agenda_items.filter(kind="line").count() == 8
    assert (
        meeting.attending_organisations.exists() and meeting.attendees.exists() and meeting.minutes
    )
    assert meeting.decisions.count() == 3 and meeting.follow_ups.count() == 3

    accepted, proposed = (
        Initiative.objects.get(status="accepted"),
        Initiative.objects.get(status="proposed"),
    )
    assert accepted.action_line.title == "Positieve Gezondheid in de praktijk"
    assert accepted.criterion_checks.filter(met=True).count() == 3
    assert proposed.value_fits.count() == 6

    worklist = services.completeness(region)
    gap = ["Positieve Gezondheid in de praktijk"]
    for code in ("no_partner", "missing_role", "no_recent_report"):
        assert [line.title for line in worklist.items(code)] == gap, code
    assert worklist.counts["no_lead"] == 0 and worklist.counts["overdue_follow_up"] == 1


def test_demo_is_idempotent(db):
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
