"""Opening exports and validating rows without the database: hostile files of every kind."""

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from samen.migration.mapping import MappingError, parse_mapping, read_mapping
from samen.migration.reading import ExportError, open_export, sniff_delimiter
from samen.migration.validation import StructureError, scan

from .hostile import (
    BSNS,
    PERSON_HEADER,
    ZERO_BSN,
    csv_text,
    person,
    write_folder,
    write_xlsx,
    write_zip,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def scanned(path, mapping=None):
    export = open_export(path)
    return scan(export, mapping) if mapping else scan(export)


def rows_of(result, sheet="personen"):
    return list(result.sheets[sheet].rows())


class TestEncodingsAndDelimiters:
    @pytest.mark.parametrize(
        ("encoding", "label"),
        [
            ("utf-8", "UTF-8"),
            ("utf-8-sig", "UTF-8 met BOM"),
            ("cp1252", "Windows-1252"),
            ("utf-16", "UTF-16"),
        ],
    )
    def test_each_encoding_reads_the_same_names(self, tmp_path, encoding, label):
        folder = write_folder(
            tmp_path / "export",
            {"personen": [person(BSNS[0], voornamen="Zoë René", achternaam="Çelik")]},
            encoding=encoding,
        )
        with scanned(folder) as result:
            sheet = result.sheets["personen"]
            (row,) = rows_of(result)
        assert label in sheet.details
        assert row.values["voornamen"] == "Zoë René"
        assert row.values["achternaam"] == "Çelik"
        assert not row.reasons

    def test_the_bom_does_not_end_up_in_the_first_header(self, tmp_path):
        folder = write_folder(tmp_path / "e", {"personen": [person(BSNS[0])]}, encoding="utf-8-sig")
        with scanned(folder) as result:
            assert rows_of(result)[0].bsn == BSNS[0]
            assert result.sheets["personen"].notices == []

    @pytest.mark.parametrize("delimiter", [";", ",", "\t"])
    def test_delimiters(self, tmp_path, delimiter):
        folder = write_folder(
            tmp_path / "e",
            {"personen": [person(BSNS[0], straat="Laan, hoek Kerkstraat")]},
            delimiter=delimiter,
        )
        with scanned(folder) as result:
            (row,) = rows_of(result)
        assert row.values["straat"] == "Laan, hoek Kerkstraat"

    def test_sniffing_ignores_delimiters_inside_quotes(self):
        assert sniff_delimiter('"a;b",c,d\r\n') == ","
        assert sniff_delimiter("bsn\r\n") == ","

    def test_a_windows_1252_file_with_a_utf8_look_alike_is_not_misread(self, tmp_path):
        # 'é' in Windows-1252 is the single byte 0xE9: not valid UTF-8, so the fallback is used.
        text = csv_text([person(BSNS[0], voornamen="André")])
        folder = tmp_path / "e"
        folder.mkdir()
        (folder / "personen.csv").write_bytes(text.encode("cp1252"))
        with scanned(folder) as result:
            assert rows_of(result)[0].values["voornamen"] == "André"

    def test_nul_bytes_without_a_bom_are_refused(self, tmp_path):
        folder = tmp_path / "e"
        folder.mkdir()
        (folder / "personen.csv").write_bytes("bsn;voornamen\r\n".encode("utf-16-le"))
        with pytest.raises(ExportError, match="NUL-tekens"):
            open_export(folder)


class TestRowsAndLines:
    def test_empty_lines_are_counted_not_read(self, tmp_path):
        text = csv_text([person(BSNS[0]), person(BSNS[1])])
        lines = text.split("\r\n")
        text = "\r\n".join([lines[0], "", lines[1], ";;;;", "   ", lines[2], "", ""])
        folder = write_folder(tmp_path / "e", {"personen": text})
        with scanned(folder) as result:
            sheet = result.sheets["personen"]
            rows = rows_of(result)
        assert sheet.rows_read == 2
        assert sheet.empty_lines == 4
        assert [row.line for row in rows] == [3, 6]

    def test_a_value_spanning_two_lines_keeps_the_line_numbers_right(self, tmp_path):
        text = csv_text([person(BSNS[0], straat="Dorpsstraat\nachterhuis"), person(BSNS[1])])
        folder = write_folder(tmp_path / "e", {"personen": text})
        with scanned(folder) as result:
            rows = rows_of(result)
        assert [row.line for row in rows] == [2, 4]
        assert rows[0].values["straat"] == "Dorpsstraat achterhuis"

    def test_extra_columns_are_reported_not_fatal(self, tmp_path):
        rows = [dict(person(BSNS[0]), opmerking="belt liever", **{"": ""})]
        folder = write_folder(tmp_path / "e", {"personen": rows})
        with scanned(folder) as result:
            sheet = result.sheets["personen"]
            (row,) = rows_of(result)
        assert "kolom 'opmerking' is onbekend en niet ingelezen" in sheet.notices
        assert any("heeft geen naam" in notice for notice in sheet.notices)
        assert not row.reasons

    def test_a_row_with_more_values_than_headers_is_rejected(self, tmp_path):
        text = csv_text([person(BSNS[0])]).rstrip("\r\n") + ";Laan;5\r\n"
        folder = write_folder(tmp_path / "e", {"personen": text})
        with scanned(folder) as result:
            (row,) = rows_of(result)
        assert any("gevulde velden meer dan de kopregel" in reason for reason in row.reasons)

    def test_a_missing_required_column_rejects_every_row_with_that_reason(self, tmp_path):
        header = [column for column in PERSON_HEADER if column != "geboortedatum"]
        folder = write_folder(
            tmp_path / "e", {"personen": csv_text([person(BSNS[0])], header=header)}
        )
        with scanned(folder) as result:
            (row,) = rows_of(result)
            assert result.sheets["personen"].problems == [
                "verplichte kolom geboortedatum ontbreekt in blad personen"
            ]
        assert "verplichte kolom geboortedatum ontbreekt in blad personen" in row.reasons

    def test_headers_are_matched_without_case_spaces_or_synonyms(self, tmp_path):
        header = [
            "Burgerservicenummer",
            " Voornamen ",
            "Tussenvoegsel",
            "ACHTERNAAM",
            "Geb. datum",
            "Straat",
            "Huisnr",
            "Toevoeging",
            "Postcode",
            "Plaats",
            "Telefoonnummer",
            "E-mail",
            "Klantmanager",
        ]
        values = list(person(BSNS[0], email="a@example.nl").values())
        folder = write_folder(tmp_path / "e", {"personen": csv_text([values], header=header)})
        with scanned(folder) as result:
            (row,) = rows_of(result)
            assert result.sheets["personen"].notices == []
        assert not row.reasons
        assert row.values["email"] == "a@example.nl"

    def test_a_header_named_twice_is_a_problem(self, tmp_path):
        header = PERSON_HEADER + ["BSN"]
        values = list(person(BSNS[0]).values()) + [BSNS[1]]
        folder = write_folder(tmp_path / "e", {"personen": csv_text([values], header=header)})
        with scanned(folder) as result:
            (row,) = rows_of(result)
        assert any("komt twee keer voor in de kopregel" in reason for reason in row.reasons)


class TestEveryReason:
    def test_a_row_gets_every_reason_not_just_the_first(self, tmp_path):
        bad = person(
            "123456780", geboortedatum="31-02-2020", postcode="ABCD", email="x@", achternaam=""
        )
        folder = write_folder(tmp_path / "e", {"personen": [bad]})
        with scanned(folder) as result:
            (row,) = rows_of(result)
        assert row.reasons == [
            "BSN 123456780 voldoet niet aan de 11-proef",
            "achternaam is leeg",
            "geboortedatum '31-02-2020' bestaat niet",
            "postcode 'ABCD' is geen Nederlandse postcode (1234 AB)",
            "email 'x@' is geen geldig e-mailadres",
        ]

    def test_wrong_types_in_child_sheets(self, tmp_path):
        folder = write_folder(
            tmp_path / "e",
            {
                "personen": [person(BSNS[0])],
                "uitkeringen": [
                    {
                        "bsn": BSNS[0],
                        "soort": "WW",
                        "startdatum": "gisteren",
                        "einddatum": "",
                        "reden_einde": "",
                    },
                    {
                        "bsn": BSNS[0],
                        "soort": "bijstand",
                        "startdatum": "01-02-2020",
                        "einddatum": "31-12-2019",
                        "reden_einde": "werk",
                    },
                    {
                        "bsn": BSNS[0],
                        "soort": "ioaw",
                        "startdatum": "01-02-2018",
                        "einddatum": "31-12-2018",
                        "reden_einde": "",
                    },
                ],
                "voorzieningen": [
                    {
                        "bsn": BSNS[0],
                        "soort": "dagbest.",
                        "uren_per_week": "veel",
                        "startdatum": "01-01-2020",
                    },
                    {
                        "bsn": BSNS[0],
                        "soort": "loonkostensubsidie",
                        "ondersteuning": "jobcoach",
                        "startdatum": "01-01-2020",
                    },
                ],
                "metingen": [
                    {
                        "bsn": BSNS[0],
                        "instrument": "participatieladder",
                        "datum": "01-01-2020",
                        "trede_of_score": "7",
                    },
                    {
                        "bsn": BSNS[0],
                        "instrument": "ZRM",
                        "datum": "01-01-2020",
                        "trede_of_score": "3",
                    },
                    {
                        "bsn": BSNS[0],
                        "instrument": "participatieladder",
                        "datum": "01-02-2020",
                        "trede_of_score": "drie",
                    },
                ],
                "doelgroepregister": [
                    {"bsn": BSNS[0], "status": "misschien", "datum": "01-01-2020"}
                ],
            },
        )
        with scanned(folder) as result:
            benefits = rows_of(result, "uitkeringen")
            arrangements = rows_of(result, "voorzieningen")
            measurements = rows_of(result, "metingen")
            register = rows_of(result, "doelgroepregister")
        assert benefits[0].reasons == [
            "onbekende uitkering 'WW'",
            "startdatum 'gisteren' is geen datum; gebruik dd-mm-jjjj, jjjj-mm-dd of een Excel-datum",
        ]
        assert benefits[1].reasons == ["einddatum ligt voor startdatum (31-12-2019 < 01-02-2020)"]
        assert benefits[2].reasons == ["einddatum is ingevuld maar reden_einde niet"]
        assert arrangements[0].reasons == [
            "onbekende voorziening 'dagbest.'",
            "uren_per_week 'veel' is geen getal",
        ]
        assert arrangements[1].reasons == [
            "soort 'loonkostensubsidie' en ondersteuning 'jobcoach' spreken elkaar tegen"
        ]
        assert measurements[0].reasons == [
            "trede 7 bestaat niet op de participatieladder (1 tot en met 6)"
        ]
        assert "Zelfredzaamheid-Matrix" in measurements[1].reasons[0]
        assert measurements[2].reasons == ["trede_of_score 'drie' is geen geheel getal"]
        assert register[0].reasons == ["onbekende doelgroepregisterstatus 'misschien'"]

    def test_birth_dates_in_the_future_or_too_long_ago(self, tmp_path):
        folder = write_folder(
            tmp_path / "e",
            {
                "personen": [
                    person(BSNS[0], geboortedatum="01-01-2090"),
                    person(BSNS[1], geboortedatum="01-01-1901"),
                ]
            },
        )
        with scanned(folder) as result:
            future, ancient = rows_of(result)
        assert future.reasons == ["geboortedatum 01-01-2090 ligt in de toekomst"]
        assert "meer dan 120 jaar" in ancient.reasons[0]


class TestDuplicates:
    def test_identical_rows_refuse_only_the_later_ones(self, tmp_path):
        rows = [person(BSNS[0]), person(BSNS[1]), person(BSNS[0])]
        folder = write_folder(tmp_path / "e", {"personen": rows})
        with scanned(folder) as result:
            first, other, again = rows_of(result)
        assert not first.reasons and not other.reasons
        assert again.reasons == ["dubbele rij: precies gelijk aan rij 2"]

    def test_the_same_person_spelled_differently_is_still_identical(self, tmp_path):
        rows = [
            person(BSNS[0]),
            person(ZERO_BSN[1:]),
            person(BSNS[0], geboortedatum="1985-03-12", postcode="7081ab"),
            person(ZERO_BSN),
        ]
        folder = write_folder(tmp_path / "e", {"personen": rows})
        with scanned(folder) as result:
            reasons = [row.reasons for row in rows_of(result)]
        assert reasons == [
            [],
            [],
            ["dubbele rij: precies gelijk aan rij 2"],
            ["dubbele rij: precies gelijk aan rij 3"],
        ]

    def test_conflicting_rows_are_all_refused(self, tmp_path):
        rows = [person(BSNS[0], huisnummer="1"), person(BSNS[0], huisnummer="11")]
        folder = write_folder(tmp_path / "e", {"personen": rows})
        with scanned(folder) as result:
            first, second = rows_of(result)
        expected = "BSN komt 2 keer voor in blad personen (rijen 2, 3) met verschillende gegevens; lever één juiste rij aan"
        assert first.reasons == second.reasons == [expected]

    def test_the_same_episode_twice_in_a_child_sheet(self, tmp_path):
        episode = {
            "bsn": BSNS[0],
            "soort": "bijstand",
            "startdatum": "01-01-2019",
            "einddatum": "",
            "reden_einde": "",
        }
        other = dict(episode, startdatum="01-01-2020")
        folder = write_folder(
            tmp_path / "e",
            {"personen": [person(BSNS[0])], "uitkeringen": [episode, other, episode]},
        )
        with scanned(folder) as result:
            reasons = [row.reasons for row in rows_of(result, "uitkeringen")]
        assert reasons == [[], [], ["dubbele rij: precies gelijk aan rij 2"]]


class TestContainers:
    def test_missing_personen_is_fatal(self, tmp_path):
        folder = write_folder(
            tmp_path / "e",
            {"uitkeringen": [{"bsn": BSNS[0], "soort": "bijstand", "startdatum": "01-01-2020"}]},
        )
        with pytest.raises(StructureError, match="het blad personen ontbreekt"):
            scanned(folder)

    def test_missing_optional_sheets_and_unknown_files_are_noticed(self, tmp_path):
        folder = write_folder(
            tmp_path / "e",
            {"personen": [person(BSNS[0])], "notities": [{"tekst": "a"}, {"tekst": "b"}]},
        )
        (folder / "leesmij.pdf").write_bytes(b"%PDF")
        with scanned(folder) as result:
            notices = result.notices
        assert (
            "leesmij.pdf is niet ingelezen: alleen CSV-bestanden worden uit een map gelezen"
            in notices
        )
        assert (
            "notities.csv is niet ingelezen: geen blad dat Samen kent (2 gevulde rijen)" in notices
        )
        assert "blad uitkeringen is niet aangeleverd (mag ontbreken)" in notices

    def test_a_sheet_delivered_twice_is_fatal(self, tmp_path):
        folder = write_folder(
            tmp_path / "e", {"personen": [person(BSNS[0])], "Personen ": [person(BSNS[1])]}
        )
        with pytest.raises(StructureError, match="twee keer aangeleverd"):
            scanned(folder)

    def test_a_zip_of_csv_files(self, tmp_path):
        path = write_zip(
            tmp_path / "export.zip",
            {
                "personen": [person(BSNS[0])],
                "metingen": [
                    {
                        "bsn": BSNS[0],
                        "instrument": "pl",
                        "datum": "01-01-2020",
                        "trede_of_score": "2",
                    }
                ],
            },
            encoding="cp1252",
        )
        with scanned(path) as result:
            assert [row.bsn for row in rows_of(result, "metingen")] == [BSNS[0]]
            assert result.sheets["personen"].label == "export.zip: personen.csv"

    def test_a_zip_bomb_is_not_unpacked(self, tmp_path):
        path = tmp_path / "bomb.zip"
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("personen.csv", b"0" * (5 * 1024 * 1024))
        with pytest.raises(ExportError, match="onwaarschijnlijk grote omvang"):
            open_export(path)

    def test_old_excel_and_broken_files(self, tmp_path):
        xls = tmp_path / "export.xls"
        xls.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
        with pytest.raises(ExportError, match="oud Excel-bestand"):
            open_export(xls)
        broken = tmp_path / "export.xlsx"
        broken.write_bytes(b"PK\x03\x04 this is not a zip")
        with pytest.raises(ExportError, match="beschadigd ZIP-bestand"):
            open_export(broken)
        with pytest.raises(ExportError, match="bestaat niet"):
            open_export(tmp_path / "nowhere")

    def test_xlsx_with_typed_cells(self, tmp_path):
        header = PERSON_HEADER
        row = [
            19719255,
            "Sem",
            None,
            "de Vries",
            datetime(1992, 11, 3),
            "Stationsstraat",
            1,
            None,
            "7051EF",
            "Varsseveld",
            612345678,
            None,
            None,
        ]
        path = write_xlsx(
            tmp_path / "export.xlsx",
            {
                "Personen": [header, [], row],
                "Uitkeringen": [["bsn", "soort", "startdatum"], [19719255, "Bijstand", 43862]],
                "Notities": [["x"], ["y"]],
            },
        )
        with scanned(path) as result:
            (person_row,) = rows_of(result)
            (benefit,) = rows_of(result, "uitkeringen")
            assert result.sheets["personen"].empty_lines == 1
            assert any("Notities" in notice for notice in result.notices)
        assert not person_row.reasons
        assert person_row.bsn == ZERO_BSN
        assert person_row.values["geboortedatum"] == date(1992, 11, 3)
        assert person_row.values["telefoon"] == "0612345678"
        assert benefit.values["startdatum"] == date(2020, 2, 1)
        assert person_row.raw["geboortedatum"] == "03-11-1992"

    def test_the_example_export_reads_the_same_as_csv_and_as_xlsx(self):
        with (
            scanned(EXAMPLES / "laborijn-export") as from_csv,
            scanned(EXAMPLES / "laborijn-export.xlsx") as from_xlsx,
        ):
            for name in from_csv.sheets:
                csv_rows = [
                    (r.line, r.bsn, r.values, r.reasons) for r in from_csv.sheets[name].rows()
                ]
                xlsx_rows = [
                    (r.line, r.bsn, r.values, r.reasons) for r in from_xlsx.sheets[name].rows()
                ]
                assert csv_rows == xlsx_rows, name
            assert from_csv.sheets["personen"].details.startswith("Windows-1252")


class TestMapping:
    def test_the_example_mapping_reads_an_export_with_other_names(self):
        mapping = read_mapping(EXAMPLES / "mapping-voorbeeld.csv")
        with scanned(EXAMPLES / "andere-koppen", mapping) as result:
            (resident,) = rows_of(result)
            arrangements = rows_of(result, "voorzieningen")
            assert (
                "kolom 'Notitie' is volgens het mappingbestand genegeerd"
                in result.sheets["personen"].notices
            )
        assert not resident.reasons and resident.values["achternaam"] == "Kok"
        assert [row.values["soort"] for row in arrangements] == [
            ("daycare", ""),
            ("volunteering", ""),
        ]

    def test_every_mistake_in_a_mapping_file_is_listed(self):
        lines = [
            (1, ("soort", "blad", "van", "naar")),
            (2, ("blad", "", "klanten", "mensen")),
            (3, ("kolom", "personen", "Naam", "familienaam")),
            (4, ("code", "voorzieningen.soort", "DB", "dagopvang")),
            (5, ("code", "personen.bsn", "x", "y")),
            (6, ("vertaling", "", "a", "b")),
            (7, ("kolom", "", "", "bsn")),
        ]
        with pytest.raises(MappingError) as caught:
            parse_mapping(lines)
        assert caught.value.messages == [
            "regel 2: blad 'mensen' bestaat niet in Samen",
            "regel 3: kolom 'familienaam' bestaat niet in blad personen",
            "regel 4: code 'dagopvang' bestaat niet voor voorzieningen.soort",
            "regel 5: 'personen.bsn' is geen kolom met codes (bijvoorbeeld voorzieningen.soort)",
            "regel 6: soort 'vertaling' bestaat niet (blad, kolom of code)",
            "regel 7: 'van' is leeg",
        ]

    def test_a_mapping_file_needs_its_header(self):
        with pytest.raises(MappingError, match="kopregel"):
            parse_mapping([(1, ("van", "naar"))])
        with pytest.raises(MappingError, match="leeg"):
            parse_mapping([])

    def test_a_mapped_code_is_shown_as_delivered_when_unknown(self, tmp_path):
        mapping = parse_mapping(
            [
                (1, ("soort", "blad", "van", "naar")),
                (2, ("code", "voorzieningen.soort", "DB", "dagbesteding")),
            ]
        )
        folder = write_folder(
            tmp_path / "e",
            {
                "personen": [person(BSNS[0])],
                "voorzieningen": [
                    {"bsn": BSNS[0], "soort": "db", "startdatum": "01-01-2020"},
                    {"bsn": BSNS[0], "soort": "BW", "startdatum": "01-01-2020"},
                ],
            },
        )
        with scanned(folder, mapping) as result:
            mapped, unknown = rows_of(result, "voorzieningen")
        assert mapped.values["soort"] == ("daycare", "")
        assert unknown.reasons == ["onbekende voorziening 'BW'"]
