import datetime
import itertools
import random
import time

import pytest
from django.utils import translation
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from plein.core.errors import PleinError
from plein.core.privacy import (
    Finding,
    FindingKind,
    PrivacyBlocked,
    PrivacyWarning,
    describe,
    guard,
    highlight,
    scan,
)
from plein.core.tests.bsn_disguises import CONTEXTS, NAMED, disguised_bsns

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def english():
    # The assertions read the msgids; Plein itself speaks Dutch by default.
    with translation.override("en"):
        yield


def kinds(text: str) -> list[str]:
    return [f.kind.value for f in scan(text, today=TODAY)]


def excerpts(text: str, kind: str) -> list[str]:
    return [f.excerpt for f in scan(text, today=TODAY) if f.kind == kind]


# --- BSN -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "111222333",
        "123456782",
        "123 456 782",
        "123.456.782",
        "123-456-782",
        "1234.56.782",
        "1234-56-782",
        "1234 56 782",
        "012345672",  # eight digits with a leading zero...
        "12345672",  # ...and the same without it
        "12 345 672",
        "123.45.672",
    ],
)
def test_a_number_passing_the_11_test_is_a_bsn(number):
    text = f"De moeder van de cliënt gaf haar BSN: {number}. Wat nu?"
    assert excerpts(text, "bsn") == [number]
    assert kinds(text) == ["bsn"]


def test_a_bsn_blocks_and_nothing_else_does():
    assert Finding(FindingKind.BSN, 0, 9, "123456782").blocks
    for kind in FindingKind:
        if kind != FindingKind.BSN:
            assert not Finding(kind, 0, 1, "x").blocks


@pytest.mark.parametrize(
    "text",
    [
        "nummer 123456789",  # fails the 11-test
        "nummer 123456783",
        "nummer 000000000",
        "ordernummer 11122233344",  # longer digit run
        "ordernummer 9111222333",
        "code 1111222333",
        "ref 0123456782",
        "tel 06-12345672",  # the tail of a phone number
        "tel +31 612345672",
        "btw-nummer NL123456782B01",  # glued to letters
        "rekening NL91ABNA0417164300",
        "kosten € 123.456.782",  # amounts
        "kosten 123.456.782 euro",
        "kosten 123.456.782,00",
        "KvK 12345672",  # organisation identifiers
        "AGB-code 12345672",
        "RSIN 111222333",
        "Ons kenmerk: 111222333",
        "factuurnummer 111222333",
        "datum 12-03-1980",  # day-month-year is not a BSN grouping
        "datum 1980-03-12",
        "versie 1.123456782",
        "12.345.672,50",
    ],
)
def test_numbers_that_are_not_a_bsn_do_not_block(text):
    assert "bsn" not in kinds(text)


def test_bsn_wins_over_a_phone_on_the_same_digits():
    # 0 + a valid eight-digit BSN, which phonenumbers might also read as a number
    found = scan("bsn 012345672", today=TODAY)
    assert [f.kind for f in found] == [FindingKind.BSN]


def test_the_word_bsn_overrides_an_organisation_identifier_nearby():
    assert kinds("KvK-nummer van de ouder? Nee, BSN 111222333") == ["bsn"]


@settings(max_examples=60, deadline=None)
@given(
    prefix=st.lists(st.integers(0, 9), min_size=8, max_size=8),
    layout=st.sampled_from(["{}", "{:.3}-{:.3}", "{:.3} {:.3} {:.3}"]),
    data=st.data(),
)
def test_any_number_with_a_correct_check_digit_is_found_and_a_wrong_one_never(prefix, layout, data):
    weighted = sum(d * w for d, w in zip(prefix, range(9, 1, -1), strict=True))
    check = weighted % 11
    assume(check < 10 and any(prefix))
    wrong = data.draw(st.integers(0, 9).filter(lambda d: d != check))
    for digit, reported in ((check, True), (wrong, False)):
        digits = "".join(map(str, prefix)) + str(digit)
        for written in (
            digits,
            f"{digits[:3]} {digits[3:6]} {digits[6:]}",
            f"{digits[:3]}.{digits[3:6]}.{digits[6:]}",
            f"{digits[:4]}.{digits[4:6]}.{digits[6:]}",
            f"{digits[:4]}-{digits[4:6]}-{digits[6:]}",
        ):
            found = excerpts(f"Cliënt met nummer {written} belde gisteren.", "bsn")
            assert found == ([written] if reported else []), written


# --- BSN in disguise (issue 14) -------------------------------------------------------


@pytest.mark.parametrize(("disguise", "written"), sorted(NAMED.items()))
def test_a_bsn_in_each_disguise_of_the_issue_blocks_and_is_marked(disguise, written):
    text = f"De cliënt gaf haar nummer: {written}, wat nu?"
    with pytest.raises(PrivacyBlocked):
        guard("Vraag", text, confirmed=True)
    found = [f for f in scan(text, today=TODAY) if f.kind == "bsn"]
    assert [f.excerpt for f in found] == [written]  # marked where the member typed it
    assert '<mark class="plein-privacy-mark">' in highlight(text, found)


@pytest.mark.parametrize(
    "text",
    [
        "&#49;23456782",  # the page shows 123456782
        "1234**5**6782",
        "1234 _5_ 6782",
        "[1234](https://example.org)56782",
        "- 1234\n- 56782",  # two list items, one above the other
        "1234\n\n\n\n\n56782",  # two paragraphs
        "> 1234\n> 5678\u200b2",
        "BSN 12 34 56 782. 2 kinderen.",  # a sentence ends after it
        "bsn-123456782",
        "1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣2️⃣",  # keycaps
    ],
)
def test_a_bsn_the_page_shows_blocks(text):
    assert kinds(text) == ["bsn"]


@pytest.mark.parametrize(
    "text",
    [
        "Open van 09.00-17.00 uur.",  # 009001700 passes the 11-test
        "Open van 09.00 - 17.00 uur.",
        "In de periode 2015 - 2018 en 2019/2023.",
        "Zaak Z/24/123456 en U24.123456.",  # references
        "| jaar | meldingen | procent |\n|---|---|---|\n| 2023 | 1.234 | 12 |",
        "Pagina 12.345.672,50 van het boek.",
        "nummer 1234**5**6783",  # fails the 11-test, however it is written
        "nummer &#49;23456783",
        "KvK 1234\u00a05672",
        "€\u00a0123\u00a0456\u00a0782",
        "datum 12\u00a003\u00a01980",
    ],
)
def test_look_alikes_do_not_block_however_they_are_written(text):
    assert "bsn" not in kinds(text)


@settings(max_examples=400, deadline=None)
@given(disguised=disguised_bsns(), context=st.sampled_from(CONTEXTS))
def test_every_disguised_bsn_is_found_where_it_was_typed(disguised, context):
    text = context.format(disguised.written)
    start = context.index("{}")
    end = start + len(disguised.written)
    found = [f for f in scan(text, today=TODAY) if f.kind == "bsn"]
    assert found, repr(text)
    assert all(start <= f.start < f.end <= end for f in found), (repr(text), found)
    with pytest.raises(PrivacyBlocked):
        guard(text, confirmed=True)


# --- phone -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "06-12345678",
        "0612345678",
        "06 12 34 56 78",
        "06-123 456 78",
        "+31 6 1234 5678",
        "+31 (0)6 12345678",
        "+31612345678",
        "0031 6 12345678",
        "053-1234567",
        "053 123 45 67",
        "(053) 1234567",
        "020 - 123 45 67",
        "085-1234567",
        "+32 470 12 34 56",
    ],
)
def test_phone_numbers_are_found(number):
    assert excerpts(f"Je kunt moeder bellen op {number}, na vijf uur.", "phone") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Bel gratis 0800-1234.",
        "Het servicenummer 0900-1234567 kost 10 cent per minuut.",
        "Bel de gemeente op 14 053.",
        "Ons kantoor: 088-1234567.",
        "Open van 09.00-17.00 uur, op vrijdag van 8.30-12.30 uur.",
        "De sessie loopt van 13.00 - 16.30.",
        "In 2023 waren er 1.234 meldingen, 12,5% meer dan in 2022.",
    ],
)
def test_organisation_numbers_and_opening_hours_are_not_phone_numbers(text):
    assert kinds(text) == []


# --- e-mail ----------------------------------------------------------------------------


def test_an_email_address_is_found_but_not_a_role_mailbox():
    text = "Mail jan.de-vries+school@voorbeeld.nl of info@enschede.nl (of secretariaat@wmo.nl)."
    assert excerpts(text, "email") == ["jan.de-vries+school@voorbeeld.nl"]
    assert kinds("Stuur het naar a.jansen@gemeente-hengelo.nl.") == ["email"]
    assert kinds("Gebruik @Piet of de hashtag #jeugdzorg, of mail@ niemand") == []


# --- IBAN ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "iban",
    [
        "NL91 ABNA 0417 1643 00",
        "NL91ABNA0417164300",
        "nl91abna0417164300",
        "BE71 0961 2345 6769",  # followed by a four-letter word: "want"
        "DE89 3704 0044 0532 0130 00",
    ],
)
def test_an_iban_with_a_valid_checksum_is_found(iban):
    assert excerpts(f"Maak het over naar {iban} want dat is zijn rekening.", "iban") == [iban]


@pytest.mark.parametrize("iban", ["NL91 ABNA 0417 1643 01", "NL92ABNA0417164300"])
def test_an_iban_with_a_wrong_checksum_is_not_found_nor_read_as_something_else(iban):
    assert kinds(f"Rekening {iban} klopt niet.") == []


def _nl_iban(bank: str, account: str) -> str:
    rearranged = bank + account + "NL00"
    check = 98 - int("".join(str(int(ch, 36)) for ch in rearranged)) % 97
    return f"NL{check:02d}{bank}{account}"


@settings(max_examples=60, deadline=None)
@given(
    bank=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=4),
    account=st.text("0123456789", min_size=10, max_size=10),
    position=st.integers(2, 17).filter(lambda p: p not in range(4, 8)),
    shift=st.integers(1, 9),
)
def test_generated_ibans_are_found_and_a_changed_digit_is_not(bank, account, position, shift):
    iban = _nl_iban(bank, account)
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    assert excerpts(f"Rekening {iban} van moeder.", "iban") == [iban]
    assert excerpts(f"Rekening {grouped} van moeder.", "iban") == [grouped]
    altered = iban[:position] + str((int(iban[position]) + shift) % 10) + iban[position + 1 :]
    assert excerpts(f"Rekening {altered} van moeder.", "iban") == []


# --- dates of birth --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Het kind is geboren op 3 maart 2012.",
        "geb. 03-03-2012",
        "Geboortedatum: 03/03/2012",
        "geboren 3.3.2012",
        "DOB 2012-03-03",
        "born March 3, 2012",
        "born 3rd March 2012",
        "Leeftijd 14 (03-03-2012)",
        "Geboren 01-01-2025, dus nog een baby.",  # a birth word: recent dates count too
        "Jan (03-04-2011) woont bij zijn oma.",  # a lone older date
        "Moeder, 12-07-1984, is alleenstaand.",
    ],
)
def test_dates_of_birth_are_found(text):
    assert kinds(text) == ["birth_date"]


@pytest.mark.parametrize(
    "text",
    [
        "Op 12-03-2026 vergaderen we over de Jeugdwet.",  # recent, no birth word
        "De bijeenkomst van 5 november 2025 ging over de WMO.",
        "Deadline 01-02-2027.",  # in the future
        "Per 1 januari 2015 zijn gemeenten verantwoordelijk voor de jeugdzorg.",
        "Sinds 01-01-2015 geldt de Wmo 2015.",
        "Het besluit van 12 maart 2019 staat online.",
        "Op maandag 4 februari 2019 begon het project.",
        "De pilot liep van 01-01-2016 tot 31-12-2018.",
        "Tussen 1 januari 2017 en 1 juli 2018 daalde de wachttijd.",
        "geboren 31-02-2010",  # not a calendar date
        "geboren 01-01-1899",  # before 1900
        "Geboortezorg en verjaardagen zijn mooie thema's in 2012.",  # a year is no date
    ],
)
def test_calendar_dates_are_not_dates_of_birth(text):
    assert kinds(text) == []


# --- postcode and house number ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "excerpt"),
    [
        ("Ze woont op 7511 AB 12.", "7511 AB 12"),
        ("Adres: 7511AB 12a", "7511AB 12a"),
        ("postcode 7511 ab, 12", "7511 ab, 12"),
        ("7511 AB nr. 12-3", "7511 AB nr. 12-3"),
        ("Hij woont aan de Dorpsstraat 12, 7511 AB Enschede.", "12, 7511 AB"),
        ("Dorpsstraat 12a 7511AB", "12a 7511AB"),
    ],
)
def test_a_postcode_with_a_house_number_is_found(text, excerpt):
    assert excerpts(text, "postcode_house_number") == [excerpt]


@pytest.mark.parametrize(
    "text",
    [
        "De wijk rond 7511 AB is gemengd.",  # postcode alone
        "7511 AB Enschede",
        "In 2019 en 12 gevallen daarna.",  # lower-case common words
        "Sinds 2015 de 3 decentralisaties.",
        "Neem 1500 mg 2 keer per dag.",
        "Bezoekadres: Langestraat 24, 7511 HB Enschede.",  # an office
        "Postbus 123, 7500 AA Enschede",
        "Het gemeentehuis, Hengelosestraat 51, 7514 AE Enschede.",
    ],
)
def test_postcodes_alone_and_office_addresses_are_not_found(text):
    assert kinds(text) == []


# --- ordinary text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hoe gaan jullie om met wachtlijsten in de jeugdzorg? Wij zien 12% meer aanmeldingen.",
        "Volgens artikel 2.3.5 Jeugdwet moet de gemeente binnen 8 weken beslissen.",
        "We komen op 12-03-2026 om 14:00 bijeen in zaal 2.14 van het stadhuis.",
        "Het budget voor 2026 is € 1.250.000, waarvan 35% voor preventie.",
        "In de periode 2019-2023 is het aantal WMO-cliënten met 4.321 gestegen.",
        "Zie ook het rapport 'Jeugdzorg 2024', hoofdstuk 3, pagina 27-31.",
        "Stuur vragen naar info@plein.example of bel ons algemene nummer 14 053.",
        "KvK 12345672, btw NL123456782B01 (factuur 2024-00123).",
        "Ik werk sinds 2018 als wijkverpleegkundige in Enschede-Zuid en zoek sparringpartners.",
        "Wie heeft ervaring met de Wlz-indicatie via het CIZ? Het duurde bij ons 6 tot 8 weken.",
        "Agenda: 10.00-10.15 welkom, 10.15-11.30 casusbespreking, 11.30 lunch.",
        "Versie 1.2.3 van het protocol (d.d. 01-06-2025) vervangt versie 1.2.2.",
        "Wij hebben 125 jongeren begeleid; 98 van hen wonen nu zelfstandig.",
    ],
)
def test_ordinary_professional_text_has_no_findings(text):
    assert scan(text, today=TODAY) == []


def test_findings_do_not_overlap_and_come_in_text_order():
    text = (
        "Moeder (geboren 12-07-1984, BSN 111222333) is bereikbaar op 06-12345678 of "
        "m.jansen@voorbeeld.nl en woont op 7511 AB 12; rekening NL91 ABNA 0417 1643 00."
    )
    found = scan(text, today=TODAY)
    assert [f.kind.value for f in found] == [
        "birth_date",
        "bsn",
        "phone",
        "email",
        "postcode_house_number",
        "iban",
    ]
    assert all(text[f.start : f.end] == f.excerpt for f in found)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_scan_of_empty_and_unicode_text():
    assert scan("", today=TODAY) == []
    assert scan("Ééntje 🙂 ﷽ — ², ³ en ½", today=TODAY) == []
    # Readers read mathematical bold digits as digits, so the guard does too (NFKC).
    bold_digits = "".join(chr(0x1D7CE + int(d)) for d in "123456782")
    assert excerpts(f"Ééntje 🙂 ﷽ — {bold_digits}", "bsn") == [bold_digits]


# --- telling the member ----------------------------------------------------------------


def test_highlight_escapes_everything_and_marks_findings():
    text = '<script>alert("x")</script> bel 06-12345678 & <b>klaar</b>'
    html = highlight(text, scan(text, today=TODAY))
    assert html == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; bel "
        '<mark class="plein-privacy-mark">06-12345678</mark> &amp; &lt;b&gt;klaar&lt;/b&gt;'
    )


def test_highlight_escapes_inside_a_mark():
    text = "mail <a>@x.nl of a&b@voorbeeld.nl"
    finding = Finding(FindingKind.EMAIL, 5, 13, text[5:13])
    assert highlight(text, [finding]) == (
        'mail <mark class="plein-privacy-mark">&lt;a&gt;@x.nl</mark> of a&amp;b@voorbeeld.nl'
    )


def test_every_kind_is_described():
    bsn = describe(Finding(FindingKind.BSN, 0, 9, "111222333"))
    assert "BSN" in bsn and "never" in bsn
    for kind in FindingKind:
        if kind != FindingKind.BSN:
            assert "confirm" in describe(Finding(kind, 0, 1, "x"))


# --- guard -----------------------------------------------------------------------------


def test_guard_blocks_a_bsn_even_when_confirmed():
    with pytest.raises(PrivacyBlocked) as blocked:
        guard("Een vraag", "Cliënt 111222333 en 06-12345678", confirmed=True)
    error = blocked.value
    assert isinstance(error, PleinError) and error.status_code == 400
    assert "BSN" in error.message
    assert error.findings_per_text[0] == ()
    assert [f.kind.value for f in error.findings] == ["bsn", "phone"]


def test_guard_warns_about_other_findings_until_confirmed():
    with pytest.raises(PrivacyWarning) as warned:
        guard("Bel 06-12345678", "mail a.b@voorbeeld.nl", confirmed=False)
    error = warned.value
    assert error.status_code == 400
    assert "phone number, e-mail address" in error.message
    assert [[f.kind.value for f in fs] for fs in error.findings_per_text] == [["phone"], ["email"]]
    guard("Bel 06-12345678", "mail a.b@voorbeeld.nl", confirmed=True)


def test_guard_lets_ordinary_text_through():
    guard("Wachtlijsten", "Hoe pakken jullie dat aan?", confirmed=False)
    guard(confirmed=False)


def test_a_long_body_scans_quickly():
    body = ("Op 12-03-2026 om 14:00 bespreken we 12 casussen; budget € 1.250.000. " * 150)[:10_000]
    started = time.perf_counter()
    assert scan(body + " Bel 06-12345678.", today=TODAY)[-1].kind == FindingKind.PHONE
    assert time.perf_counter() - started < 1


def test_false_positives_on_the_ordinary_corpus_stay_at_most_3_percent():
    # The corpus of bench/privacy_guard.py (its defaults: 3000 texts, seed 7), on a fixed day.
    # Run with -s to see the figures.
    from bench.privacy_guard import ordinary_texts

    rng = random.Random(7)  # noqa: S311 (reproducible text, not secrets)
    texts = [text for _source, text in ordinary_texts(3000, rng, TODAY)]
    found = [scan(text, today=TODAY) for text in texts]
    any_kind = sum(1 for findings in found if findings) / len(texts)
    bsn = sum(1 for findings in found if any(f.kind == "bsn" for f in findings)) / len(texts)
    print(f"\nfalse positives on {len(texts)} ordinary texts: {any_kind:.2%} (BSN {bsn:.2%})")
    assert any_kind <= 0.03
    assert bsn == 0
