"""A stress set of every occupation far from client work: resumes and ads built at run time
from O*NET 29.2, scored by the public pipeline. Every one should get no account rung.

    python benchmarks/occupation_stress.py                  # every occupation, ~4,400 documents
    python benchmarks/occupation_stress.py --sample 100 --seed 7
    python benchmarks/occupation_stress.py --errors         # each document given a rung, and why
    python benchmarks/run.py --only stress                  # the summary rows in the full table

It reads ``../shared/reference/full/`` (or ``$MATCHER_REFERENCE_FULL``, or ``--reference DIR``;
it says "skipped" when that is absent): the O*NET 29.2 occupation data, alternate titles, sample of reported titles, task
statements and job zones (CC BY 4.0: "This product includes information from the O*NET 29.2
Database by the U.S. Department of Labor, Employment and Training Administration (USDOL/ETA).
Used under the CC BY 4.0 license. USDOL/ETA has not approved, endorsed, or tested these
modifications."). The documents are made in memory, seeded and deterministic (one random
stream per occupation, so a ``--sample`` holds the same documents as the full run), and never
written anywhere. They are a measurement, not training data: nothing here feeds
``matcher train``, and a rule tuned to pass them would be tuned to O*NET's phrasing, which
held-out real documents do not share.

Which occupations. Every O*NET-SOC occupation with task statements (923 of 1,016; military
and "All Other" codes without tasks cannot be written), except those whose work is selling
to or serving client accounts, where a rung (or the ladder's neighbours) is a fair answer.
Left out, by SOC code (``EXCLUDED``):

- ``41`` Sales and Related: selling is the neighbour of account work (the issue keeps sales
  representatives on the ladder); cashiers and models go too, to keep the rule one line;
- ``11-2`` Advertising, Marketing, Promotions, Public Relations, Sales and Fundraising
  Managers: O*NET files agency Account Director titles under 11-2011 and National Account
  Manager under 11-2022; fundraising managers keep donor accounts;
- ``13-1161`` Market Research Analysts and Marketing Specialists, ``27-3031`` Public
  Relations Specialists: agency-side client work;
- in ``43-4`` (Information and Record Clerks) only the client-facing ones: ``43-4051``
  Customer Service Representatives (the coordinator rung's feeder), ``43-4011`` Brokerage
  Clerks and ``43-4141`` New Accounts Clerks (they open and keep client accounts),
  ``43-4151`` Order Clerks (take and follow customers' orders, a sales-support job) and
  ``43-4181`` Reservation and Ticket Agents (sell bookings). File, court, library, hotel-desk,
  HR, eligibility and loan clerks, interviewers and receptionists stay: they serve the
  public, not client accounts;
- ``13-1011`` Agents and Business Managers of Artists, Performers and Athletes and
  ``13-2052`` Personal Financial Advisors: each keeps a book of clients.

Titles that name client work ("Business Development Executive" is an alternate title of
Chief Executives) are never chosen for the remaining occupations: a document must not say it
is a neighbour in its own title.

What is built, per occupation (``Built``):

- a resume: a name and contact line, a headline (one of its reported or alternate titles),
  a summary, 2-4 positions with titles from the same occupation or one in the same SOC broad
  (else minor) group, employers and cities, dates ending at or before ``AS_OF``, in one of
  ``LAYOUTS`` per resume; bullets from its task statements, in the past tense, present tense,
  first person or as O*NET writes them; an education line by job zone; a skills line from the
  words of its titles;
- an ad: its title, employer and city, a one-sentence employer blurb, its task statements as
  responsibilities, and a requirements block (years by job zone, education, the skill words);
- each again with generic titles (``GENERIC``: "Senior Associate", "Team Lead", "Manager"...)
  in place of every real title, the content unchanged: the judgement must rest on the tasks;
- the resume a third time without its headline (the summary then names no title): its
  occupation must come from the positions, so the layouts' titles have to be read.

Scored as ``matcher score`` scores text (``read_text``, ``check_document``, ``build_profiles``
with ``nlp.pipe`` batching, ``fit_many``), kind detected, "present" pinned to ``AS_OF``. A
document refused by ``check_document`` gets no rung and is counted apart.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = Path(
    os.environ.get("MATCHER_REFERENCE_FULL") or REPO.parent / "shared" / "reference" / "full"
)
AS_OF = date(2025, 6, 1)
TARGET = "≥ 99%"

EXCLUDED: dict[str, str] = {
    "41": "Sales and Related Occupations",
    "11-2": "Advertising, Marketing, Promotions, Public Relations, Sales and Fundraising Managers",
    "13-1161": "Market Research Analysts and Marketing Specialists",
    "27-3031": "Public Relations Specialists",
    "43-4051": "Customer Service Representatives",
    "43-4011": "Brokerage Clerks",
    "43-4141": "New Accounts Clerks",
    "43-4151": "Order Clerks",
    "43-4181": "Reservation and Transportation Ticket Agents and Travel Clerks",
    "13-1011": "Agents and Business Managers of Artists, Performers, and Athletes",
    "13-2052": "Personal Financial Advisors",
}
MAJOR_GROUPS = {
    "11": "Management", "13": "Business and Financial Operations",
    "15": "Computer and Mathematical", "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science", "21": "Community and Social Service",
    "23": "Legal", "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners and Technical", "31": "Healthcare Support",
    "33": "Protective Service", "35": "Food Preparation and Serving",
    "37": "Building and Grounds Cleaning and Maintenance", "39": "Personal Care and Service",
    "43": "Office and Administrative Support", "45": "Farming, Fishing, and Forestry",
    "47": "Construction and Extraction", "49": "Installation, Maintenance, and Repair",
    "51": "Production", "53": "Transportation and Material Moving", "55": "Military Specific",
}  # fmt: skip
GENERIC = (
    "Senior Associate", "Team Lead", "Specialist", "Manager", "Coordinator", "Consultant",
    "Associate", "Senior Specialist", "Supervisor",
)  # fmt: skip
_CLIENT_TITLE = re.compile(
    r"\b(?:account|sales|salesperson|business development|customer|client|marketing|"
    r"advertising|commercial|relationship|retail|merchandis\w*|broker|buyer|purchasing)\b",
    re.I,
)
"""Title words of client work: such titles are not chosen (see the module doc)."""

# --- reading O*NET -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OnetOccupation:
    code: str
    title: str
    titles: tuple[str, ...]
    """Reported titles first, then alternate titles, cleaned, none naming client work."""
    tasks: tuple[str, ...]
    """Core tasks first."""
    job_zone: int

    @property
    def major(self) -> str:
        return self.code[:2]


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _clean_title(title: str) -> str | None:
    """A title as people write it on a resume: the parenthesised expansion dropped, no list
    of alternatives, not too long; None when it is not one."""
    title = re.sub(r"\s*\([^)]*\)\s*", " ", title).strip()
    if not title or "," in title or ";" in title or len(title.split()) > 5:
        return None
    if re.search(r"\b(?:or|and/or)\b", title, re.I) or _CLIENT_TITLE.search(title):
        return None
    return title


def is_excluded(code: str) -> bool:
    return any(code.startswith(prefix) for prefix in EXCLUDED)


def load_occupations(folder: Path) -> list[OnetOccupation]:
    """Every O*NET occupation with tasks and at least one usable title, in code order."""
    names = {r["O*NET-SOC Code"]: r["Title"] for r in _rows(folder / "onet_occupation_data.txt")}
    titles: dict[str, list[str]] = defaultdict(list)
    for name, column in (
        ("onet_sample_of_reported_titles.txt", "Reported Job Title"),
        ("onet_alternate_titles.txt", "Alternate Title"),
    ):
        for row in _rows(folder / name):
            title = _clean_title(row[column])
            if title and title not in titles[row["O*NET-SOC Code"]]:
                titles[row["O*NET-SOC Code"]].append(title)
    tasks: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    for row in _rows(folder / "onet_task_statements.txt"):
        tasks[row["O*NET-SOC Code"]].append((row["Task Type"] != "Core", row["Task"].strip()))
    zones = {r["O*NET-SOC Code"]: int(r["Job Zone"]) for r in _rows(folder / "onet_job_zones.txt")}
    out = []
    for code in sorted(names):
        if not tasks.get(code) or not titles.get(code):
            continue
        ordered = tuple(t for _, t in sorted(tasks[code], key=lambda pair: pair[0]))
        out.append(
            OnetOccupation(code, names[code], tuple(titles[code]), ordered, zones.get(code, 3))
        )
    return out


def related(occupation: OnetOccupation, pool: Sequence[OnetOccupation]) -> list[OnetOccupation]:
    """Occupations of the same SOC broad group ("29-114"), else minor group ("29-11")."""
    for width in (6, 5):
        near = [
            o
            for o in pool
            if o.code[:width] == occupation.code[:width] and o.code != occupation.code
        ]
        if near:
            return near
    return []


# --- writing tasks as bullets ------------------------------------------------------------

_IRREGULAR = {
    "become": "became", "bend": "bent", "bind": "bound", "blow": "blew", "break": "broke",
    "bring": "brought", "build": "built", "buy": "bought", "choose": "chose", "deal": "dealt",
    "dig": "dug", "do": "did", "draw": "drew", "drive": "drove", "feed": "fed", "feel": "felt",
    "fight": "fought", "find": "found", "fly": "flew", "freeze": "froze", "give": "gave",
    "grind": "ground", "hang": "hung", "hear": "heard", "hold": "held", "keep": "kept",
    "lay": "laid", "lead": "led", "leave": "left", "lend": "lent", "light": "lit", "make": "made",
    "meet": "met", "oversee": "oversaw", "pay": "paid", "rebuild": "rebuilt", "rewind": "rewound",
    "rewrite": "rewrote", "ride": "rode", "run": "ran", "seek": "sought", "sell": "sold",
    "send": "sent", "shrink": "shrank", "sing": "sang", "slide": "slid", "speak": "spoke",
    "stand": "stood", "strike": "struck", "string": "strung", "sweep": "swept", "take": "took",
    "teach": "taught", "tear": "tore", "tell": "told", "unwind": "unwound", "wear": "wore",
    "wind": "wound", "withdraw": "withdrew", "write": "wrote", "countersink": "countersank",
    "interweave": "interwove", "troubleshoot": "troubleshot", "undergo": "underwent",
}  # fmt: skip
_UNCHANGED = frozenset(
    "broadcast cut fit forecast input let precast proofread put read reset set shut slit split "
    "spread typeset wet".split()
)
_DOUBLE = frozenset(
    "admit control patrol refer confer submit transfer embed program equip commit permit "
    "retrofit".split()
)
_NOT_ADVERBS = frozenset({"apply", "supply", "comply", "fly", "rely"})


def past(verb: str) -> str:
    head, _, last = verb.rpartition("-")
    word = last.lower()
    if word in _IRREGULAR:
        done = _IRREGULAR[word]
    elif word in _UNCHANGED:
        done = word
    elif word.endswith("e"):
        done = word + "d"
    elif re.search(r"[^aeiou]y$", word):
        done = word[:-1] + "ied"
    elif word in _DOUBLE or re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", word):
        done = word + word[-1] + "ed"
    else:
        done = word + "ed"
    return _same_case(last, done, head)


def third_person(verb: str) -> str:
    head, _, last = verb.rpartition("-")
    word = last.lower()
    if word == "do":
        done = "does"
    elif re.search(r"(?:s|x|z|ch|sh)$", word):
        done = word + "es"
    elif re.search(r"[^aeiou]y$", word):
        done = word[:-1] + "ies"
    else:
        done = word + "s"
    return _same_case(last, done, head)


def _same_case(original: str, word: str, head: str) -> str:
    if original[:1].isupper():
        word = word[:1].upper() + word[1:]
    return f"{head}-{word}" if head else word


FORMS = ("past", "present", "first_person", "as_written")


def as_bullet(task: str, form: str, verbs: frozenset[str]) -> str:
    """An O*NET task ("Direct or coordinate ...") in ``form``: ``past`` ("Directed or
    coordinated ..."), ``present`` ("Directs or coordinates ..."), ``first_person`` ("I direct
    or coordinate ...") or ``as_written``. The leading verbs joined by commas, "or" and "and"
    all change; a leading adverb ("Manually operate") stays."""
    if form == "as_written":
        return task
    words = task.split(" ")
    i = 1 if words[0].lower().endswith("ly") and words[0].lower() not in _NOT_ADVERBS else 0
    change = past if form == "past" else third_person if form == "present" else None
    joined = True
    while i < len(words) and joined:
        core = words[i].rstrip(",")
        if core.lower() not in verbs:
            break
        if change is not None:
            words[i] = change(core) + words[i][len(core) :]
        joined = words[i].endswith(",")
        i += 1
        if i < len(words) and words[i] in ("or", "and"):
            joined, i = True, i + 1
    text = " ".join(words)
    if form == "first_person":
        text = "I " + (text[:1].lower() + text[1:] if not text[1:2].isupper() else text)
    return text


# --- building documents ------------------------------------------------------------------

FIRST = (
    "Alex", "Maria", "Jamal", "Priya", "Tomasz", "Grace", "Luis", "Aisha", "Owen", "Mei",
    "Daniel", "Fatima", "Connor", "Yuki", "Samuel", "Elena", "Kwame", "Hannah", "Diego", "Nora",
    "Ravi", "Chloe", "Marcus", "Ingrid", "Tariq", "Lucy", "Andre", "Sofia", "Ben", "Amara",
)  # fmt: skip
LAST = (
    "Okafor", "Lindqvist", "Patel", "Nguyen", "Brennan", "Alvarez", "Kowalski", "Haddad",
    "Murphy", "Tanaka", "Osei", "Fischer", "Reyes", "Campbell", "Mensah", "Novak", "Singh",
    "Walsh", "Moreno", "Adeyemi", "Larsen", "Chen", "O'Neill", "Dubois", "Kaur", "Hughes",
)  # fmt: skip
STEMS = (
    "Harlow", "Riverside", "Northgate", "Cedar Ridge", "Summit", "Blue River", "Oakfield",
    "Granite", "Lakeshore", "Westbrook", "Pioneer", "Redwood", "Silverline", "Maple Grove",
    "Ironwood", "Bayview", "Highland", "Eastfield", "Stonebridge", "Clearwater", "Fairmont",
    "Brookside", "Kingsley", "Meridian",
)  # fmt: skip
EMPLOYER_KINDS = {
    "11": ("Holdings", "Group", "Regional Authority", "Industries"),
    "13": ("Financial Group", "Audit Services", "Capital", "Insurance Company"),
    "15": ("Software", "Technologies", "Data Systems", "Labs"),
    "17": ("Engineering", "Design Group", "Aerospace", "Energy"),
    "19": ("Research Institute", "Laboratories", "Environmental", "University"),
    "21": ("Community Services", "Family Center", "Outreach", "Housing Trust"),
    "23": ("Law Group", "LLP", "County Court", "Legal Aid"),
    "25": ("School District", "Academy", "Community College", "University"),
    "27": ("Studios", "Theatre Company", "Broadcasting", "Design"),
    "29": ("Medical Center", "Health", "Hospital", "Clinic"),
    "31": ("Care Home", "Health Services", "Rehabilitation", "Veterinary Clinic"),
    "33": ("Police Department", "Fire Rescue", "Security Services", "Correctional Facility"),
    "35": ("Bistro", "Kitchen", "Grill", "Catering"),
    "37": ("Facility Services", "Landscaping", "Grounds Maintenance", "Cleaning Services"),
    "39": ("Salon", "Fitness", "Recreation Center", "Childcare"),
    "43": ("Office Services", "Administration", "Group", "Records Center"),
    "45": ("Farms", "Timber", "Fisheries", "Nursery"),
    "47": ("Construction", "Builders", "Contracting", "Drilling"),
    "49": ("Mechanical", "Repair Services", "Maintenance", "Auto Service"),
    "51": ("Manufacturing", "Industries", "Foundry", "Fabrication"),
    "53": ("Logistics", "Transport", "Freight", "Airlines"),
}  # fmt: skip
CITIES = (
    "Columbus, OH", "Denver, CO", "Tacoma, WA", "Raleigh, NC", "Austin, TX", "Omaha, NE",
    "Toledo, OH", "Sacramento, CA", "Baltimore, MD", "Pittsburgh, PA", "Worcester, MA", "Leeds",
    "Bristol", "Manchester", "Glasgow", "Cardiff", "Birmingham",
)  # fmt: skip
FIELDS = {
    "11": "Business Administration", "13": "Finance", "15": "Computer Science",
    "17": "Engineering", "19": "Biology", "21": "Social Work", "23": "Law", "25": "Education",
    "27": "Fine Arts", "29": "Health Sciences", "31": "Health Sciences", "33": "Criminal Justice",
}  # fmt: skip
_TITLE_STOP = frozenset(
    "senior junior lead chief head assistant associate manager director supervisor specialist "
    "technician worker officer coordinator helper trainee apprentice journeyman i ii iii iv of "
    "and or the in for to a an on at with by first line staff".split()
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Job:
    """One position of a resume before it is written: its real title, where, when, what."""

    title: str
    code: str
    employer: str
    city: str
    start: date
    end: date | None
    tasks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Built:
    """One generated document and what it was built from."""

    id: str
    code: str
    occupation: str
    kind: str
    """``resume`` or ``job_ad``."""
    variant: str
    """``real`` titles, ``generic`` titles, or real titles with ``no_headline`` (resumes)."""
    layout: str
    """The resume's position layout (``LAYOUTS``), or ``ad``."""
    text: str
    headline: str
    titles: tuple[str, ...]
    """The position titles as written, most recent first (resumes)."""
    codes: tuple[str, ...] = ()
    """The O*NET code each position was built from."""
    starts: tuple[date, ...] = ()
    """Each position's start, to find it again among the positions read."""

    @property
    def major(self) -> str:
        return self.code[:2]


def _when(day: date, style: str) -> str:
    if style == "mon":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    if style == "month":
        return f"{_MONTH_NAMES[day.month - 1]} {day.year}"
    if style == "numeric":
        return f"{day.month:02d}/{day.year}"
    return str(day.year)


def _range(job: Job, style: str, join: str, present: str) -> str:
    end = present if job.end is None else _when(job.end, style)
    return f"{_when(job.start, style)}{join}{end}"


# Each layout writes one position's header lines: (title, job) -> text.
LAYOUTS = {
    "title_employer_city": lambda t, j: f"{t}, {j.employer} — {j.city}\n{_range(j, 'mon', ' – ', 'Present')}",
    "employer_city_years": lambda t, j: f"{j.employer} | {j.city} | {_range(j, 'year', '–', 'present')}\n{t}",
    "title_employer_dates": lambda t, j: f"{t}\n{j.employer}\n{_range(j, 'mon', ' – ', 'Present')}",
    "one_line_numeric": lambda t, j: f"{t} | {j.employer}, {j.city} | {_range(j, 'numeric', ' - ', 'Current')}",
    "employer_then_title": lambda t, j: f"{j.employer.upper()}, {j.city}\n{t}  {_range(j, 'month', ' to ', 'Present')}",
}  # fmt: skip


def _employer(rng: random.Random, major: str) -> str:
    return f"{rng.choice(STEMS)} {rng.choice(EMPLOYER_KINDS.get(major, EMPLOYER_KINDS['43']))}"


def _skill_words(occupation: OnetOccupation, rng: random.Random) -> list[str]:
    counts: Counter[str] = Counter()
    for title in occupation.titles:
        for word in re.findall(r"[A-Za-z][\w'-]*", title):
            if word.lower() not in _TITLE_STOP and len(word) > 2:
                counts[word if word.isupper() else word.capitalize()] += 1
    words = [w for w, _ in counts.most_common(10)]
    rng.shuffle(words)
    return words[: rng.randint(5, 8)]


def _education(occupation: OnetOccupation, rng: random.Random, year: int) -> str:
    school = rng.choice(STEMS)
    field = FIELDS.get(occupation.major)
    zone = occupation.job_zone
    if zone >= 5 and field:
        return f"Master of Science, {field}, {school} University — {year}"
    if zone >= 4 and field:
        return f"Bachelor of Science, {field}, {school} University — {year}"
    if zone >= 3:
        return f"Associate of Applied Science, {school} Community College — {year}"
    if zone == 2:
        return f"Vocational Certificate, {school} Technical College — {year}"
    return f"High School Diploma, {school} High School — {year}"


def _degree(education: str) -> str:
    """The degree of an education line: "Bachelor of Science, Engineering, X University — 2014"
    → "Bachelor of Science in Engineering"."""
    parts = education.split(" — ")[0].split(", ")
    return f"{parts[0]} in {parts[1]}" if len(parts) == 3 else parts[0]


def _jobs(
    occupation: OnetOccupation, near: Sequence[OnetOccupation], rng: random.Random
) -> list[Job]:
    """2-4 positions, most recent first, the latest current or just ended."""
    count = rng.randint(2, 4)
    end: date | None = (
        None if rng.random() < 0.7 else date(AS_OF.year - rng.randint(0, 1), rng.randint(1, 12), 1)
    )
    latest = end or AS_OF
    jobs = []
    for n in range(count):
        months = rng.randint(14, 60)
        start_index = latest.year * 12 + latest.month - 1 - months
        start = date(start_index // 12, start_index % 12 + 1, 1)
        source = occupation if n == 0 or not near or rng.random() < 0.6 else rng.choice(near)
        tasks = list(source.tasks[:12])
        rng.shuffle(tasks)
        jobs.append(Job(rng.choice(source.titles), source.code, _employer(rng, source.major),
                        rng.choice(CITIES), start, end, tuple(tasks[: rng.randint(3, 5)])))  # fmt: skip
        gap = rng.randint(0, 3)
        end_index = start_index - 1 - gap
        end = date(end_index // 12, end_index % 12 + 1, 1)
        latest = end
    return jobs


def build(
    occupation: OnetOccupation,
    pool: Sequence[OnetOccupation],
    *,
    seed: int,
    verbs: frozenset[str],
) -> list[Built]:
    """The resume and the ad of one occupation, each with real and with generic titles, and
    the resume with real titles but no headline."""
    rng = random.Random(f"{seed}:{occupation.code}")
    near = related(occupation, pool)
    headline = rng.choice(occupation.titles[:12])
    jobs = _jobs(occupation, near, rng)
    layout = rng.choice(sorted(LAYOUTS))
    form = rng.choice(FORMS)
    bullet = rng.choice(("•", "-", "*", "▪"))
    first, last = rng.choice(FIRST), rng.choice(LAST)
    skills = _skill_words(occupation, rng)
    years = max(1, round(sum(((j.end or AS_OF) - j.start).days for j in jobs) / 365.25))
    graduated = jobs[-1].start.year - rng.randint(0, 2)
    education = _education(occupation, rng, graduated)
    generic = rng.sample(GENERIC, len(jobs) + 1)
    ad_employer, ad_city = _employer(rng, occupation.major), rng.choice(CITIES)
    ad_title = rng.choice(occupation.titles[:12])
    ad_tasks = list(occupation.tasks[:14])
    rng.shuffle(ad_tasks)
    ad_tasks = ad_tasks[: rng.randint(5, 8)]
    blurb = rng.randrange(3)
    adjective = rng.choice(("growing", "well-established", "family-owned"))
    summary = as_bullet(occupation.tasks[0], form if form != "as_written" else "past", verbs)
    phone = f"({rng.randint(200, 989)}) 555-01{rng.randint(10, 99)}"

    def resume(headline: str, titles: Sequence[str]) -> str:
        lines = [f"{first} {last}", f"{first.lower()}.{last.lower().replace(chr(39), '')}@example.com | "
                 f"{phone} | {jobs[0].city}", ""]  # fmt: skip
        if headline:
            lines += [
                headline,
                "",
                "Summary",
                f"{headline} with {years} years of experience. {summary}",
            ]
        else:
            lines += ["Summary", f"{years} years of experience. {summary}"]
        lines += ["", "Experience", ""]
        for n, (title, job) in enumerate(zip(titles, jobs, strict=True)):
            lines.append(LAYOUTS[layout](title, job))
            job_form = form if (n == 0 and job.end is None) or form != "present" else "past"
            lines += [f"{bullet} {as_bullet(t, job_form, verbs)}" for t in job.tasks]
            lines.append("")
        lines += ["Education", education, "", "Skills", ", ".join(skills)]
        return "\n".join(lines) + "\n"

    def ad(title: str) -> str:
        about = (
            f"{ad_employer} is a {adjective} employer based in {ad_city}.",
            f"{ad_employer} has served its community in {ad_city} for over {10 + blurb * 7} years.",
            f"At {ad_employer} our people look after our customers and each other.",
        )[blurb]
        need = {1: "No previous experience required; full training is provided.",
                2: "At least 1 year of experience in a similar role.",
                3: "2+ years of relevant experience.",
                4: "3+ years of experience in a similar position.",
                5: "5+ years of progressively responsible experience."}[occupation.job_zone]  # fmt: skip
        lines = [title, f"{ad_employer} — {ad_city}", "Full-time, permanent", "", about,
                 f"We are looking for a {title} to join our team.", "", "Responsibilities"]  # fmt: skip
        lines += [f"- {t}" for t in ad_tasks]
        lines += ["", "Requirements", f"- {need}", f"- {_degree(education)} or equivalent.",
                  f"- Knowledge of {', '.join(skills[:4]).lower()}.", "",
                  "How to apply: send your resume and a short cover letter."]  # fmt: skip
        return "\n".join(lines) + "\n"

    out = []
    for variant, heads, ad_head in (
        ("real", (headline, *[j.title for j in jobs]), ad_title),
        ("generic", tuple(generic), generic[0]),
        ("no_headline", ("", *[j.title for j in jobs]), None),
    ):
        base = f"{occupation.code}/{variant}"
        out.append(Built(f"{base}/resume", occupation.code, occupation.title, "resume", variant,
                         layout, resume(heads[0], heads[1:]), heads[0], tuple(heads[1:]),
                         tuple(j.code for j in jobs), tuple(j.start for j in jobs)))  # fmt: skip
        if ad_head is not None:
            out.append(Built(f"{base}/ad", occupation.code, occupation.title, "job_ad", variant,
                             "ad", ad(ad_head), ad_head, ()))  # fmt: skip
    return out


def generate(
    folder: Path, *, seed: int = 0, sample: int | None = None
) -> tuple[list[Built], list[OnetOccupation]]:
    """Documents for every far occupation (or a seeded ``sample`` of them), and the pool."""
    every = load_occupations(folder)
    pool = [o for o in every if not is_excluded(o.code)]
    verbs = frozenset(t.split()[0].rstrip(",").lower() for o in every for t in o.tasks)
    chosen = (
        pool
        if sample is None or sample >= len(pool)
        else sorted(random.Random(seed).sample(pool, sample), key=lambda o: o.code)
    )
    docs = [d for o in chosen for d in build(o, pool, seed=seed, verbs=verbs)]
    return docs, pool


# --- scoring -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the pipeline made of one built document."""

    built: Built
    predicted: str
    """The best rung, or ``none``."""
    probability: float
    """The predicted rung's fit (the top rung's when none), 0-1."""
    kind: str | None
    """The kind it was read as; None when ``check_document`` refused it."""
    refused: str | None = None
    occupation: str = ""
    """The occupation read: "Label (code)", or empty when unknown."""
    occupation_code: str | None = None
    relation: str = "unknown"
    matched: str = ""
    """The words the occupation was matched on."""
    titles_read: tuple[str, ...] = ()
    position_codes: tuple[str | None, ...] = ()
    """The occupation code read for each position built (by its start date), None when the
    position was not found or its occupation is unknown."""
    reasons: tuple[str, ...] = ()

    @property
    def given_rung(self) -> bool:
        return self.predicted != "none"

    @property
    def titles_back(self) -> int:
        """How many of the position titles it was given it read back as written."""
        read = set(self.titles_read)
        return sum(t in read for t in self.built.titles)

    @property
    def codes_back(self) -> int:
        """How many positions' occupations were read as the code they were built from."""
        return sum(a == b for a, b in zip(self.position_codes, self.built.codes, strict=True))

    @property
    def cause(self) -> str:
        """Why a document got a rung, by class (see ``render``)."""
        if self.built.variant == "generic":
            return "content carries the gate (generic titles)"
        if self.occupation_code is None:
            if self.built.kind == "resume" and self.titles_back < len(self.built.titles):
                return "title not read"
            return "occupation unknown"
        if self.relation in ("neighbour", "account"):
            return f"occupation read as client work ({self.relation})"
        return "content carries the gate (occupation read as unrelated)"


def _position_codes(built: Built, positions) -> tuple[str | None, ...]:  # noqa: ANN001
    # A layout with bare years ("2019–present") is read as January of the year.
    by_start = {p.start: p for p in positions if p.start is not None}
    by_year = {p.start.year: p for p in reversed(positions) if p.start is not None}
    codes = []
    for start in built.starts:
        found = by_start.get(start) or by_year.get(start.year)
        occupation = found.occupation if found is not None else None
        codes.append(occupation.code if occupation is not None else None)
    return tuple(codes)


def score(docs: Sequence[Built], *, batch_size: int = 64) -> list[Outcome]:
    """Read, check, profile (``nlp.pipe`` batches) and fit every document, in order."""
    from matcher.errors import UnreadableDocument
    from matcher.extract.kind import check_document
    from matcher.extract.profile import build_profiles
    from matcher.readers import read_text
    from matcher.scoring.fit import fit_many

    readable, refused = [], {}
    for built in docs:
        document = read_text(built.text, source=built.id)
        try:
            check_document(document)
        except UnreadableDocument as exc:
            refused[built.id] = str(exc)
            continue
        readable.append(document)
    profiles = list(build_profiles(readable, as_of=AS_OF, batch_size=batch_size))
    fits = {f.source: (p, f) for p, f in zip(profiles, fit_many(profiles), strict=True)}
    out = []
    for built in docs:
        if built.id in refused:
            out.append(Outcome(built, "none", 0.0, None, refused=refused[built.id]))
            continue
        profile, fit = fits[built.id]
        top = fit.best or max(fit.rungs, key=lambda r: r.score).rung
        rung = next(r for r in fit.rungs if r.rung == top)
        occupation = profile.occupation
        known = occupation is not None and occupation.code is not None
        out.append(Outcome(
            built,
            fit.best or "none",
            rung.score / 100,
            profile.kind,
            occupation=f"{occupation.label} ({occupation.code})" if known else "",
            occupation_code=occupation.code if known else None,
            relation=occupation.relation if occupation is not None else "unknown",
            matched=occupation.matched if known else "",
            titles_read=tuple(p.title for p in profile.positions),
            position_codes=_position_codes(built, profile.positions),
            reasons=tuple(f"{r.sign} {r.text}" for r in rung.reasons[:5]),
        ))  # fmt: skip
    return out


# --- the tables --------------------------------------------------------------------------

VIEWS = (
    ("real", "real titles"),
    ("generic", "generic titles"),
    ("no_headline", "real titles, no headline"),
)
KINDS = (("resume", "resumes"), ("job_ad", "ads"))
_ONET = re.compile(r"^\d\d-\d{4}\.\d\d$")


def _share(kept: int, total: int) -> str:
    return f"{kept / total:.1%} ({kept:,} of {total:,})" if total else "—"


def _no_rung(outcomes: Iterable[Outcome]) -> tuple[int, int]:
    outcomes = list(outcomes)
    return sum(not o.given_rung for o in outcomes), len(outcomes)


def summary_rows(outcomes: Sequence[Outcome]) -> list[tuple[str, str, str]]:
    """(measurement, result, target): the share given no rung, per variant and kind."""
    rows = []
    for variant, view in VIEWS:
        for kind, kinds in KINDS:
            got = [o for o in outcomes if o.built.variant == variant and o.built.kind == kind]
            if not got:
                continue  # ads always have a title: no "no headline" ads
            rows.append((f"{kinds} of far occupations given no rung, {view}",
                         _share(*_no_rung(got)), TARGET))  # fmt: skip
    rows.append(("all documents given no rung", _share(*_no_rung(outcomes)), TARGET))
    return rows


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _by(outcomes: Iterable[Outcome], key) -> dict:  # noqa: ANN001
    groups: dict = defaultdict(list)
    for o in outcomes:
        groups[key(o)].append(o)
    return groups


def group_rows(outcomes: Sequence[Outcome]) -> list[tuple[str, ...]]:
    """Per SOC major group: occupations, then no-rung shares for real and generic titles."""
    rows = []
    for major, got in sorted(_by(outcomes, lambda o: o.built.major).items()):
        occupations = len({o.built.code for o in got})
        cells = [_share(*_no_rung(o for o in got if o.built.variant == v)) for v, _ in VIEWS]
        rows.append((f"{major} {MAJOR_GROUPS.get(major, '?')}", str(occupations), *cells))
    return rows


def layout_rows(outcomes: Sequence[Outcome]) -> list[tuple[str, ...]]:
    """Per resume layout: position titles read back as written (real titles), no-rung shares."""
    rows = []
    resumes = [o for o in outcomes if o.built.kind == "resume"]
    for layout, got in sorted(_by(resumes, lambda o: o.built.layout).items()):
        real = [o for o in got if o.built.variant == "real"]
        back = sum(o.titles_back for o in real)
        codes = sum(o.codes_back for o in real)
        given = sum(len(o.built.titles) for o in real)
        cells = [_share(*_no_rung(o for o in got if o.built.variant == v)) for v, _ in VIEWS]
        rows.append((layout, str(len(real)), _share(back, given), _share(codes, given), *cells))
    return rows


def reading_rows(outcomes: Sequence[Outcome]) -> list[tuple[str, ...]]:
    """What the pipeline read from the documents with real titles: resumes with and without
    their headline, and ads."""
    columns = (("real", "resume"), ("no_headline", "resume"), ("real", "job_ad"))
    checks = (
        ("read as the kind it was built as", lambda o: o.kind == o.built.kind),
        ("refused by the document check", lambda o: o.refused is not None),
        ("occupation: the O*NET code it was built from", lambda o: o.occupation_code == o.built.code),
        ("occupation: another code of the same SOC major group",
         lambda o: o.occupation_code not in (None, o.built.code) and bool(_ONET.match(o.occupation_code))
         and o.occupation_code[:2] == o.built.major),
        ("occupation: another major group, or ESCO only",
         lambda o: o.occupation_code is not None and o.occupation_code[:2] != o.built.major),
        ("occupation: unknown", lambda o: o.occupation_code is None),
        ("occupation matched on a word of the contact line (a US state: CO, MD, MA, PA)",
         lambda o: bool(o.matched) and o.matched in re.split(r"[\s,|]+", o.built.text.splitlines()[1])),
        ("occupation read as client work (neighbour or account)",
         lambda o: o.relation in ("neighbour", "account")),
    )  # fmt: skip
    rows = []
    for label, test in checks:
        cells = []
        for variant, kind in columns:
            got = [o for o in outcomes if o.built.variant == variant and o.built.kind == kind]
            cells.append(_share(sum(bool(test(o)) for o in got), len(got)))
        rows.append((label, *cells))
    return rows


def worst(outcomes: Sequence[Outcome], count: int = 15) -> list[tuple[str, ...]]:
    """The occupations with most documents given a rung, then the highest rung probability;
    each with its worst document."""
    ranked = []
    for code, got in _by(outcomes, lambda o: o.built.code).items():
        bad = max(got, key=lambda o: (o.given_rung, o.probability))
        ranked.append((sum(o.given_rung for o in got), bad.probability, code, got, bad))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))
    rows = []
    for given, _, code, got, bad in ranked[:count]:
        rows.append((f"{bad.built.occupation} ({code})", f"{given} of {len(got)}",
                     f"{bad.built.variant} {bad.built.kind}: {bad.built.headline}",
                     bad.predicted, f"{bad.probability:.0%}"))  # fmt: skip
    return rows


def render(outcomes: Sequence[Outcome], *, preamble: Sequence[str] = ()) -> str:
    lines = [*preamble, ""] if preamble else []
    lines += _table(("measurement", "result", "target"), summary_rows(outcomes))
    lines += ["", "By SOC major group (documents given no rung):", ""]
    lines += _table(("major group", "occupations", *(v for _, v in VIEWS)), group_rows(outcomes))
    lines += ["", "Resumes by layout of the position headers:", ""]
    lines += _table(
        ("layout", "resumes", "position titles read back as written (real titles)",
         "their occupation read as the code they were built from", *(f"no rung, {v}" for _, v in VIEWS)),
        layout_rows(outcomes),
    )  # fmt: skip
    lines += ["", "What was read, documents with real titles:", ""]
    lines += _table(("", "resumes", "resumes without headline", "ads"), reading_rows(outcomes))
    causes = Counter(o.cause for o in outcomes if o.given_rung)
    if causes:
        lines += ["", "Documents given a rung, by cause:", ""]
        lines += [f"- {cause}: {n}" for cause, n in causes.most_common()]
    lines += ["", f"Worst {min(15, len({o.built.code for o in outcomes}))} occupations "
              "(the predicted rung's probability; the top rung's when none):", ""]  # fmt: skip
    lines += _table(
        ("occupation", "documents given a rung", "worst document", "predicted", "probability"),
        worst(outcomes),
    )
    return "\n".join(lines)


def render_errors(outcomes: Sequence[Outcome]) -> str:
    """Every document given a rung, grouped by cause, with what was read and the reasons."""
    bad = [o for o in outcomes if o.given_rung]
    lines = ["", f"Documents given a rung: {len(bad)}"]
    for cause, got in sorted(_by(bad, lambda o: o.cause).items(), key=lambda kv: -len(kv[1])):
        lines += ["", f"## {cause} ({len(got)})", ""]
        for o in sorted(got, key=lambda o: -o.probability):
            b = o.built
            lines.append(f"- {b.id} [{b.layout}] {b.occupation}: {b.headline!r} → {o.predicted} "
                         f"({o.probability:.0%}); occupation read: {o.occupation or 'unknown'} "
                         f"[{o.relation}]")  # fmt: skip
            if b.kind == "resume":
                lines.append(f"    titles given {list(b.titles)}, read {list(o.titles_read)}")
            lines += [f"    {reason}" for reason in o.reasons]
    return "\n".join(lines)


def measure(
    reference: Path, *, seed: int = 0, sample: int | None = None
) -> tuple[list[Outcome], list[str]]:
    """Build and score the set; the outcomes and the lines saying what was measured."""
    started = time.perf_counter()
    docs, pool = generate(reference, seed=seed, sample=sample)
    built = time.perf_counter() - started
    started = time.perf_counter()
    outcomes = score(docs)
    took = time.perf_counter() - started
    occupations = len({d.code for d in docs})
    preamble = [
        f"{occupations:,} O*NET 29.2 occupations far from client work (of {len(pool):,} kept after "
        f"the exclusions), {len(docs):,} documents, seed {seed}, present = {AS_OF.isoformat()}; "
        f"built in {built:.1f} s, scored in {took:.0f} s ({len(docs) / took:.0f} documents/s, "
        "one process).",
    ]
    return outcomes, preamble


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="the folder of full O*NET files (default ../shared/reference/full)")  # fmt: skip
    parser.add_argument("--sample", type=int, help="this many occupations, chosen by --seed")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--errors", action="store_true", help="list every document given a rung")
    args = parser.parse_args(argv)
    if not (args.reference / "onet_task_statements.txt").is_file():
        print(f"skipped: no O*NET reference files in {args.reference}")
        return 0
    outcomes, preamble = measure(args.reference, seed=args.seed, sample=args.sample)
    print(render(outcomes, preamble=preamble))
    if args.errors:
        print(render_errors(outcomes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
