"""The council letter (issue 8 D): content, PDF text, finalising, the archive, permissions."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from samen.accounts.roles import Role
from samen.regions.models import AllocationKey
from samen.regions.tests.factories import AllocationKeyFactory
from samen.reporting import letters, milestones
from samen.reporting.kpis import network as network_kpis
from samen.reporting.models import CouncilLetter, Milestone

from .factories import CouncilLetterFactory, MilestoneFactory, ProgrammeFactory


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def letter_data(seed_region):
    key = AllocationKeyFactory(region=seed_region, kind=AllocationKey.Kind.POPULATION)
    ProgrammeFactory(
        region=seed_region,
        name="Aanjager",
        budgeting="total",
        amount=Decimal("170000"),
        starts_on=date(2019, 7, 1),
        ends_on=date(2021, 12, 31),
        allocation_key=key,
        decision_reference="DJ-694895",
    )
    MilestoneFactory(
        region=seed_region,
        title="Besluit over het vervolg na 2021",
        window_starts_on=date(2021, 9, 1),
        due_on=date(2021, 11, 30),
        by_council=True,
        college_on=date(2021, 10, 5),  # after the letter's date: still open in the letter
    )
    MilestoneFactory(
        region=seed_region, title="Al besloten", college_on=date(2021, 5, 1)
    )  # done before the letter: not listed
    if network_kpis.is_available():
        from samen.actionlines.tests.factories import ActionLineFactory, ProgressReportFactory

        line = ActionLineFactory(region=seed_region, title="Ondernemers maken ruimte")
        ProgressReportFactory(
            action_line=line,
            period_start=date(2021, 1, 1),
            period_end=date(2021, 6, 30),
            first_submitted_at=timezone.make_aware(datetime(2021, 7, 5, 10)),
            version__summary="Veertien garantiebanen bij drie werkgevers.",
        )
        ActionLineFactory(region=seed_region, title="Zonder rapportage")
    return CouncilLetterFactory(
        region=seed_region,
        letter_date=date(2021, 7, 15),
        introduction="Wij informeren u over het eerste halfjaar.",
        decisions_text="Dit najaar volgt een voorstel over het vervolg.",
    )


def test_the_pdf_holds_every_section_and_the_figures(letter_data):
    text = flat(pdf_text(letters.render_pdf(letters.compose(letter_data), draft=False)))
    for expected in (
        "Gemeente Weert",
        "Aan de gemeenteraden van Cranendonck, Nederweert en Weert",
        "Wij informeren u over het eerste halfjaar.",
        "1. Waar we naartoe werken: de stip op de horizon voor 2022",
        "Naar eigen kracht bijdraagt.",
        "2. Voortgang per actielijn",
        "3. Experimenten en budget",
        "Kosten Aanjager",
        "€ 8.011",
        "€ 40.057",
        "€ 170.000",
        "4. Kerncijfers",
        "5. Besluitvorming",
        "Besluit over het vervolg na 2021",
        "Dit najaar volgt een voorstel over het vervolg.",
        "Het college van burgemeester en wethouders van Weert",
    ):
        assert expected in text, expected
    assert "Al besloten" not in text
    assert "CONCEPT" not in text
    if network_kpis.is_available():
        assert "Ondernemers maken ruimte" in text
        assert "Veertien garantiebanen bij drie werkgevers." in text
        assert "Zonder rapportage" in text
        assert "geen halfjaarrapportage ingediend" in text


def test_a_draft_pdf_is_marked_concept(letter_data):
    assert "CONCEPT" in pdf_text(letters.draft_pdf(letter_data))


def test_finalising_archives_the_pdf_with_its_hash_once(letter_data, make_user, seed_region):
    controller = make_user(Role.CONTROLLER, seed_region)
    final = letters.finalise(letter_data, controller)
    assert final.is_final and final.finalised_by == controller
    archived = letters.archived_pdf(final)
    assert letters.sha256(archived) == final.pdf_sha256
    assert final.snapshot["subject"] == letter_data.subject
    again = letters.finalise(final, controller)
    assert again.pdf.name == final.pdf.name and again.pdf_sha256 == final.pdf_sha256
    # New data after finalising changes nothing in the archived letter.
    ProgrammeFactory(region=seed_region, name="Nieuw programma na de brief")
    assert letters.archived_pdf(CouncilLetter.objects.get(pk=final.pk)) == archived
    with pytest.raises(letters.LetterError):
        letters.draft_pdf(final)


def test_a_final_letter_cannot_be_saved_again(letter_data, make_user, seed_region):
    from django.core.exceptions import ValidationError

    final = letters.finalise(letter_data, make_user(Role.CONTROLLER, seed_region))
    final.introduction = "Achteraf herschreven."
    with pytest.raises(ValidationError):
        final.save()
    assert CouncilLetter.objects.get(pk=final.pk).introduction == letter_data.introduction


def test_a_changed_archive_file_is_refused(letter_data, make_user, seed_region):
    final = letters.finalise(letter_data, make_user(Role.CONTROLLER, seed_region))
    with final.pdf.open("wb") as handle:
        handle.write(b"%PDF-1.7 tampered")
    with pytest.raises(letters.LetterError):
        letters.archived_pdf(final)


def test_decisions_ahead_are_as_known_on_the_letters_date(seed_region):
    later = MilestoneFactory(
        region=seed_region,
        title="Later besloten",
        window_starts_on=date(2021, 9, 1),
        due_on=date(2021, 11, 30),
        college_on=date(2021, 10, 5),
    )
    overdue = MilestoneFactory(region=seed_region, title="Te laat", due_on=date(2021, 6, 30))
    MilestoneFactory(
        region=seed_region,
        title="Ver weg",
        window_starts_on=date(2022, 3, 1),
        due_on=date(2022, 3, 31),
    )
    rows = milestones.decisions_ahead(
        Milestone.objects.filter(region=seed_region), date(2021, 7, 15)
    )
    assert [(row.milestone.title, row.status) for row in rows] == [
        (overdue.title, milestones.OVERDUE),
        (later.title, milestones.PLANNED),
    ]


def test_controller_writes_previews_and_finalises_through_the_pages(seed_region, client_as):
    client = client_as(Role.CONTROLLER, seed_region)
    weert = seed_region.municipalities.get(cbs_code="GM0988")
    create = f"/rapportage/{seed_region.uuid}/brieven/nieuw/"
    first = client.post(create, {"municipality": weert.pk, "period": "2021-h1"})
    second = client.post(create, {"municipality": weert.pk, "period": "2021-H1"})  # double submit
    assert first["Location"] == second["Location"]
    letter = CouncilLetter.objects.get(region=seed_region)
    assert letter.period == "2021-H1" and letter.period_end == date(2021, 6, 30)
    edit = f"/rapportage/brief/{letter.uuid}/wijzigen/"
    form = {
        "subject": "Voortgang eerste halfjaar 2021",
        "letter_date": "2021-07-15",
        "introduction": "<b>Inleiding</b> van de controller.",
        "decisions_text": "",
        "closing": "",
        "expected_version": letter.version,
    }
    assert client.post(edit, form).status_code == 302
    stale = client.post(edit, {**form, "introduction": "oud"})
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    preview = client.get(f"/rapportage/brief/{letter.uuid}/voorbeeld/").content.decode()
    assert "&lt;b&gt;Inleiding&lt;/b&gt; van de controller." in preview
    assert "CONCEPT" in preview
    letter.refresh_from_db()
    client.post(
        f"/rapportage/brief/{letter.uuid}/definitief/", {"expected_version": letter.version}
    )
    letter.refresh_from_db()
    assert letter.is_final
    download = client.get(f"/rapportage/brief/{letter.uuid}/pdf/")
    assert download["X-Content-SHA256"] == letter.pdf_sha256
    assert letters.sha256(download.content) == letter.pdf_sha256
    refused = client.post(edit, {**form, "expected_version": letter.version})
    assert refused.status_code == 302
    letter.refresh_from_db()
    assert letter.introduction == "<b>Inleiding</b> van de controller."


def test_council_members_read_final_letters_only(seed_region, client_as, make_user):
    draft = CouncilLetterFactory(region=seed_region, period="2021-H2")
    final = CouncilLetterFactory(region=seed_region)
    letters.finalise(final, make_user(Role.CONTROLLER, seed_region))
    client = client_as(Role.COUNCIL_MEMBER, seed_region.municipalities.get(cbs_code="GM0946"))
    listing = client.get(f"/rapportage/{seed_region.uuid}/brieven/").content.decode()
    assert str(final.uuid) in listing and str(draft.uuid) not in listing
    assert client.get(f"/rapportage/brief/{draft.uuid}/").status_code == 404
    assert client.get(f"/rapportage/brief/{final.uuid}/").status_code == 200
    assert client.post(f"/rapportage/brief/{draft.uuid}/definitief/").status_code == 403


def test_the_command_writes_the_archived_letter_unchanged(letter_data, tmp_path, make_user):
    final = letters.finalise(letter_data, make_user(Role.CONTROLLER, letter_data.region))
    output = tmp_path / "brief.pdf"
    call_command(
        "council_letter",
        region=str(letter_data.region.pk),
        period="2021-H1",
        output=str(output),
        stdout=io.StringIO(),
    )
    assert output.read_bytes() == letters.archived_pdf(final)


def test_the_command_renders_a_concept_when_nothing_is_final(seed_region, tmp_path):
    output = tmp_path / "brief.pdf"
    call_command(
        "council_letter",
        region=seed_region.name,
        period="2021-H1",
        output=str(output),
        stdout=io.StringIO(),
    )
    text = pdf_text(output.read_bytes())
    assert "CONCEPT" in text and "Gemeente Weert" in text  # the largest municipality sends it
