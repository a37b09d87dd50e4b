"""How often the privacy guard speaks up on ordinary Dutch professional text (false
positives, per kind), how much client data it catches (recall, per kind), and how fast it
scans. Runs offline on generated text; prints figures and asserts nothing.

    .venv/bin/python bench/privacy_guard.py [--texts 3000] [--seed 7] [--examples 3]

The ordinary corpus has three parts: sentences from hand-written templates about youth
care, the Wmo, meetings, budgets and office addresses (with Faker's names and places),
Faker's Dutch lorem paragraphs, and word salad in the proportions of wordfreq's Dutch
word list with numbers mixed in (skipped when wordfreq is not installed).
"""

from __future__ import annotations

import argparse
import datetime
import random
import time
from collections import Counter
from collections.abc import Callable

from faker import Faker
from stdnum import iban as stdnum_iban

from plein.core.privacy import FindingKind, scan

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]
AREA_CODES = ["010", "020", "030", "040", "050", "053", "070", "0546", "0598", "074", "0418"]


class Slots:
    """Realistic fillers for the templates: what professionals write besides words."""

    def __init__(self, rng: random.Random, fake: Faker, today: datetime.date) -> None:
        self.rng = rng
        self.fake = fake
        self.today = today

    def recent_date(self) -> str:
        # meetings and deadlines: within a year either side of today
        day = self.today + datetime.timedelta(days=self.rng.randint(-365, 365))
        style = self.rng.randrange(5)
        if style == 0:
            return f"{day:%d-%m-%Y}"
        if style == 1:
            return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
        if style == 2:
            return f"{day.day}/{day.month}/{day.year}"
        if style == 3:
            return f"{WEEKDAYS[day.weekday() % 5]} {day.day} {MONTHS[day.month - 1]}"
        return f"{day:%Y-%m-%d}"

    def policy_date(self) -> str:
        # laws and decisions taking effect, often years ago
        year = self.rng.randint(2007, self.today.year)
        day = self.rng.choice([f"1 januari {year}", f"1 juli {year}", f"01-01-{year}"])
        return f"{self.rng.choice(['Per', 'Sinds', 'Vanaf', 'Op'])} {day}"

    def time(self) -> str:
        hour = self.rng.randint(8, 20)
        minute = self.rng.choice(["00", "15", "30", "45"])
        return self.rng.choice(
            [
                f"{hour}:{minute}",
                f"{hour}.{minute} uur",
                f"{hour:02d}.{minute}-{hour + 1:02d}.{minute} uur",
                f"{hour}:{minute} - {hour + 2}:{minute}",
            ]
        )

    def amount(self) -> str:
        value = self.rng.choice(
            [
                self.rng.randint(10, 999),
                self.rng.randint(1_000, 99_999),
                self.rng.randint(100_000, 9_999_999),
                self.rng.randint(10_000_000, 999_999_999),
            ]
        )
        dotted = f"{value:,}".replace(",", ".")
        return self.rng.choice(
            [
                f"€ {dotted}",
                f"€{dotted},-",
                f"€ {dotted},{self.rng.randint(0, 99):02d}",
                f"{dotted} euro",
                f"{self.rng.randint(1, 99)},{self.rng.randint(1, 9)} miljoen euro",
            ]
        )

    def percentage(self) -> str:
        return self.rng.choice(
            [
                f"{self.rng.randint(1, 99)}%",
                f"{self.rng.randint(1, 99)},{self.rng.randint(0, 9)} procent",
            ]
        )

    def year(self) -> str:
        return str(self.rng.randint(1995, self.today.year + 2))

    def article(self) -> str:
        return self.rng.choice(
            [
                "artikel 2.3.5 Jeugdwet",
                "artikel 2.3.2, vierde lid, Wmo 2015",
                "art. 8.1.1 Jw",
                "artikel 7:446 BW",
                "artikel 1.1.1 Wmo 2015",
                "artikel 3.2 van de verordening",
                "artikel 10 lid 2 sub b AVG",
                "artikel 4:8 Awb",
            ]
        )

    def count(self) -> str:
        return str(self.rng.choice([self.rng.randint(2, 40), self.rng.randint(40, 2_000)]))

    def reference(self) -> str:
        year = self.rng.randint(2019, self.today.year)
        return self.rng.choice(
            [
                f"Z/{year % 100}/{self.rng.randint(1, 999_999):06d}",
                f"{year}-{self.rng.randint(1, 999_999):06d}",
                f"U{year % 100}.{self.rng.randint(1, 99_999):05d}",
                f"INT-{self.rng.randint(100, 9999)}",
                f"{self.rng.randint(1, 9)}.{self.rng.randint(1, 20)}.{self.rng.randint(1, 30)}",
            ]
        )

    def kvk(self) -> str:
        return f"{self.rng.randint(10_000_000, 99_999_999)}"

    def office(self) -> str:
        street = f"{self.fake.street_name()} {self.rng.randint(1, 200)}"
        place = f"{self.fake.postcode()} {self.fake.city()}"
        return self.rng.choice(
            [
                f"het gemeentehuis, {street}, {place}",
                f"het stadskantoor ({street}, {place})",
                f"wijkcentrum De Schakel, {street}, {place}",
                f"bezoekadres {street}, {place}",
                f"{self.fake.company()}, {street} in {self.fake.city()}",
                f"{street} in {self.fake.city()}",
            ]
        )

    def nine_digits(self) -> str:
        return str(self.rng.randint(100_000_000, 999_999_999))

    def old_date(self) -> str:
        day = self.today - datetime.timedelta(days=self.rng.randint(3 * 365, 15 * 365))
        return f"{day:%d-%m-%Y}"

    def general_number(self) -> str:
        return self.rng.choice(
            ["14 053", "14 074", "0800-1234567", "088-1234567", "0900-8844", "112"]
        )


TEMPLATES: list[str] = [
    "Hoe gaan jullie om met wachtlijsten in de jeugdzorg? Bij ons wachten {count} gezinnen.",
    "Volgens {article} moet de gemeente binnen acht weken beslissen.",
    "We komen op {recent_date} om {time} bijeen in zaal {count} van {office}.",
    "Het budget voor {year} is {amount}, waarvan {percentage} naar preventie gaat.",
    "In {year} steeg het aantal Wmo-cliënten met {percentage} tot {count}.",
    "{policy_date} zijn gemeenten verantwoordelijk voor de jeugdhulp.",
    "De intervisie is {recent_date}, van {time}, bij {office}.",
    "Wie heeft ervaring met {article} bij een maatwerkvoorziening?",
    "Mijn vraag gaat over zaak {reference}: hoe lang mag een herindicatie duren?",
    "Onze eigen bijdrage is {amount} per maand, het abonnementstarief van {year}.",
    "Ik werk sinds {year} als {job} en zoek sparringpartners in {city}.",
    "Tijdens het overleg van {recent_date} bespraken we {count} casussen.",
    "De pilot in {city} liep van {recent_date} tot {recent_date}.",
    "Bel voor algemene vragen het nummer van de gemeente ({general_number}).",
    "{name} van {company} deelt haar ervaringen met de schuldhulpverlening.",
    "De evaluatie (versie {reference}) staat op intranet; zie hoofdstuk {count}.",
    "Factuur van {company} (KvK {kvk}) bedraagt {amount} exclusief btw.",
    "Hoeveel uur begeleiding indiceren jullie gemiddeld? Bij ons {count} uur per week.",
    "De deadline voor de subsidieaanvraag is {recent_date} om {time}.",
    "Het project kost {amount} en loopt tot {year}; de gemeente betaalt {percentage}.",
    "Onze teams werken in {count} wijken met gemiddeld {count} huishoudens per consulent.",
    "Welke ervaringen hebben jullie met {article}?",
    "Sinds de decentralisatie van {year} is de caseload met {percentage} gegroeid.",
    "Kom naar de kennissessie in {office} op {recent_date}.",
    "Het rapport van {company} uit {year} noemt {count} knelpunten.",
    "Op pagina {count}-{count} van het beleidsplan staat de ambitie voor {year}.",
    "In {city} is het gemiddelde inkomen {amount} per jaar.",
    "We hebben {count} jongeren begeleid; {percentage} woont nu zelfstandig.",
    "De training (module {reference}) duurt {count} dagdelen, telkens {time}.",
    "Contactpersoon is {name}, {job} bij {company}.",
    "Het college besloot op {recent_date} tot een nieuwe aanpak. {policy_date} geldt die.",
    "Zijn er gemeenten die het persoonsgebonden budget boven {amount} toetsen?",
    "Tussen {year} en {year} daalde de wachttijd van {count} naar {count} dagen.",
    "Het Wmo-loket in {city} is open van {time}, op vrijdag alleen 's ochtends.",
    "Onze buurtsportcoach organiseert op {recent_date} een beweegdag voor {count} ouderen.",
    "Ik zoek een collega die de Wlz-aanvraag via het CIZ kent; het duurde {count} weken.",
    "De raad stelde op {recent_date} het uitvoeringsprogramma {year}-{year} vast.",
    "We zien dat {percentage} van de meldingen bij Veilig Thuis via school binnenkomt.",
    "Wie kent een goede methode voor groepsgesprekken met {count} deelnemers?",
    "Het tarief voor ambulante begeleiding is {amount} per uur in {year}.",
    # Harder cases, on purpose: what the guard does flag in ordinary text.
    "Ons kenmerk: {nine_digits}. Uw brief van {recent_date}.",
    "De training is bij {company}, {street_address}, {postcode} {city}.",
    "Zie de evaluatie ({old_date}) voor de cijfers van toen.",
]


def ordinary_texts(n: int, rng: random.Random, today: datetime.date) -> list[tuple[str, str]]:
    """(source, text) pairs of ordinary professional Dutch text: no client data."""
    fake = Faker("nl_NL")
    fake.seed_instance(rng.randrange(2**32))
    slots = Slots(rng, fake, today)
    fillers: dict[str, Callable[[], str]] = {
        "recent_date": slots.recent_date,
        "policy_date": slots.policy_date,
        "time": slots.time,
        "amount": slots.amount,
        "percentage": slots.percentage,
        "year": slots.year,
        "article": slots.article,
        "count": slots.count,
        "reference": slots.reference,
        "kvk": slots.kvk,
        "office": slots.office,
        "general_number": slots.general_number,
        "nine_digits": slots.nine_digits,
        "old_date": slots.old_date,
        "street_address": lambda: f"{fake.street_name()} {rng.randint(1, 200)}",
        "postcode": lambda: _postcode(fake),
        "city": fake.city,
        "name": fake.name,
        "company": fake.company,
        "job": fake.job,
    }
    texts: list[tuple[str, str]] = []
    n_templates = n * 6 // 10
    for _ in range(n_templates):
        template = rng.choice(TEMPLATES)
        # each placeholder drawn anew, also when it occurs twice
        parts = template.split("{")
        text = parts[0]
        for part in parts[1:]:
            name, rest = part.split("}", 1)
            text += fillers[name]() + rest
        texts.append(("templates", text))
    words = _wordfreq_words()
    n_faker = (n - n_templates) // 2 if words else n - n_templates
    texts += [("faker", fake.paragraph(nb_sentences=rng.randint(2, 6))) for _ in range(n_faker)]
    if words:
        vocabulary, weights = words
        for _ in range(n - len(texts)):
            chosen = rng.choices(vocabulary, weights=weights, k=rng.randint(8, 30))
            for _ in range(rng.randint(0, 3)):  # numbers as they appear in prose
                chosen.insert(
                    rng.randrange(len(chosen) + 1),
                    rng.choice([slots.count(), slots.year(), slots.percentage(), slots.amount()]),
                )
            texts.append(("wordfreq", " ".join(chosen).capitalize() + "."))
    return texts


def _wordfreq_words() -> tuple[list[str], list[float]] | None:
    try:
        from wordfreq import top_n_list, word_frequency
    except ImportError:
        return None
    vocabulary = top_n_list("nl", 5000)
    return vocabulary, [word_frequency(word, "nl") for word in vocabulary]


def client_data_texts(n: int, rng: random.Random) -> list[tuple[FindingKind, str]]:
    """(kind, text) pairs, each text holding one piece of client data of that kind."""
    fake = Faker("nl_NL")
    fake.seed_instance(rng.randrange(2**32))
    makers: dict[FindingKind, Callable[[], str]] = {
        FindingKind.BSN: lambda: _bsn(rng, fake),
        FindingKind.PHONE: lambda: _phone(rng, fake),
        FindingKind.EMAIL: lambda: rng.choice(
            [
                f"Zijn moeder mailt vanaf {fake.free_email()} over de afspraak.",
                f"Het adres van de cliënt is {fake.email()}, kun je haar mailen?",
            ]
        ),
        FindingKind.IBAN: lambda: _iban(rng, fake),
        FindingKind.BIRTH_DATE: lambda: _birth_date(rng, fake),
        FindingKind.POSTCODE_HOUSE_NUMBER: lambda: rng.choice(
            [
                f"Het gezin woont op {fake.street_name()} {rng.randint(1, 300)}, {_postcode(fake)} {fake.city()}.",
                f"Adres van mevrouw: {_postcode(fake)} {rng.randint(1, 300)}{rng.choice(['', 'a', '-2'])}.",
            ]
        ),
    }
    return [(kind, makers[kind]()) for kind in FindingKind for _ in range(n)]


def _postcode(fake: Faker) -> str:
    while True:
        postcode = str(fake.postcode())
        if postcode[-2:] not in ("SA", "SD", "SS"):  # Faker uses them, PostNL never does
            return postcode


def _bsn(rng: random.Random, fake: Faker) -> str:
    number = fake.ssn()  # a valid BSN
    written = rng.choice(
        [
            number,
            f"{number[:3]} {number[3:6]} {number[6:]}",
            f"{number[:3]}.{number[3:6]}.{number[6:]}",
            f"{number[:4]}.{number[4:6]}.{number[6:]}",
            f"{number[:4]}-{number[4:6]}-{number[6:]}",
        ]
    )
    return rng.choice(
        [
            f"De cliënt (BSN {written}) heeft een indicatie tot eind van het jaar.",
            f"Kun je {written} opzoeken in het systeem?",
            f"burgerservicenummer: {written}",
            f"Moeder gaf haar nummer {written} door aan de balie.",
        ]
    )


def _phone(rng: random.Random, fake: Faker) -> str:
    # 06-6, 06-7, 06-9 and 06-0 are not issued: phonenumbers rightly rejects them
    mobile = rng.choice("123458") + "".join(str(rng.randint(0, 9)) for _ in range(7))
    area = rng.choice(AREA_CODES)
    local = "".join(str(rng.randint(0, 9)) for _ in range(10 - len(area)))
    local = str(rng.randint(2, 9)) + local[1:]  # local numbers never start with 0 or 1
    written = rng.choice(
        [
            f"06-{mobile}",
            f"06 {mobile[:2]} {mobile[2:4]} {mobile[4:6]} {mobile[6:]}",
            f"+31 6 {mobile[:4]} {mobile[4:]}",
            f"0031 6 {mobile}",
            f"{area}-{local}",
            f"({area}) {local}",
            f"+31 {area[1:]} {local}",
        ]
    )
    return rng.choice(
        [
            f"Vader is bereikbaar op {written}, na vijf uur.",
            f"Wil je de cliënt terugbellen op {written}?",
            f"Tel. {written} (moeder)",
        ]
    )


def _iban(rng: random.Random, fake: Faker) -> str:
    number = fake.iban()
    assert stdnum_iban.is_valid(number)
    written = rng.choice([number, " ".join(number[i : i + 4] for i in range(0, len(number), 4))])
    return rng.choice(
        [
            f"De toeslag gaat naar rekening {written} van de moeder.",
            f"IBAN cliënt: {written}",
        ]
    )


def _birth_date(rng: random.Random, fake: Faker) -> str:
    day = fake.date_of_birth(minimum_age=0, maximum_age=95)
    written = rng.choice(
        [
            f"{day:%d-%m-%Y}",
            f"{day.day}-{day.month}-{day.year}",
            f"{day:%d/%m/%Y}",
            f"{day.day} {MONTHS[day.month - 1]} {day.year}",
            f"{day:%d.%m.%Y}",
        ]
    )
    return rng.choice(
        [
            f"Het kind is geboren op {written} en woont bij oma.",
            f"Geboortedatum: {written}",
            f"Mevrouw (geb. {written}) vraagt om huishoudelijke hulp.",
            f"Jongen, {written}, zit op het praktijkonderwijs.",  # no birth word
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=3000, help="ordinary texts (at least 2000)")
    parser.add_argument("--client-texts", type=int, default=300, help="per kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--examples", type=int, default=3, help="false positives shown per kind")
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 (reproducible text, not secrets)
    today = datetime.datetime.now(datetime.UTC).date()

    ordinary = ordinary_texts(max(args.texts, 2000), rng, today)
    scan("warm-up", today=today)
    started = time.perf_counter()
    results = [scan(text, today=today) for _source, text in ordinary]
    elapsed = time.perf_counter() - started

    total = len(ordinary)
    characters = sum(len(text) for _source, text in ordinary)
    print(f"Ordinary text: {total} texts, {characters / total:.0f} characters on average")
    for source, count in sorted(Counter(source for source, _text in ordinary).items()):
        print(f"  {source:<10} {count}")
    print("\nFalse positives (texts with at least one finding):")
    any_finding = sum(1 for found in results if found)
    for kind in FindingKind:
        hits = [
            (source, text, f)
            for (source, text), found in zip(ordinary, results, strict=True)
            for f in found
            if f.kind == kind
        ]
        texts_hit = len({id(text) for _source, text, _f in hits})
        print(f"  {kind.value:<22} {texts_hit:>5}  {texts_hit / total:7.2%}")
        for source, text, finding in hits[: args.examples]:
            print(f"      [{source}] {finding.excerpt!r} in {text[:110]!r}")
    print(f"  {'any kind':<22} {any_finding:>5}  {any_finding / total:7.2%}")
    for source in sorted({source for source, _text in ordinary}):
        flagged = [found for (s, _t), found in zip(ordinary, results, strict=True) if s == source]
        share = sum(1 for found in flagged if found) / len(flagged)
        print(f"    of which {source:<13} {share:7.2%} of its texts")
    print(
        f"\nThroughput: {total / elapsed:,.0f} texts/s ({elapsed / total * 1e6:.0f} µs per text, "
        f"{characters / elapsed / 1e6:.2f} M characters/s)"
    )

    client = client_data_texts(args.client_texts, rng)
    print(f"\nRecall on {len(client)} texts with client data ({args.client_texts} per kind):")
    missed: dict[FindingKind, list[str]] = {}
    for kind in FindingKind:
        texts = [text for k, text in client if k == kind]
        caught = [text for text in texts if any(f.kind == kind for f in scan(text, today=today))]
        missed[kind] = [text for text in texts if text not in caught]
        print(f"  {kind.value:<22} {len(caught) / len(texts):7.2%}")
        for text in missed[kind][: args.examples]:
            print(f"      missed: {text!r}")


if __name__ == "__main__":
    main()
