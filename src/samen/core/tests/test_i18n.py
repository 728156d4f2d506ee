"""Samen speaks Dutch by default and English on request, and the English catalogue stays complete.

The msgids in code and templates are Dutch. ``locale/en/LC_MESSAGES/django.po`` holds the English;
after adding or changing a translatable string, run (in ``src/samen``)::

    ../../.venv/bin/python ../manage.py makemessages -l en --ignore "*/tests/*"
    ../../.venv/bin/python ../manage.py compilemessages

and translate every new entry (no empty or fuzzy msgstr), or ``test_english_catalogue_is_complete``
fails.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

from samen.accounts.roles import Role

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
MO_HINT = (
    "Is the English catalogue compiled? Run `../manage.py compilemessages` in src/samen "
    "(`make setup` does this)."
)


def html_lang(response):
    match = re.search(r'<html lang="([^"]*)"', response.content.decode())
    assert match, "no <html lang> attribute"
    return match.group(1)


@pytest.mark.django_db
def test_login_page_is_dutch_by_default(client):
    response = client.get("/account/login/")

    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="nl"' in content
    assert html_lang(response) == "nl"
    assert "Inloggen" in content


def test_language_button_switches_to_english(client_as, seed_region):
    client = client_as(Role.CONTROLLER, seed_region)

    dutch = client.get("/regio/")
    assert html_lang(dutch) == "nl"
    assert "Regio&#x27;s" in dutch.content.decode()

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/regio/"})
    assert response.status_code == 302
    assert response["Location"] == "/regio/"

    response = client.get("/regio/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="en"' in content
    assert html_lang(response) == "en", MO_HINT
    assert '<h1 class="utrecht-heading-1">Regions</h1>' in content, MO_HINT
    assert "Samen aan de slag" in content
    assert "Regio&#x27;s" not in content
    assert "Uitloggen" not in content

    # And back to Dutch with the same button.
    client.post("/i18n/setlang/", {"language": "nl", "next": "/regio/"})
    assert html_lang(client.get("/regio/")) == "nl"


# -- the catalogue ---------------------------------------------------------------------------------


def _unquote(text):
    """The content of one PO string literal ("...")."""
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a PO string: {text!r}"
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text[1:-1])


def read_po(path):
    """The entries of a PO file as dicts: flags, msgctxt, msgid, msgid_plural, msgstr ({index: text}).

    Obsolete entries (``#~``) are skipped; they do not reach the compiled catalogue.
    """
    entries, entry, field = [], None, None

    def finish():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            if "msgid" in entry:  # a new entry without a blank line in between
                finish()
                entry = {"flags": set(), "msgstr": {}}
            field = ("msgctxt", None)
            entry["msgctxt"] = _unquote(line[len("msgctxt ") :])
        elif line.startswith("msgid_plural "):
            field = ("msgid_plural", None)
            entry["msgid_plural"] = _unquote(line[len("msgid_plural ") :])
        elif line.startswith("msgid "):
            if "msgid" in entry:  # a new entry without a blank line in between
                finish()
                entry = {"flags": set(), "msgstr": {}}
            field = ("msgid", None)
            entry["msgid"] = _unquote(line[len("msgid ") :])
        elif line.startswith("msgstr"):
            match = re.match(r"msgstr(?:\[(\d+)\])?\s+(.*)", line)
            index = int(match.group(1) or 0)
            field = ("msgstr", index)
            entry["msgstr"][index] = _unquote(match.group(2))
        elif line.startswith('"'):
            name, index = field
            if name == "msgstr":
                entry["msgstr"][index] += _unquote(line)
            else:
                entry[name] += _unquote(line)
        else:
            raise AssertionError(f"unreadable line in {path.name}: {raw!r}")
    finish()
    return entries


PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdif%]")


def test_english_catalogue_is_complete():
    entries = read_po(PO_FILE)
    header = next(e for e in entries if e["msgid"] == "")
    messages = [e for e in entries if e["msgid"] != ""]
    assert messages, f"{PO_FILE} has no messages"
    assert "fuzzy" not in header["flags"], "the header is fuzzy: msgfmt would ignore it"
    assert "Language: en" in header["msgstr"][0]

    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries in {PO_FILE.name}: {fuzzy}"

    untranslated = []
    for e in messages:
        forms = 2 if "msgid_plural" in e else 1
        if any(not e["msgstr"].get(i) for i in range(forms)):
            untranslated.append(e["msgid"])
    assert not untranslated, f"untranslated entries in {PO_FILE.name}: {untranslated}"


def test_english_keeps_the_placeholders():
    for e in read_po(PO_FILE):
        if "python-format" not in e["flags"]:
            continue
        for index, translation in e["msgstr"].items():
            source = e["msgid_plural"] if index and "msgid_plural" in e else e["msgid"]
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(
                PLACEHOLDER.findall(source)
            ), f"placeholders differ: {e['msgid']!r} -> {translation!r}"


def test_the_reader_sees_fuzzy_empty_and_plural_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "Welkom, %(name)s"\nmsgstr "Welcome, %(name)s"\n\n'
        'msgid ""\n"Een lange "\n"tekst"\nmsgstr ""\n\n'
        'msgid "één gemeente"\nmsgid_plural "%(n)s gemeenten"\nmsgstr[0] "one municipality"\n'
        'msgstr[1] ""\n\n'
        '#~ msgid "oud"\n#~ msgstr ""\n\n'
        'msgctxt "subsidie"\nmsgid "Regeling"\nmsgstr "Scheme"\n\n'
        'msgctxt "participatie"\nmsgid "Regeling"\nmsgstr ""\n',
        encoding="utf-8",
    )
    header, fuzzy, long, plural, scheme, arrangement = read_po(po)
    assert header["msgstr"][0] == "Language: en\n"
    assert fuzzy["flags"] == {"fuzzy", "python-format"}
    assert long["msgid"] == "Een lange tekst" and long["msgstr"][0] == ""
    assert plural["msgid_plural"] == "%(n)s gemeenten"
    assert plural["msgstr"] == {0: "one municipality", 1: ""}
    assert "msgctxt" not in plural
    assert (scheme["msgctxt"], scheme["msgid"], scheme["msgstr"]) == (
        "subsidie",
        "Regeling",
        {0: "Scheme"},
    )
    assert (arrangement["msgctxt"], arrangement["msgstr"]) == ("participatie", {0: ""})
