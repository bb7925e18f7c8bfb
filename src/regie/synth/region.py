"""A realistic synthetic region: the partner deliveries of Amsterdam-Amstelland, with ground truth.

``region_write`` writes, for ``persons`` synthetic persons known to at least one partner,
one delivery per partner in the canonical format (``politie.csv``, ``om.csv``, ...,
``gemeente_uithoorn.csv``), ``deelnemers.csv`` with the current participants, and, in
the subfolder ``grondwaarheid/`` that ``regie select`` never reads, the truth: every
person's identity and, for every delivered row, the true person and the identity errors
injected into it.

How a person is made (every rate, its source or assumption: docs/synthetic-region.md):

- an age, a sex, a name drawn from name lists independently of everything else, a
  synthetic BSN, and residence periods (``inschrijving``) in one of the six
  municipalities in proportion to their population, with moves in, out and within the
  region; some persons live outside the region throughout;
- an offending career: a heavy-tailed activity (suspect registrations per year at the
  peak age), an age-crime curve, a personal offence mix (affinity for high-impact crime,
  drug dealing, fake-drug dealing); each registration may lead to an arrest, an
  arraignment, pre-trial detention, a conviction with a sentence, detention and
  supervision (youth probation, probation, PIJ, GBM, ISD) as periods;
- care signals: school signals (mostly at school age), domestic-violence incidents,
  civil-law measures, membership of a (prioritised) youth group.

Participants are persons who entered in earlier rounds: every six months over the six
years before the peildatum the criteria of spec/criteria.md are applied to the person's
facts up to that round, with inflow and outflow, so that a participant's history met the
criteria when they entered. The generator's own reading of the criteria is recorded in
the summary (``expected``); ``regie select`` is the authority, and the tests check that
the two agree.

Output is streamed in chunks of persons (each chunk drawn from its own seeds, so the
output is the same for any number of worker processes) and written to files opened once.
Identity noise is drawn from a separate random stream per person: the same seed gives
the same persons and facts with and without noise (twins and namesakes excepted: they
change a person's birth date and name).
"""

from __future__ import annotations

import csv
import io
import json
import math
import multiprocessing
import os
import random
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from functools import cache
from pathlib import Path
from typing import Final

from regie.formats.codes import (
    APPROACHES,
    FACT_COLUMNS,
    PARTICIPANT_COLUMNS,
    PARTNERS,
)

# --- Output layout -----------------------------------------------------------------------

PARTICIPANTS_FILE: Final = "deelnemers.csv"
GROUND_TRUTH_DIR: Final = "grondwaarheid"
IDENTITIES_FILE: Final = "identiteiten.csv"
PERSONS_FILE: Final = "personen.csv"
SUMMARY_FILE: Final = "samenvatting.json"
IDENTITY_COLUMNS: Final = ("bron", "bron_id", "persoon_id", "fouten")
PERSON_COLUMNS: Final = (
    "persoon_id",
    "bsn",
    "achternaam",
    "tussenvoegsel",
    "voornamen",
    "geboortedatum",
    "geslacht",
    "gemeente",
    "tweeling_van",
    "naamgenoot_van",
)
#: Every file the generator writes, relative to the output folder.
OUTPUT_FILES: Final = (
    *(f"{partner}.csv" for partner in PARTNERS),
    PARTICIPANTS_FILE,
    f"{GROUND_TRUTH_DIR}/{IDENTITIES_FILE}",
    f"{GROUND_TRUTH_DIR}/{PERSONS_FILE}",
    f"{GROUND_TRUTH_DIR}/{SUMMARY_FILE}",
)

#: Persons per chunk. Each chunk is generated independently; changing this changes the output.
CHUNK_PERSONS: Final = 2000
#: Persons from which ``region_write`` uses worker processes by default.
PARALLEL_FROM: Final = 20_000

# --- Population (docs/synthetic-region.md, "Population") --------------------------------

#: Years of history the partners deliver, counted back from the peildatum.
HISTORY_YEARS: Final = 12
#: Inhabitants per municipality (CBS, 1 January 2023-2024, rounded).
MUNICIPALITY_POPULATION: Final = {
    "amsterdam": 931_000,
    "amstelveen": 95_000,
    "aalsmeer": 33_000,
    "diemen": 32_000,
    "uithoorn": 31_000,
    "ouder_amstel": 15_000,
}
#: Relative rate at which inhabitants are known to the partners (Amsterdam = 1).
#: Assumption: the suburban municipalities have less registered crime per inhabitant.
MUNICIPALITY_KNOWN: Final = {
    "amsterdam": 1.0,
    "amstelveen": 0.5,
    "aalsmeer": 0.5,
    "diemen": 0.8,
    "uithoorn": 0.5,
    "ouder_amstel": 0.5,
}
#: Factor on the offending activity of a municipality's residents (Amsterdam = 1).
#: Assumption, calibrated on the Amstelveen letter (seeds/001, lines 18-20).
MUNICIPALITY_ACTIVITY: Final = {
    "amsterdam": 1.0,
    "amstelveen": 0.12,
    "aalsmeer": 0.5,
    "diemen": 0.8,
    "uithoorn": 0.5,
    "ouder_amstel": 0.5,
}
SHARE_OUTSIDE_REGION: Final = 0.12  # known to the partners, living outside the region
OUTSIDE_ACTIVITY: Final = 0.9  # MUNICIPALITY_ACTIVITY of persons living outside the region
SHARE_MOVED_IN: Final = 0.08  # of region residents: moved into the region during the history
SHARE_MOVED_OUT: Final = 0.06  # of region residents: moved out during the history
SHARE_MOVED_WITHIN: Final = 0.05  # of region residents: moved between municipalities
#: Known persons without any offence: children and adults known only for care signals.
SHARE_CARE_ONLY: Final = 0.12
SHARE_MALE_OFFENDER: Final = 0.80
SHARE_MALE_CARE_ONLY: Final = 0.50
SHARE_LVB: Final = 0.08  # mild intellectual disability: youth measures by the WSS
#: Age on the peildatum: (from, to inclusive, weight).
AGE_BANDS_OFFENDER: Final = (
    (12, 17, 9),
    (18, 23, 15),
    (24, 29, 17),
    (30, 39, 21),
    (40, 49, 17),
    (50, 59, 12),
    (60, 75, 9),
)
AGE_BANDS_CARE_ONLY: Final = ((5, 11, 35), (12, 17, 35), (18, 23, 10), (24, 60, 20))

# --- Offending (docs/synthetic-region.md, "Offending") ----------------------------------

#: Activity: suspect registrations per year at the peak of the age curve, lognormal.
ACTIVITY_MU: Final = 1.75
ACTIVITY_SIGMA: Final = 2.0
#: A career: early onset at 12 plus an exponential number of years (mean), or late onset
#: at a uniform age; an exponential length in years (mean, plus one), longer for
#: persistent offenders; outside the career a residual share of the activity.
CAREER_ONSET_MEAN: Final = 3.0
SHARE_LATE_ONSET: Final = 0.3
LATE_ONSET_AGES: Final = (18.0, 45.0)
CAREER_LENGTH_MEAN: Final = 3.0
SHARE_PERSISTENT: Final = 0.05
PERSISTENT_LENGTH_MEAN: Final = 10.0
CAREER_RESIDUAL: Final = 0.1
#: Relative offending by age (ages not listed: the nearest lower age; under 12: none).
AGE_CURVE: Final = {
    12: 0.06,
    13: 0.15,
    14: 0.45,
    15: 0.75,
    16: 0.95,
    17: 1.0,
    18: 1.0,
    19: 0.95,
    20: 0.9,
    21: 0.85,
    22: 0.8,
    23: 0.75,
    24: 0.7,
    25: 0.65,
    26: 0.6,
    28: 0.52,
    30: 0.45,
    35: 0.36,
    40: 0.28,
    45: 0.2,
    50: 0.14,
    60: 0.08,
}
#: Share of all suspect registrations per offence (before the personal affinities).
OFFENCE_WEIGHTS: Final = {
    "overval": 0.5,
    "straatroof": 1.5,
    "woninginbraak": 3.0,
    "zware_mishandeling": 1.5,
    "moord_doodslag": 0.15,
    "openlijke_geweldpleging": 3.0,
    "mishandeling": 12.0,
    "bedreiging": 8.0,
    "wapenbezit": 4.0,
    "harddrugs_handel": 0.5,
    "softdrugs": 4.0,
    "diefstal": 12.0,
    "winkeldiefstal": 11.0,
    "vernieling": 9.0,
    "heling": 2.0,
    "oplichting": 6.0,
    "overig_misdrijf": 10.0,
    "apv_nepdope": 0.0,
    "overtreding": 8.0,
}
HIC: Final = frozenset(
    {
        "overval",
        "straatroof",
        "woninginbraak",
        "zware_mishandeling",
        "moord_doodslag",
        "openlijke_geweldpleging",
    }
)
SERIOUS_VIOLENCE: Final = HIC - {"woninginbraak"}
VIOLENCE: Final = SERIOUS_VIOLENCE | {"mishandeling"}
MISDRIJVEN: Final = frozenset(OFFENCE_WEIGHTS) - {"apv_nepdope", "overtreding"}
#: Offences that count as serious for sentencing: HIC, weapons, hard-drug dealing.
SERIOUS: Final = HIC | {"wapenbezit", "harddrugs_handel"}
HIC_AFFINITY_SIGMA: Final = 0.9  # lognormal spread of the personal HIC affinity
#: The HIC share falls with activity (high volumes are mostly minor offences):
#: factor (1 + activity) ** HIC_AFFINITY_ACTIVITY.
HIC_AFFINITY_ACTIVITY: Final = -0.28
SHARE_DEALER: Final = 0.02  # persons with a hard-drug dealing affinity
DEALER_FACTOR: Final = 10.0
SHARE_NEPDOPE: Final = 0.05  # young Amsterdam residents who deal fake drugs
NEPDOPE_WEIGHT: Final = 6.0
#: Per offence: probability that a registration comes with an arrest.
ARREST: Final = {
    "overval": 0.375,
    "straatroof": 0.3,
    "woninginbraak": 0.225,
    "zware_mishandeling": 0.35,
    "moord_doodslag": 0.45,
    "openlijke_geweldpleging": 0.275,
    "mishandeling": 0.225,
    "bedreiging": 0.2,
    "wapenbezit": 0.375,
    "harddrugs_handel": 0.35,
    "softdrugs": 0.15,
    "diefstal": 0.15,
    "winkeldiefstal": 0.275,
    "vernieling": 0.175,
    "heling": 0.2,
    "oplichting": 0.1,
    "overig_misdrijf": 0.15,
    "apv_nepdope": 0.4,
    "overtreding": 0.025,
}
#: Probability of an arraignment (voorgeleiding) after an arrest, by offence group.
ARRAIGN_HIC: Final = 0.6
ARRAIGN_WEAPON_DRUGS: Final = 0.45
ARRAIGN_VIOLENCE_THREAT: Final = 0.2
ARRAIGN_OTHER: Final = 0.08
SHARE_ARRAIGN_RC: Final = 0.25  # before the examining judge (remand) rather than the OvJ
PRETRIAL_DAYS: Final = (7, 90)  # pre-trial detention after an arraignment before the RC
#: Probability of a final conviction: after an arrest, without one, for minor offences.
CONVICTION_ARRESTED: Final = 0.6
CONVICTION_NOT_ARRESTED: Final = 0.15
CONVICTION_MINOR: Final = 0.05
CONVICTION_DELAY_DAYS: Final = (60, 540)
#: Days of a prison sentence or youth detention: serious offences, other offences.
PRISON_SERIOUS: Final = (60, 540)
PRISON_OTHER: Final = (7, 120)
YOUTH_DETENTION_SERIOUS: Final = (30, 240)
YOUTH_DETENTION_OTHER: Final = (7, 60)
#: Share of registrations that do not happen while a person is in an approach: "De high
#: impact criminaliteit onder de doelgroep is sterk afgenomen (met 59%)" (seeds/003).
APPROACH_EFFECT: Final = 0.59
#: Youth supervision (jeugdreclassering) started at a youth's arrest for a misdrijf.
SUPERVISION_AT_ARREST_YOUTH: Final = 0.1
SUPERVISION_AT_ARREST_YOUTH_SERIOUS: Final = 0.3
SUPERVISION_AT_ARREST_YOUNG_ADULT: Final = 0.15
SUPERVISION_AT_ARREST_DAYS: Final = (90, 300)
#: Supervision after a conviction with a sentence.
SUPERVISION_AFTER_YOUTH: Final = 0.2
SUPERVISION_AFTER_ADULT: Final = 0.3
YOUTH_SUPERVISION_DAYS: Final = (120, 365)
ADULT_SUPERVISION_DAYS: Final = (180, 730)

# --- Care signals (docs/synthetic-region.md, "Care signals") ----------------------------

CARE_BASE: Final = 0.05  # chance of care problems for a young offender with low activity
CARE_PER_ACTIVITY: Final = 0.03  # added per registration a year, up to CARE_MAX
CARE_MAX: Final = 0.2
CARE_AGE_LIMIT: Final = 30  # offenders older than this on the peildatum: low care risk
OTS_RATE: Final = 0.35  # times care risk: a supervision order (ots) as a minor
GUARDIANSHIP_RATE: Final = 0.04
SCHOOL_PV_RATE: Final = 1.2  # expected pv_leerplicht per person at full care risk
SCHOOL_HOME_RATE: Final = 0.15  # thuiszitter
SCHOOL_ABSENT_RATE: Final = 0.08  # absoluut verzuim
SCHOOL_VSV_RATE: Final = 0.35  # early school leaver
SCHOOL_CHANGE_PO: Final = (0.3, 2.2)  # expected changes: base + per care risk
SCHOOL_CHANGE_VO: Final = (0.2, 1.6)
DOMESTIC_BASE: Final = 0.1  # expected incidents over the history, base + per care risk
DOMESTIC_PER_CARE: Final = 1.0
DOMESTIC_ROLES_MINOR: Final = {"slachtoffer": 35, "getuige": 35, "betrokkene": 25, "pleger": 5}
DOMESTIC_ROLES_ADULT: Final = {"pleger": 45, "slachtoffer": 30, "betrokkene": 15, "getuige": 10}
YOUTH_GROUP_PER_ACTIVITY: Final = 0.15  # chance of youth-group membership per registration a year
YOUTH_GROUP_MAX: Final = 0.55
YOUTH_GROUP_PRIORITISED: Final = 0.5
YOUTH_GROUP_DAYS: Final = (300, 1100)
YOUTH_GROUPS: Final = {
    "amsterdam": 120,
    "amstelveen": 6,
    "aalsmeer": 3,
    "diemen": 4,
    "uithoorn": 3,
    "ouder_amstel": 2,
}

# --- Rounds (docs/synthetic-region.md, "Participants") ----------------------------------

ROUND_MONTHS: Final = 6  # "Minimaal twee keer per jaar" (seeds/000, line 59)
PAST_ROUNDS: Final = 12  # six years of rounds before the peildatum

# --- Names: drawn independently of every other attribute ---------------------------------

#: (prefix, surname); "van der/Berg" is the prefix "van der" and the surname "Berg".
_SURNAMES_TEXT: Final = (
    "Jansen, de/Jong, de/Vries, van den/Berg, van/Dijk, Bakker, Janssen, Visser, Smit, "
    "Meijer, de/Boer, Mulder, de/Groot, Bos, Vos, Peters, Hendriks, van/Leeuwen, Dekker, "
    "Brouwer, de/Wit, Dijkstra, Smits, de/Graaf, van der/Meer, van der/Linden, Kok, "
    "Jacobs, de/Haan, Vermeulen, van den/Heuvel, van der/Veen, van den/Broek, de/Bruijn, "
    "de/Bruin, van der/Heijden, Schouten, van/Beek, Willems, van/Vliet, van de/Ven, "
    "Hoekstra, Maas, Verhoeven, Koster, van/Dam, van der/Wal, Prins, Blom, Huisman, "
    "Peeters, de/Jonge, Kuipers, van/Veen, Post, Kuiper, Veenstra, Kramer, van den/Brink, "
    "Scholten, van/Wijk, Postma, Martens, Vink, de/Ruiter, Timmermans, Groen, Gerritsen, "
    "Jonker, van/Loon, Boer, van der/Velde, Willemsen, Smeets, de/Lange, de/Vos, Bosch, "
    "van/Dongen, Schipper, de/Koning, van der/Laan, Koning, van der/Velden, Driessen, "
    "van/Doorn, Hermans, Evers, van den/Bosch, van der/Meulen, Hofman, Bosman, Wolters, "
    "Sanders, van der/Horst, Mol, Kuijpers, Molenaar, van de/Pol, de/Leeuw, Verbeek, "
    "ter/Horst, in 't/Veld, El Amrani, El Idrissi, Bouzid, Benali, Amrani, Azzouzi, "
    "Bakkali, Chaouch, Haddou, Ouali, Ziani, Tahiri, Yılmaz, Kaya, Demir, Şahin, Çelik, "
    "Yıldız, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç, Koç, Güneş, Ünal, Kartosen, "
    "Pinas, Brunings, Sedney, Linger, Doelwijt, Nelom, Wijngaarde, Tjon, Soerjadi, "
    "Ramdin, Jagesar, Mahabier, Baldewsingh, Martina, Rosario, Isenia, Nowak, Kowalski, "
    "Wiśniewski, Mensah, Boateng, Asante, Osei, Haile, Tesfay, Abdi, Rodríguez, García, "
    "Müller, Sánchez"
)
SURNAMES: Final = tuple(
    (entry.split("/")[0], entry.split("/")[1]) if "/" in entry else ("", entry)
    for entry in _SURNAMES_TEXT.split(", ")
)
_GIVEN_MALE_TEXT: Final = (
    "Daan Sem Lucas Levi Finn Milan Noah Liam Jesse Bram Thijs Luuk Ruben Tim Lars Stijn "
    "Thomas Kevin Dennis Mark Jeroen Rick Nick Mike Sander Niels Jasper Bas Joris Wouter "
    "Mohamed Ayoub Bilal Anouar Yassine Soufiane Ilias Hamza Adam Zakaria Othman Imran "
    "Ömer Emir Efe Yusuf Mehmet Mustafa Burak Kerem Gökhan Jayden Dylan Quincy Romano "
    "Giovanni Shaquille Jurgen Rodney Kenneth Mitchell Daniël Michaël Raphaël Joël Noël "
    "René José André Jérôme Kwame Kofi Samuel Dawit Tomasz Jakub Ahmed Ali Omar Ibrahim"
)
GIVEN_MALE: Final = tuple(_GIVEN_MALE_TEXT.split())
_GIVEN_FEMALE_TEXT: Final = (
    "Emma Julia Mila Tess Sophie Zoë Sara Nora Eva Anna Lotte Fleur Sanne Lisa Anouk Kim "
    "Iris Naomi Chloë Anaïs Noëlle Hélène Inês Fatima Salma Yasmina Imane Aya Nour Hiba "
    "Khadija Ayşe Elif Büşra Çağla Zeynep Gül Esra Shanice Chanel Kimberley Priscilla "
    "Melissa Gabriëlle Ama Akosua Selam Agnieszka Maria Amira"
)
GIVEN_FEMALE: Final = tuple(_GIVEN_FEMALE_TEXT.split())
SECOND_GIVEN_NAME: Final = 0.3  # share with two given names

# --- Identity noise ----------------------------------------------------------------------

#: Error codes recorded in grondwaarheid/identiteiten.csv (column ``fouten``).
ERROR_MISSING_BSN: Final = "bsn_ontbreekt"
ERROR_TYPO_SURNAME: Final = "typefout_achternaam"
ERROR_TYPO_GIVEN: Final = "typefout_voornamen"
ERROR_DAY_MONTH: Final = "dag_maand_verwisseld"
ERROR_PREFIX: Final = "tussenvoegsel_in_achternaam"
ERROR_DIACRITICS: Final = "diakrieten_weg"
#: What each rate is counted over in the summary (``typefout``: every row).
_ELIGIBLE_CODES: Final = (
    ERROR_MISSING_BSN,
    "typefout",
    ERROR_DAY_MONTH,
    ERROR_PREFIX,
    ERROR_DIACRITICS,
)
ERROR_CODES: Final = (
    ERROR_MISSING_BSN,
    ERROR_TYPO_SURNAME,
    ERROR_TYPO_GIVEN,
    ERROR_DAY_MONTH,
    ERROR_PREFIX,
    ERROR_DIACRITICS,
)


@dataclass(frozen=True)
class NoiseRates:
    """Rates of identity noise; every rate lies in [0, 1]. Defaults: docs/synthetic-region.md.

    Row rates apply to each delivered row on its own: a partner's rows about one person
    can differ from each other, as registrations by different people do.
    """

    #: per police row: the row has no BSN
    missing_bsn: float = 0.10
    #: per row: one typing error in the surname or the given names
    name_typo: float = 0.01
    #: per row whose date of birth has a day of 12 or less, different from the month
    day_month_swap: float = 0.005
    #: per row of a person with a name prefix: the prefix is written in the surname
    prefix_in_surname: float = 0.05
    #: per row of a person whose name has diacritics: they are dropped
    diacritics_dropped: float = 0.30
    #: per person: a twin of the person before (same surname and birth date)
    twins: float = 0.004
    #: per person: a namesake of the person before (same names and birth date)
    namesakes: float = 0.001

    def __post_init__(self) -> None:
        for rate in fields(self):
            value = getattr(self, rate.name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{rate.name} must lie between 0 and 1, got {value}")

    @classmethod
    def none(cls) -> NoiseRates:
        """No identity noise at all: every row carries the person's true identity and BSN."""
        return cls(**{rate.name: 0.0 for rate in fields(cls)})

    @property
    def is_none(self) -> bool:
        return all(getattr(self, rate.name) == 0.0 for rate in fields(self))


@dataclass
class RegionSummary:
    """What was written; also stored as grondwaarheid/samenvatting.json."""

    persons: int
    seed: int
    peildatum: str
    facts: dict[str, int]  # rows per partner
    participants: dict[str, int]  # current participants per approach
    #: the generator's own reading of the criteria on the peildatum, per approach and outcome
    expected: dict[str, dict[str, int]]
    #: injected identity errors per error code, and twins / namesakes
    errors: dict[str, int]
    #: rows (or persons) eligible for each error, so that errors / eligible ~ the rate
    eligible: dict[str, int]
    seconds: float = 0.0

    @property
    def fact_total(self) -> int:
        return sum(self.facts.values())


class OutputExists(Exception):
    """The output folder already holds deliveries."""


# --- Dates -------------------------------------------------------------------------------

_EPOCH: Final = date(1900, 1, 1).toordinal()


def _years_before(day: date, years: int) -> date:
    """``day`` minus ``years`` calendar years; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for clamp in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, clamp)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _age(birth: date, day: date) -> int:
    """Completed years at ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class _Round:
    """A selection round and the lower bounds (exclusive, ordinals) of its windows."""

    day: date
    ordinal: int
    after_1y: int
    after_2y: int
    after_3y: int
    after_5y: int

    @classmethod
    def at(cls, day: date) -> _Round:
        return cls(
            day,
            day.toordinal(),
            _years_before(day, 1).toordinal(),
            _years_before(day, 2).toordinal(),
            _years_before(day, 3).toordinal(),
            _years_before(day, 5).toordinal(),
        )


@dataclass(frozen=True)
class _Context:
    """Everything a chunk needs that depends only on the peildatum and the seed."""

    seed: int
    peildatum: date
    peil: int  # ordinal of the peildatum
    history_start: int  # ordinal of the first day of the delivered history
    dates: tuple[str, ...]  # ISO text of every day from _EPOCH to the peildatum
    rounds: tuple[_Round, ...]  # past rounds, oldest first, then the peildatum's round
    keys: dict[str, int]  # per partner: the 48-bit key that makes its bron_id opaque


@cache
def _context(seed: int, peildatum: date) -> _Context:
    peil = peildatum.toordinal()
    start = date.fromordinal(_EPOCH)
    dates = tuple((start.fromordinal(ordinal)).isoformat() for ordinal in range(_EPOCH, peil + 1))
    rounds = tuple(
        _Round.at(_months_before(peildatum, ROUND_MONTHS * back))
        for back in range(PAST_ROUNDS, -1, -1)
    )
    keys = {
        partner: random.Random(f"regie-region/{seed}/bron_id/{partner}").getrandbits(48)
        for partner in PARTNERS
    }
    return _Context(
        seed=seed,
        peildatum=peildatum,
        peil=peil,
        history_start=_years_before(peildatum, HISTORY_YEARS).toordinal(),
        dates=dates,
        rounds=rounds,
        keys=keys,
    )


# --- Small random helpers ----------------------------------------------------------------


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0.0:
        return 0
    if mean > 30.0:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit = math.exp(-mean)
    count = 0
    product = rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _cumulative(weights: Sequence[float]) -> list[float]:
    total = 0.0
    out = []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _band_age(rng: random.Random, bands: tuple[tuple[int, int, int], ...]) -> int:
    low, high, _ = rng.choices(bands, weights=[band[2] for band in bands])[0]
    return rng.randint(low, high)


def _curve(age: int) -> float:
    if age < 12:
        return 0.0
    value = 0.0
    for at, level in AGE_CURVE.items():
        if at > age:
            break
        value = level
    return value


_CURVE_BY_AGE: Final = tuple(_curve(age) for age in range(121))
_OFFENCES: Final = tuple(OFFENCE_WEIGHTS)
_MUNICIPALITIES: Final = tuple(MUNICIPALITY_POPULATION)
_MUNICIPALITY_CUM: Final = _cumulative(
    [MUNICIPALITY_POPULATION[m] * MUNICIPALITY_KNOWN[m] for m in _MUNICIPALITIES]
)
_GROUP_PREFIX: Final = {
    "amsterdam": "ams",
    "amstelveen": "avn",
    "aalsmeer": "aal",
    "diemen": "dmn",
    "uithoorn": "uth",
    "ouder_amstel": "oa",
}
_PARTNER_PREFIX: Final = {
    "politie": "pol",
    "om": "om",
    "reclassering": "rec",
    "jbra": "jbra",
    "wss": "wss",
    "dji": "dji",
    "gemeente_amsterdam": "ams",
    "gemeente_amstelveen": "avn",
    "gemeente_aalsmeer": "aal",
    "gemeente_diemen": "dmn",
    "gemeente_ouder_amstel": "oa",
    "gemeente_uithoorn": "uth",
}
_MASK48: Final = (1 << 48) - 1


def _opaque(number: int, key: int) -> int:
    """A bijection of 48-bit numbers: distinct inputs give distinct, unordered outputs."""
    x = (number ^ key) & _MASK48
    x = (x * 0x9E3779B97F4A7C15) & _MASK48
    x ^= x >> 23
    x = (x * 0xD6E8FEB86659FD93) & _MASK48
    x ^= x >> 27
    return x


def bsn_for(index: int) -> str:
    """The synthetic BSN of person ``index``: 9 digits that pass the 11-test, distinct per index.

    Of the two candidates ``2000000 + index`` followed by 0 or 1 (eight digits), at least
    one has a valid check digit, because changing the eighth digit by one moves the
    weighted sum by 2 (mod 11).
    """
    for last in (0, 1):
        base = f"{(20_000_000 + index * 10 + last):08d}"
        total = sum(
            int(digit) * weight for digit, weight in zip(base, range(9, 1, -1), strict=True)
        )
        check = total % 11
        if check < 10:
            return f"{base}{check}"
    raise AssertionError("unreachable: one of two consecutive bases has a check digit")


# --- Persons -----------------------------------------------------------------------------

#: A delivered fact: (partner, soort, start ordinal, end ordinal or None, categorie, detail).
_Fact = tuple[str, str, int, int | None, str, str]
_Period = tuple[int, int | None, str]  # start, end (None: running on the peildatum), code


@dataclass
class _Person:
    index: int
    bsn: str
    male: bool
    surname: str
    prefix: str
    given: str
    birth: int  # ordinal
    lvb: bool = False
    twin_of: int | None = None
    namesake_of: int | None = None
    residence: list[_Period] = field(default_factory=list)
    facts: list[_Fact] = field(default_factory=list)
    arrests: list[tuple[int, str]] = field(default_factory=list)
    suspects: list[tuple[int, str]] = field(default_factory=list)
    arraignments: list[tuple[int, str]] = field(default_factory=list)
    convictions: list[tuple[int, str, str]] = field(default_factory=list)
    measures: list[_Period] = field(default_factory=list)  # code: justitieel / civiel
    detentions: list[tuple[int, int | None]] = field(default_factory=list)
    school: list[tuple[int, str]] = field(default_factory=list)
    domestic: list[int] = field(default_factory=list)
    groups: list[_Period] = field(default_factory=list)  # code: geprioriteerd / overig
    participating: dict[str, date] = field(default_factory=dict)  # approach: inflow date
    outcomes: dict[str, str] = field(default_factory=dict)  # approach: outcome on the peildatum

    @property
    def person_id(self) -> str:
        return f"p{self.index:07d}"

    def municipality_on(self, day: int) -> str | None:
        """The region municipality of residence on ``day``, or None."""
        for start, end, code in self.residence:
            if start <= day and (end is None or day <= end):
                return code if code != "overig" else None
        return None


def _names(rng: random.Random, male: bool) -> tuple[str, str, str]:
    prefix, surname = rng.choice(SURNAMES)
    names = GIVEN_MALE if male else GIVEN_FEMALE
    given = rng.choice(names)
    if rng.random() < SECOND_GIVEN_NAME:
        second = rng.choice(names)
        if second != given:
            given = f"{given} {second}"
    return prefix, surname, given


def _residence(rng: random.Random, person: _Person, ctx: _Context) -> None:
    if rng.random() < SHARE_OUTSIDE_REGION:
        return
    home = _MUNICIPALITIES[
        rng.choices(range(len(_MUNICIPALITIES)), cum_weights=_MUNICIPALITY_CUM)[0]
    ]
    adult_from = person.birth + 18 * 365
    if rng.random() < SHARE_MOVED_IN:
        start = rng.randint(max(ctx.history_start, person.birth + 365), ctx.peil - 30)
    elif ctx.peil - person.birth < 25 * 365 or adult_from >= ctx.history_start:
        start = person.birth
    else:
        start = rng.randint(adult_from, ctx.history_start)
    start = min(start, ctx.peil)
    draw = rng.random()
    if draw < SHARE_MOVED_OUT and start < ctx.peil - 60:
        moved = rng.randint(max(start + 30, ctx.history_start), ctx.peil - 1)
        person.residence.append((start, moved, home))
        person.residence.append((moved + 1, None, "overig"))
    elif draw < SHARE_MOVED_OUT + SHARE_MOVED_WITHIN and start < ctx.peil - 60:
        moved = rng.randint(max(start + 30, ctx.history_start), ctx.peil - 1)
        other = home
        while other == home:
            other = _MUNICIPALITIES[
                rng.choices(range(len(_MUNICIPALITIES)), cum_weights=_MUNICIPALITY_CUM)[0]
            ]
        person.residence.append((start, moved, home))
        person.residence.append((moved + 1, None, other))
    else:
        person.residence.append((start, None, home))
    previous = None
    for start_day, end_day, code in person.residence:
        partner = f"gemeente_{code}" if code != "overig" else f"gemeente_{previous}"
        person.facts.append((partner, "inschrijving", start_day, end_day, code, ""))
        previous = code


def _home(person: _Person) -> str:
    """The municipality of residence on the peildatum ('overig' outside the region)."""
    return person.residence[-1][2] if person.residence else "overig"


# --- Offending ---------------------------------------------------------------------------


def _measure_add(
    person: _Person, partner: str, category: str, code: str, start: int, days: int, peil: int
) -> int:
    """Add a measure period, merged with a running one of the same code; return its end."""
    if start > peil:
        return start + days
    end = start + days
    for position in range(len(person.facts) - 1, -1, -1):
        fact = person.facts[position]
        if fact[1] == "maatregel" and fact[5] == code and fact[0] == partner:
            old_end = fact[3]
            if old_end is None or old_end >= start - 1:
                merged_end = None if old_end is None or end > peil else max(old_end, end)
                person.facts[position] = (partner, "maatregel", fact[2], merged_end, category, code)
                _measure_reindex(person)
                return end
            break
    person.facts.append((partner, "maatregel", start, end if end <= peil else None, category, code))
    person.measures.append((start, end if end <= peil else None, category))
    return end


def _measure_reindex(person: _Person) -> None:
    person.measures = [(f[2], f[3], f[4]) for f in person.facts if f[1] == "maatregel"]


def _detention_add(person: _Person, start: int, days: int, peil: int) -> int:
    if start > peil:
        return start + days
    end = start + days
    person.facts.append(("dji", "detentie", start, end if end <= peil else None, "", ""))
    person.detentions.append((start, end if end <= peil else None))
    return end


def _sentence(rng: random.Random, offence: str, youth: bool, priors: int) -> str:
    serious = offence in SERIOUS
    if youth:
        detention = 0.05 + (0.15 if serious else 0.0) + 0.03 * min(priors, 4)
        measure = 0.05 if serious and priors >= 2 else 0.01
        rest = (("taakstraf", 0.45), ("voorwaardelijk", 0.2), ("geldboete", 0.1), ("geen", 0.08))
        prison = "jeugddetentie"
    else:
        detention = 0.10 + (0.30 if serious else 0.0) + 0.05 * min(priors, 5)
        measure = 0.03 if priors >= 6 else 0.005
        rest = (("taakstraf", 0.3), ("geldboete", 0.35), ("voorwaardelijk", 0.2), ("geen", 0.05))
        prison = "gevangenisstraf"
    draw = rng.random()
    if draw < detention:
        return prison
    if draw < detention + measure:
        return "maatregel"
    share = (draw - detention - measure) / (1.0 - detention - measure)
    total = sum(weight for _, weight in rest)
    running = 0.0
    for code, weight in rest:
        running += weight / total
        if share < running:
            return code
    return rest[-1][0]


def _offending(rng: random.Random, person: _Person, ctx: _Context, activity: float) -> None:
    peil = ctx.peil
    birth = person.birth
    # Buckets of the history by age: weight = curve(age) x career x days.
    if rng.random() < SHARE_LATE_ONSET:
        onset = rng.uniform(*LATE_ONSET_AGES)
    else:
        onset = 12.0 + rng.expovariate(1.0 / CAREER_ONSET_MEAN)
    length = PERSISTENT_LENGTH_MEAN if rng.random() < SHARE_PERSISTENT else CAREER_LENGTH_MEAN
    desist = onset + 1.0 + rng.expovariate(1.0 / length)
    first_age = max(12, int((ctx.history_start - birth) / 365.2425))
    last_age = int((peil - birth) / 365.2425)
    starts: list[int] = []
    lengths: list[int] = []
    weights: list[float] = []
    for age in range(first_age, last_age + 1):
        start = max(ctx.history_start, birth + round(age * 365.2425))
        end = min(peil, birth + round((age + 1) * 365.2425) - 1)
        if end < start:
            continue
        starts.append(start)
        lengths.append(end - start + 1)
        career = 1.0 if onset <= age + 0.5 < desist else CAREER_RESIDUAL
        weights.append(_CURVE_BY_AGE[min(age, 120)] * career * (end - start + 1) / 365.2425)
    expected = activity * sum(weights)
    if expected <= 0.0:
        return
    count = max(1, _poisson(rng, expected))

    offence_weights = dict(OFFENCE_WEIGHTS)
    hic = math.exp(rng.gauss(0.0, HIC_AFFINITY_SIGMA)) * (1.0 + activity) ** HIC_AFFINITY_ACTIVITY
    for code in HIC:
        offence_weights[code] *= hic
    if rng.random() < SHARE_DEALER:
        offence_weights["harddrugs_handel"] *= DEALER_FACTOR
    home = _home(person)
    if home == "amsterdam" and peil - birth < 26 * 365 and rng.random() < SHARE_NEPDOPE:
        offence_weights["apv_nepdope"] = NEPDOPE_WEIGHT
    cum = _cumulative([offence_weights[code] for code in _OFFENCES])
    buckets = rng.choices(range(len(starts)), cum_weights=_cumulative(weights), k=count)
    days = sorted(starts[b] + int(rng.random() * lengths[b]) for b in buckets)
    offences = rng.choices(_OFFENCES, cum_weights=cum, k=count)

    facts = person.facts
    youth_partner = "wss" if person.lvb else "jbra"
    free_from = 0  # first day not in detention
    priors = 0
    birth_day = date.fromordinal(birth)
    rounds = ctx.rounds[:-1]
    next_round = 0
    for day, offence in zip(days, offences, strict=True):
        # Every fact dated on or before a round comes from an event on or before it, so a
        # round is applied once every earlier event is processed.
        while next_round < len(rounds) and rounds[next_round].ordinal < day:
            _round_apply(person, birth_day, rounds[next_round])
            next_round += 1
        if day < free_from or (person.participating and rng.random() < APPROACH_EFFECT):
            continue
        age_days = day - birth
        youth = age_days < 6574  # under 18 (18 x 365.25)
        young_adult = not youth and age_days < 8401  # under 23
        facts.append(("politie", "verdachte", day, None, offence, ""))
        person.suspects.append((day, offence))
        is_misdrijf = offence in MISDRIJVEN
        arrested = rng.random() < ARREST[offence]
        if arrested:
            facts.append(("politie", "aanhouding", day, None, offence, ""))
            person.arrests.append((day, offence))
            if offence in HIC:
                p_arraign = ARRAIGN_HIC
            elif offence in ("wapenbezit", "harddrugs_handel"):
                p_arraign = ARRAIGN_WEAPON_DRUGS
            elif offence in ("mishandeling", "bedreiging"):
                p_arraign = ARRAIGN_VIOLENCE_THREAT
            elif is_misdrijf:
                p_arraign = ARRAIGN_OTHER
            else:
                p_arraign = 0.0
            serious_case = offence in SERIOUS
            if rng.random() < p_arraign:
                serious_case = True
                arraign_day = day + rng.randint(0, 3)
                if arraign_day <= peil:
                    before = "rc" if rng.random() < SHARE_ARRAIGN_RC else "ovj"
                    facts.append(("politie", "voorgeleiding", arraign_day, None, offence, before))
                    person.arraignments.append((arraign_day, offence))
                    if before == "rc":
                        held = rng.randint(*PRETRIAL_DAYS)
                        free_from = max(free_from, _detention_add(person, day, held, peil) + 1)
            if is_misdrijf and (youth or young_adult):
                if youth:
                    chance = (
                        SUPERVISION_AT_ARREST_YOUTH_SERIOUS
                        if serious_case
                        else SUPERVISION_AT_ARREST_YOUTH
                    )
                else:
                    chance = SUPERVISION_AT_ARREST_YOUNG_ADULT
                if rng.random() < chance:
                    start = max(day, free_from) + rng.randint(3, 45)
                    if youth or rng.random() < 0.5:
                        partner, code = youth_partner, "jeugdreclassering"
                    else:
                        partner, code = "reclassering", "reclasseringstoezicht"
                    _measure_add(
                        person,
                        partner,
                        "justitieel",
                        code,
                        start,
                        rng.randint(*SUPERVISION_AT_ARREST_DAYS),
                        peil,
                    )
        if not is_misdrijf:
            chance = CONVICTION_MINOR
        else:
            chance = CONVICTION_ARRESTED if arrested else CONVICTION_NOT_ARRESTED
        if rng.random() >= chance:
            continue
        convicted = day + rng.randint(*CONVICTION_DELAY_DAYS)
        if convicted > peil:
            continue
        sentence = _sentence(rng, offence, youth, priors)
        facts.append(("om", "veroordeling", convicted, None, offence, sentence))
        person.convictions.append((convicted, offence, sentence))
        if sentence != "geen":
            priors += 1
        release = convicted
        if sentence in ("gevangenisstraf", "jeugddetentie"):
            if offence in SERIOUS:
                low, high = YOUTH_DETENTION_SERIOUS if youth else PRISON_SERIOUS
            else:
                low, high = YOUTH_DETENTION_OTHER if youth else PRISON_OTHER
            length = rng.randint(low, high)
            release = _detention_add(person, convicted, length, peil) + 1
            free_from = max(free_from, release)
        elif sentence == "maatregel":
            if youth:
                code = "pij" if offence in SERIOUS else "gbm"
                length = rng.randint(730, 1460) if code == "pij" else rng.randint(180, 365)
                _measure_add(person, youth_partner, "justitieel", code, convicted, length, peil)
            else:
                code, length = "isd", 730
                _measure_add(person, "reclassering", "justitieel", code, convicted, length, peil)
            if code != "gbm":
                release = _detention_add(person, convicted, length, peil) + 1
                free_from = max(free_from, release)
        if sentence in ("geen", "geldboete"):
            continue
        if youth or (young_adult and rng.random() < 0.5):
            if rng.random() < SUPERVISION_AFTER_YOUTH:
                _measure_add(
                    person,
                    youth_partner,
                    "justitieel",
                    "jeugdreclassering",
                    release,
                    rng.randint(*YOUTH_SUPERVISION_DAYS),
                    peil,
                )
        elif rng.random() < SUPERVISION_AFTER_ADULT:
            _measure_add(
                person,
                "reclassering",
                "justitieel",
                "reclasseringstoezicht",
                release,
                rng.randint(*ADULT_SUPERVISION_DAYS),
                peil,
            )

    for r in rounds[next_round:]:
        _round_apply(person, birth_day, r)
    _outcomes_set(person, birth_day, ctx.rounds[-1])


# --- Care signals ------------------------------------------------------------------------


def _at_age(person: _Person, rng: random.Random, low: float, high: float) -> int:
    """A random day at which the person is between ``low`` and ``high`` years old."""
    return person.birth + int(rng.uniform(low, high) * 365.2425)


def _care(rng: random.Random, person: _Person, ctx: _Context, risk: float) -> None:
    peil, history = ctx.peil, ctx.history_start
    facts = person.facts
    youth_partner = "wss" if person.lvb else "jbra"
    # Civil-law measures as a minor.
    if rng.random() < OTS_RATE * risk:
        start = _at_age(person, rng, 2, 15)
        length = int(rng.uniform(1, 4) * 365.2425)
        length = min(length, person.birth + 6574 - start)
        if start <= peil and start + length >= history and length > 30:
            _measure_add(person, youth_partner, "civiel", "ots", start, length, peil)
    if rng.random() < GUARDIANSHIP_RATE * risk:
        start = _at_age(person, rng, 2, 14)
        length = person.birth + 6574 - start
        if start <= peil and start + length >= history:
            _measure_add(person, youth_partner, "civiel", "voogdij", start, length, peil)

    def school(code: str, low: float, high: float) -> None:
        day = _at_age(person, rng, low, high)
        if history <= day <= peil:
            municipality = person.municipality_on(day)
            if municipality is not None:
                facts.append((f"gemeente_{municipality}", "leerplicht", day, None, code, ""))
                person.school.append((day, code))

    for _ in range(_poisson(rng, SCHOOL_PV_RATE * risk)):
        school("pv_leerplicht", 12, 17)
    if rng.random() < SCHOOL_HOME_RATE * risk:
        school("thuiszitter", 8, 17)
    if rng.random() < SCHOOL_ABSENT_RATE * risk:
        school("absoluut_verzuim", 6, 17)
    if rng.random() < SCHOOL_VSV_RATE * risk:
        school("vsv", 16, 22)
    for _ in range(_poisson(rng, SCHOOL_CHANGE_PO[0] * risk + SCHOOL_CHANGE_PO[1] * risk * risk)):
        school("schoolwissel_po", 4, 12)
    for _ in range(_poisson(rng, SCHOOL_CHANGE_VO[0] * risk + SCHOOL_CHANGE_VO[1] * risk * risk)):
        school("schoolwissel_vo", 12, 18)

    low_age = max(0.0, (history - person.birth) / 365.2425)
    high_age = (peil - person.birth) / 365.2425
    if high_age > low_age:
        for _ in range(_poisson(rng, DOMESTIC_BASE + DOMESTIC_PER_CARE * risk)):
            day = _at_age(person, rng, low_age, high_age)
            if not history <= day <= peil:
                continue
            roles = DOMESTIC_ROLES_MINOR if day - person.birth < 6574 else DOMESTIC_ROLES_ADULT
            role = rng.choices(tuple(roles), weights=tuple(roles.values()))[0]
            facts.append(("politie", "huiselijk_geweld", day, None, "", role))
            person.domestic.append(day)


def _youth_group(rng: random.Random, person: _Person, ctx: _Context, activity: float) -> None:
    if rng.random() >= min(YOUTH_GROUP_MAX, YOUTH_GROUP_PER_ACTIVITY * activity):
        return
    start = _at_age(person, rng, 13, 20)
    if not ctx.history_start <= start <= ctx.peil:
        return
    municipality = person.municipality_on(start)
    if municipality is None:
        return
    end = start + rng.randint(*YOUTH_GROUP_DAYS)
    kind = "geprioriteerd" if rng.random() < YOUTH_GROUP_PRIORITISED else "overig"
    group = f"jg-{_GROUP_PREFIX[municipality]}-{rng.randrange(YOUTH_GROUPS[municipality]) + 1:03d}"
    end_or_none = end if end <= ctx.peil else None
    person.facts.append((f"gemeente_{municipality}", "jeugdgroep", start, end_or_none, kind, group))
    person.groups.append((start, end_or_none, kind))


def _person_make(
    index: int,
    ctx: _Context,
    rng: random.Random,
    noise_rng: random.Random,
    noise: NoiseRates,
    previous: _Person | None,
) -> _Person:
    rng.seed(f"regie-region/{ctx.seed}/{index}")
    noise_rng.seed(f"regie-region/{ctx.seed}/{index}/ruis")
    is_offender = rng.random() >= SHARE_CARE_ONLY
    age = _band_age(rng, AGE_BANDS_OFFENDER if is_offender else AGE_BANDS_CARE_ONLY)
    male = rng.random() < (SHARE_MALE_OFFENDER if is_offender else SHARE_MALE_CARE_ONLY)
    birth = ctx.peil - int((age + rng.random()) * 365.2425)
    prefix, surname, given = _names(rng, male)
    person = _Person(index, bsn_for(index), male, surname, prefix, given, birth)
    person.lvb = rng.random() < SHARE_LVB
    # Twins and namesakes: drawn from the noise stream, they change the truth itself.
    if previous is not None:
        if noise_rng.random() < noise.twins:
            person.twin_of = previous.index
            person.surname, person.prefix, person.birth = (
                previous.surname,
                previous.prefix,
                previous.birth,
            )
            while person.given == previous.given:
                person.given = _names(noise_rng, person.male)[2]
        elif noise_rng.random() < noise.namesakes:
            person.namesake_of = previous.index
            person.male = previous.male
            person.surname, person.prefix, person.given, person.birth = (
                previous.surname,
                previous.prefix,
                previous.given,
                previous.birth,
            )
    if person.twin_of is not None and previous is not None and previous.residence:
        # Twins grew up together: same residence.
        person.residence = list(previous.residence)
        prior = None
        for start_day, end_day, code in person.residence:
            partner = f"gemeente_{code}" if code != "overig" else f"gemeente_{prior}"
            person.facts.append((partner, "inschrijving", start_day, end_day, code, ""))
            prior = code
    else:
        _residence(rng, person, ctx)
    home = _home(person)
    activity = 0.0
    if is_offender:
        activity = math.exp(rng.gauss(ACTIVITY_MU, ACTIVITY_SIGMA))
        activity *= MUNICIPALITY_ACTIVITY.get(home, OUTSIDE_ACTIVITY)
    age_now = (ctx.peil - person.birth) / 365.2425
    if not is_offender:
        risk = 0.3 + 0.7 * rng.random()
    elif age_now <= CARE_AGE_LIMIT and rng.random() < min(
        CARE_MAX, CARE_BASE + CARE_PER_ACTIVITY * activity
    ):
        risk = 0.35 + 0.65 * rng.random()
    else:
        risk = 0.08 * rng.random()
    _care(rng, person, ctx, risk)
    if is_offender:
        if age_now < 32:
            _youth_group(rng, person, ctx, activity)
        _offending(rng, person, ctx, activity)
    return person


# --- The criteria, as the generator reads them (spec/criteria.md) -------------------------


def _in_region(periods: list[_Period], day: int) -> bool:
    return any(
        start <= day and (end is None or day <= end) and code != "overig"
        for start, end, code in periods
    )


def _holds(periods: list[_Period], day: int, code: str) -> bool:
    return any(
        c == code and start <= day and (end is None or day <= end) for start, end, c in periods
    )


def _detention_days(person: _Person, low: int, day: int) -> int:
    """Days in (low, day] covered by at least one detention period."""
    spans = sorted(
        (max(start, low + 1), min(day if end is None else end, day))
        for start, end in person.detentions
    )
    total = 0
    covered_until = low
    for start, end in spans:
        start = max(start, covered_until + 1)
        if end >= start:
            total += end - start + 1
            covered_until = end
    return total


def _top400_meets(person: _Person, birth: date, r: _Round) -> bool:
    day = r.ordinal
    if not 12 <= _age(birth, r.day) <= 23 or not _in_region(person.residence, day):
        return False
    hic = sum(1 for d, o in person.arrests if r.after_5y < d <= day and o in HIC)
    if not hic:
        misdrijf = sum(1 for d, o in person.arrests if r.after_2y < d <= day and o in MISDRIJVEN)
        if misdrijf < 2:
            return False
    signals = 0
    signals += _holds(person.measures, day, "justitieel")
    signals += _holds(person.measures, day, "civiel")
    school = any(
        r.after_5y < d <= day and c in ("pv_leerplicht", "thuiszitter", "absoluut_verzuim", "vsv")
        for d, c in person.school
    )
    school = school or sum(1 for d, c in person.school if d <= day and c == "schoolwissel_po") > 3
    school = school or sum(1 for d, c in person.school if d <= day and c == "schoolwissel_vo") > 2
    signals += school
    signals += any(r.after_5y < d <= day for d in person.domestic)
    signals += any(
        d <= day and 12 <= _age(birth, date.fromordinal(d)) <= 13 for d, _ in person.arrests
    )
    signals += any(r.after_5y < d <= day and o == "apv_nepdope" for d, o in person.arrests)
    signals += _holds(person.groups, day, "geprioriteerd")
    return signals >= 3


def _top600_hic(person: _Person, birth: date, r: _Round) -> bool:
    """The HIC category: the police part (variant 1 or 2) and the OM part."""
    day = r.ordinal
    hic_arrests = sum(1 for d, o in person.arrests if r.after_5y < d <= day and o in HIC)
    if not (
        hic_arrests
        and any(r.after_2y < d <= day and o in HIC for d, o in person.suspects)
        and any(r.after_5y < d <= day and o in HIC for d, o in person.arraignments)
    ):
        return False
    if hic_arrests < 3 and sum(1 for d, _ in person.suspects if r.after_5y < d <= day) < 33:
        return False
    sentenced = [o for d, o, s in person.convictions if r.after_5y < d <= day and s != "geen"]
    if not any(o in HIC for o in sentenced):
        return False
    return _age(birth, r.day) < 21 or len(sentenced) >= 3


def _top600_dv(person: _Person, birth: date, r: _Round) -> bool:
    """The drugs-and-violence category: the police part and the OM part."""
    day = r.ordinal
    arrests = [o for d, o in person.arrests if r.after_5y < d <= day]
    sentenced = [
        (d, o, s) for d, o, s in person.convictions if r.after_5y < d <= day and s != "geen"
    ]
    if not (
        _age(birth, r.day) < 30
        and "harddrugs_handel" in arrests
        and any(o in VIOLENCE or o in ("bedreiging", "wapenbezit") for o in arrests)
        and sum(1 for _, o, _ in sentenced if o in MISDRIJVEN) >= 2
    ):
        return False
    for d, o, s in sentenced:
        prison = s in ("gevangenisstraf", "jeugddetentie")
        if d > r.after_3y and (
            o == "harddrugs_handel" or (prison and (o == "wapenbezit" or o in SERIOUS_VIOLENCE))
        ):
            return True
    return False


def _top600_category(person: _Person, birth: date, r: _Round) -> bool:
    """The HIC or the drugs-and-violence category (without the region)."""
    return _top600_hic(person, birth, r) or _top600_dv(person, birth, r)


def _top600_meets(person: _Person, birth: date, r: _Round) -> bool:
    return _in_region(person.residence, r.ordinal) and _top600_category(person, birth, r)


def _stays(person: _Person, birth: date, r: _Round, approach: str, since: date) -> bool:
    """The outflow rules for a current participant: True when the person stays."""
    if _age(since, r.day) < 2:
        return True
    limit = 100 if approach == "top400" else 180
    if _detention_days(person, r.after_2y, r.ordinal) > limit:
        return True
    if approach == "top400":
        return sum(1 for d, _ in person.arrests if r.after_1y < d <= r.ordinal) > 1
    return _top600_category(person, birth, r)


def _meets(approach: str, person: _Person, birth: date, r: _Round) -> bool:
    if approach == "top400":
        return _top400_meets(person, birth, r)
    return _top600_meets(person, birth, r)


def _round_apply(person: _Person, birth: date, r: _Round) -> None:
    """A past round: participants flow out, persons who meet the criteria flow in."""
    if not person.arrests:
        return
    for approach in APPROACHES:
        since = person.participating.get(approach)
        if since is None:
            if _meets(approach, person, birth, r):
                person.participating[approach] = r.day
        elif not _stays(person, birth, r, approach, since):
            del person.participating[approach]


def _outcomes_set(person: _Person, birth: date, r: _Round) -> None:
    """The outcome per approach on the peildatum's round, as ``regie select`` should find it."""
    for approach in APPROACHES:
        since = person.participating.get(approach)
        if since is not None:
            stays = _stays(person, birth, r, approach, since)
            person.outcomes[approach] = "blijft" if stays else "uitstroom"
        elif person.arrests and _meets(approach, person, birth, r):
            person.outcomes[approach] = "instroom"


# --- Identity noise ----------------------------------------------------------------------

_DIACRITIC_EXTRA: Final = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "ß": "ss", "İ": "I"})
_KEYBOARD: Final = "qwertyuiopasdfghjklzxcvbnm"


@cache
def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_DIACRITIC_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _typo(rng: random.Random, text: str) -> str:
    """One typing error: a letter replaced, dropped, doubled, or two letters swapped."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    for _ in range(10):
        at = rng.choice(letters)
        kind = rng.randrange(4)
        if kind == 0:
            replacement = rng.choice(_KEYBOARD)
            if text[at].isupper():
                replacement = replacement.upper()
            changed = text[:at] + replacement + text[at + 1 :]
        elif kind == 1 and len(letters) > 2:
            changed = text[:at] + text[at + 1 :]
        elif kind == 2:
            changed = text[:at] + text[at] + text[at:]
        elif at + 1 < len(text) and text[at + 1].isalpha():
            changed = text[:at] + text[at + 1] + text[at] + text[at + 2 :]
        else:
            continue
        if changed != text and changed.strip():
            return changed
    return text + rng.choice(_KEYBOARD)


@dataclass
class _Counts:
    facts: Counter[str] = field(default_factory=Counter)
    participants: Counter[str] = field(default_factory=Counter)
    expected: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    eligible: Counter[str] = field(default_factory=Counter)


@dataclass
class _ChunkOutput:
    index: int
    persons: int
    deliveries: dict[str, str]  # partner -> CSV text without header
    identities: str
    persons_text: str
    participants_text: str
    counts: _Counts


def _chunk_build(
    chunk: int, start: int, stop: int, seed: int, peildatum: date, noise: NoiseRates
) -> _ChunkOutput:
    """Persons ``start`` to ``stop`` (exclusive) as CSV text; runs in a worker process too."""
    ctx = _context(seed, peildatum)
    rng = random.Random()
    noise_rng = random.Random()
    rows: dict[str, list[tuple[str, ...]]] = {partner: [] for partner in PARTNERS}
    serial: dict[str, int] = dict.fromkeys(PARTNERS, 0)
    identities: list[tuple[str, str, str, str]] = []
    person_rows: list[tuple[str, ...]] = []
    participant_rows: list[tuple[str, ...]] = []
    counts = _Counts()
    dates = ctx.dates
    is_noisy = not noise.is_none
    previous: _Person | None = None
    for index in range(start, stop):
        person = _person_make(index, ctx, rng, noise_rng, noise, previous)
        previous = person
        person_id = person.person_id
        birth_text = dates[person.birth - _EPOCH]
        person_rows.append(
            (
                person_id,
                person.bsn,
                person.surname,
                person.prefix,
                person.given,
                birth_text,
                "m" if person.male else "v",
                _home(person),
                "" if person.twin_of is None else f"p{person.twin_of:07d}",
                "" if person.namesake_of is None else f"p{person.namesake_of:07d}",
            )
        )
        if person.twin_of is not None:
            counts.errors["tweeling"] += 1
        if person.namesake_of is not None:
            counts.errors["naamgenoot"] += 1
        for approach, since in person.participating.items():
            participant_rows.append(
                (
                    person.bsn,
                    person.surname,
                    person.prefix,
                    person.given,
                    birth_text,
                    approach,
                    since.isoformat(),
                )
            )
            counts.participants[approach] += 1
        for approach, outcome in person.outcomes.items():
            counts.expected[(approach, outcome)] += 1

        true_identity = (person.bsn, person.surname, person.prefix, person.given, birth_text)
        variants = None
        if is_noisy:
            variants = _IdentityNoise(noise_rng, noise, person, birth_text, counts)
        for partner, kind, begin, end, category, detail in person.facts:
            serial[partner] += 1
            bron_id = (
                f"{_PARTNER_PREFIX[partner]}-"
                f"{_opaque((chunk << 24) | serial[partner], ctx.keys[partner]):012x}"
            )
            identity, errors = true_identity, ""
            if variants is not None:
                identity, errors = variants.identity(partner)
            rows[partner].append(
                (
                    partner,
                    bron_id,
                    *identity,
                    kind,
                    dates[begin - _EPOCH],
                    "" if end is None else dates[end - _EPOCH],
                    category,
                    detail,
                )
            )
            identities.append((partner, bron_id, person_id, errors))
            counts.facts[partner] += 1

    deliveries: dict[str, str] = {}
    shuffle = random.Random(f"regie-region/{seed}/chunk/{chunk}/volgorde")
    for partner in PARTNERS:
        partner_rows = rows[partner]
        shuffle.shuffle(partner_rows)
        deliveries[partner] = _csv_text(partner_rows)
    return _ChunkOutput(
        index=chunk,
        persons=stop - start,
        deliveries=deliveries,
        identities=_csv_text(identities),
        persons_text=_csv_text(person_rows),
        participants_text=_csv_text(participant_rows),
        counts=counts,
    )


class _IdentityNoise:
    """The identity columns of one person's rows, each drawn with noise, and what was injected."""

    def __init__(
        self,
        rng: random.Random,
        rates: NoiseRates,
        person: _Person,
        birth_text: str,
        counts: _Counts,
    ) -> None:
        self.rng = rng
        self.rates = rates
        self.person = person
        self.birth_text = birth_text
        self.counts = counts
        birth = date.fromordinal(person.birth)
        #: a swap of day and month gives another valid date only for a day of 12 or less
        self.swapped = (
            date(birth.year, birth.day, birth.month).isoformat()
            if birth.day <= 12 and birth.day != birth.month
            else None
        )
        self.has_diacritics = (
            _ascii(person.surname) != person.surname or _ascii(person.given) != person.given
        )

    def identity(self, partner: str) -> tuple[tuple[str, str, str, str, str], str]:
        """(bsn, achternaam, tussenvoegsel, voornamen, geboortedatum) and the error codes."""
        rng, rates, person = self.rng, self.rates, self.person
        bsn, surname, prefix, given = person.bsn, person.surname, person.prefix, person.given
        birth = self.birth_text
        errors: list[str] = []
        eligible = self.counts.eligible
        if partner == "politie":
            eligible[ERROR_MISSING_BSN] += 1
            if rng.random() < rates.missing_bsn:
                bsn = ""
                errors.append(ERROR_MISSING_BSN)
        eligible["typefout"] += 1
        if rng.random() < rates.name_typo:
            if rng.random() < 0.5:
                surname = _typo(rng, surname)
                errors.append(ERROR_TYPO_SURNAME)
            else:
                given = _typo(rng, given)
                errors.append(ERROR_TYPO_GIVEN)
        if self.swapped is not None:
            eligible[ERROR_DAY_MONTH] += 1
            if rng.random() < rates.day_month_swap:
                birth = self.swapped
                errors.append(ERROR_DAY_MONTH)
        if prefix:
            eligible[ERROR_PREFIX] += 1
            if rng.random() < rates.prefix_in_surname:
                surname = f"{prefix} {surname}"
                prefix = ""
                errors.append(ERROR_PREFIX)
        if self.has_diacritics:
            eligible[ERROR_DIACRITICS] += 1
            if rng.random() < rates.diacritics_dropped:
                surname = _ascii(surname)
                given = _ascii(given)
                errors.append(ERROR_DIACRITICS)
        self.counts.errors.update(errors)
        return (bsn, surname, prefix, given, birth), ";".join(errors)


def _csv_text(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


# --- Writing -----------------------------------------------------------------------------


def existing_outputs(output: Path) -> list[Path]:
    """Files in ``output`` that ``region_write`` would overwrite or ``regie select`` would read."""
    if not output.is_dir():
        return []
    found = [path for path in output.iterdir() if path.suffix.lower() == ".csv" and path.is_file()]
    truth = output / GROUND_TRUTH_DIR
    if truth.is_dir():
        found.extend(path for path in truth.iterdir() if path.is_file())
    return sorted(found)


def _chunks(persons: int) -> Iterator[tuple[int, int, int]]:
    for chunk, start in enumerate(range(0, persons, CHUNK_PERSONS)):
        yield chunk, start, min(persons, start + CHUNK_PERSONS)


def _chunk_outputs(
    persons: int, seed: int, peildatum: date, noise: NoiseRates, workers: int
) -> Iterator[_ChunkOutput]:
    """The chunks in order; built here or by ``workers`` processes, with a bounded queue."""
    if workers <= 1:
        for chunk, start, stop in _chunks(persons):
            yield _chunk_build(chunk, start, stop, seed, peildatum, noise)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: list[Future[_ChunkOutput]] = []
        for chunk, start, stop in _chunks(persons):
            pending.append(pool.submit(_chunk_build, chunk, start, stop, seed, peildatum, noise))
            if len(pending) >= 2 * workers:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


def region_write(
    output: Path,
    *,
    persons: int,
    seed: int,
    peildatum: date,
    noise: NoiseRates | None,
    on_progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    overwrite: bool = False,
) -> RegionSummary:
    """Write the deliveries, ``deelnemers.csv`` and the ground truth of a synthetic region.

    ``noise=None`` means no identity noise. ``on_progress`` gets the number of persons
    written so far. ``workers`` is the number of processes (default: one below
    ``PARALLEL_FROM`` persons, else up to four); the output does not depend on it.
    Raises ``OutputExists`` when ``output`` already holds CSV files and not ``overwrite``,
    and ``ValueError`` for fewer than one person.
    """
    if persons < 1:
        raise ValueError("persons must be at least 1")
    noise = noise if noise is not None else NoiseRates.none()
    existing = existing_outputs(output)
    if existing and not overwrite:
        raise OutputExists(", ".join(str(path) for path in existing))
    ours = {output / name for name in OUTPUT_FILES}
    strangers = [path for path in existing if path not in ours]
    if strangers:
        raise OutputExists(", ".join(str(path) for path in strangers))
    for path in existing:
        path.unlink()
    if workers is None:
        workers = 1 if persons < PARALLEL_FROM else max(1, min(4, os.cpu_count() or 1))
    started = time.perf_counter()
    (output / GROUND_TRUTH_DIR).mkdir(parents=True, exist_ok=True)
    counts = _Counts()
    handles: dict[str, io.TextIOWrapper] = {}
    try:
        for partner in PARTNERS:
            handles[partner] = (output / f"{partner}.csv").open("w", newline="", encoding="utf-8")
            handles[partner].write(",".join(FACT_COLUMNS) + "\n")
        participants = (output / PARTICIPANTS_FILE).open("w", newline="", encoding="utf-8")
        handles[PARTICIPANTS_FILE] = participants
        participants.write(",".join(PARTICIPANT_COLUMNS) + "\n")
        truth = output / GROUND_TRUTH_DIR
        identities = (truth / IDENTITIES_FILE).open("w", newline="", encoding="utf-8")
        handles[IDENTITIES_FILE] = identities
        identities.write(",".join(IDENTITY_COLUMNS) + "\n")
        people = (truth / PERSONS_FILE).open("w", newline="", encoding="utf-8")
        handles[PERSONS_FILE] = people
        people.write(",".join(PERSON_COLUMNS) + "\n")
        done = 0
        for part in _chunk_outputs(persons, seed, peildatum, noise, workers):
            for partner in PARTNERS:
                handles[partner].write(part.deliveries[partner])
            participants.write(part.participants_text)
            identities.write(part.identities)
            people.write(part.persons_text)
            for name in ("facts", "participants", "expected", "errors", "eligible"):
                getattr(counts, name).update(getattr(part.counts, name))
            done += part.persons
            if on_progress is not None:
                on_progress(done)
    finally:
        for handle in handles.values():
            handle.close()
    summary = RegionSummary(
        persons=persons,
        seed=seed,
        peildatum=peildatum.isoformat(),
        facts={partner: counts.facts[partner] for partner in PARTNERS},
        participants={approach: counts.participants[approach] for approach in APPROACHES},
        expected={
            approach: {
                outcome: counts.expected[(approach, outcome)]
                for outcome in ("instroom", "blijft", "uitstroom")
            }
            for approach in APPROACHES
        },
        errors={code: counts.errors[code] for code in (*ERROR_CODES, "tweeling", "naamgenoot")},
        eligible={code: counts.eligible[code] for code in _ELIGIBLE_CODES} | {"personen": persons},
        seconds=round(time.perf_counter() - started, 1),
    )
    record = asdict(summary) | {"ruis": asdict(noise)}
    record.pop("seconds")
    (output / GROUND_TRUTH_DIR / SUMMARY_FILE).write_text(
        json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return summary
