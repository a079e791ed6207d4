"""Raw extracted text → the normalised text every later stage indexes into.

``normalize_text`` repairs Unicode (mojibake, ligatures, full-width forms), removes invisible
and control characters, drops headers, footers and page numbers repeated across pages (pages
are separated by form feeds), unifies bullets, rejoins words hyphenated across line ends and
lines wrapped in the middle of a sentence, and tidies whitespace while keeping every other
line break: section finding works on lines.

It never raises and is idempotent (``normalize_text(normalize_text(t)) == normalize_text(t)``),
which the property tests check, so normalising twice (a cached document re-read) is harmless.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

# Characters that draw nothing but change what a parser reads: zero-width spaces and joiners,
# bidi controls, the BOM, word joiners, Mongolian vowel separator and the Unicode tag block
# (used to smuggle instructions into text). Soft hyphens are removed too but not counted:
# word processors insert them legitimately.
_INVISIBLE = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u180e\U000e0000-\U000e007f]"
)
# C0/C1 controls except tab, newline and form feed, soft hyphens, and lone surrogates (which
# cannot be written as UTF-8: JSON output would fail on them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\ud800-\udfff]")
# Runs of spaces, or any other horizontal space; a lone " " is left alone (it is most of them).
_OTHER_SPACES = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(f"[ {_OTHER_SPACES}]{{2,}}|[{_OTHER_SPACES}]")
_LINE_EDGES = re.compile(" \n ?|\n ")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85\x0b]")
# Bullet glyphs at the start of a line, including the private-use code points that Symbol and
# Wingdings bullets come out as, and a dash or star followed by a space.
_BULLET_START = re.compile(
    "^(?:[•●▪■□◦○◆◇►▸▹➢➤➔→✓✔✗❖∙·‣⁃\uf0a7\uf0b7\uf076\uf0d8\uf0fc\uf0e0]|[-*–—](?= ))[ ]*",
    re.MULTILINE,
)
_BULLET_INLINE = re.compile("[●▪■◦‣⁃∙\uf0a7\uf0b7\uf076\uf0d8\uf0fc]")
# A bullet that starts an item in the middle of a line: stuck to the word before it
# ("required● Ability to…") or after a sentence's end ("appearances. • Oversee…"). Web pages
# copied as text lose the line breaks between list items. A bullet between spaces after a
# word is a separator ("Boston • jordan@example.com") and stays.
_BULLET = re.compile("•[ ]*")
_SENTENCE_ENDS = frozenset((". ", "; ", ": ", "! ", "? "))
# Two words glued where a line break was lost ("skillsAbility to…", "QualificationsMust
# have…", "promptly.Qualifications"): a word, perhaps a full stop or colon, then a capitalised
# word with no space between, which does not go on into an address ("jordan.Avery@…").
# Group 1 is the word before the seam, group 2 the punctuation.
_GLUE = re.compile(r"([A-Z]?[a-z]+)([.!?;:)]?)(?=[A-Z][a-z]{2}[A-Za-z]*(?![.@/]?\w))")
_SEAM_HINT = re.compile(r"[a-z][.!?;:)]?[A-Z][a-z]{2}")
"""What every ``_GLUE`` seam holds; searched first because it is six times cheaper."""
# List items run on after a sentence's end with their own marker: a dash ("field.- Prior
# experience…"), a number ("cases.2. Assist…"), or a middle dot stuck to the word before
# ("products· Design…"; a dot between spaces separates skills on a resume line and stays).
_ITEM_MARK = re.compile(r"(?<=[a-z][.;:!?])(?:[-–—]|(\d{1,2}[.)]))[ ](?=[A-Z])|(?<=\w)·(?= )")
_ITEM_MARK_HINT = re.compile(r"[.;:!?][-–—\d]|·")
"""What every ``_ITEM_MARK`` match holds, searched first: the pattern starts with look-behinds,
which re tries at every position."""
_GLUED_MIN_HEAD = 6
"""A capitalised word before a seam at least this long is a word of its own ("Taxation"), and
the seam a lost break when the line has other lost breaks. Product and company names join
shorter words ("PowerPoint", "QuickBooks", "HubSpot") or stand alone on their line
("Health Care Partners" written "HealthCare Partners")."""
_HEADING_WORDS = frozenset(
    "about us overview description summary responsibilities duties functions role position "
    "qualifications requirements skills competencies experience education benefits perks "
    "compensation pay salary schedule hours type location offer bring do company".split()
)
"""Last words of the headings job pages run into their first line ("Role DescriptionThis is…")."""
# A letter, a hyphen at the end of a line, and a lower-case letter starting the next line:
# "manage-\nment". A capital after the break ("Salesforce-\nCRM") is left alone.
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])")
_BLANK_RUNS = re.compile(r"\n{3,}")
_FRACTION = re.compile("(\\d?)([\u00bc-\u00be\u2150-\u215e])")
_FRACTION_GLYPH = re.compile("[\u00bc-\u00be\u2150-\u215e]")
# A full-width punctuation mark (U+FF01-FF5E, UTF-8 EF BC xx / EF BD xx) read as Latin-1,
# whose last byte, a C1 control in Latin-1, was lost on the way: only its lead "ï¼" / "ï½" is
# left ("Company Name ï¼ City , State"). ftfy cannot repair it (the byte is gone) and NFKC
# would turn "¼" into "1/4". The mark it stood for cannot be known; the separators among the
# candidates are the comma (EF BC 8C) and the vertical line (EF BD 9C), so it becomes one of
# those: reading the words either side as apart is right for every candidate but a full-width
# letter. A lead still followed by a continuation byte is left to ftfy. A line break before
# the lead goes too: a separator never starts a line, it ends the words before it.
_LOST_FULLWIDTH = re.compile("[ ]*\n?[ ]*\u00ef([\u00bc\u00bd])(?![\u0080-\u00bf])")
_MARKS = (("\u2122", ""), ("\u2120", ""), ("\u00ae", ""), ("\u2044", "/"))
"""Trademark signs dropped, the fraction slash made a slash; single characters, so replacing
them one after another is one mapping (str.translate looks up every character: 0.1 ms a text)."""
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–(]?\s*#\s*[-–)]?(?:\s*(?:of|/)\s*#)?$")
_DIGITS = re.compile(r"\d+")
_PAGE_WORD = re.compile(r"\bpage\b|^\W*\d+\W*$|^\W*\d+\s*(?:of|/)\s*\d+\W*$")

_EDGE_LINES = 3
_MAX_PASSES = 4
_WRAPPED_LINE = 30
_ENDS_WITH_DATE = re.compile(r"(?:\b(?:19|20)\d\d|\b(?:present|current|now|today))\W*$", re.I)
"""A line at least this long may have been wrapped; a shorter one ended on purpose."""
# First parts of compounds that are hyphenated words in their own right. Linguistic, not
# taxonomy: they decide only whether a line-end hyphen is kept.
_COMPOUND_HEADS = frozenset(
    "self cross well multi non co full part high low long short fast hands results detail "
    "data customer client team goal service solution time mid front back end top year month "
    "day week world best first second third follow start user decision problem fact "
    "award market sales revenue account brand face".split()
)
"""How many lines at the top and at the bottom of a page may be a header or footer."""


def count_invisible(text: str) -> tuple[int, str]:
    """How many invisible characters ``text`` holds, and a sample of their code points."""
    found = _INVISIBLE.findall(text)
    common = Counter(found).most_common(3)
    return len(found), ", ".join(f"U+{ord(ch):04X}" for ch, _ in common)


def normalize_text(text: str) -> str:
    """Repair and tidy extracted text; pages separated by ``\\f`` lose repeated headers/footers."""
    try:
        # ftfy's answer per line, kept for this call: the check below asks again about
        # every line the other steps left as they were (most of them), and ftfy is the
        # costliest step. A pure function remembered, so nothing read changes.
        fixed: dict[str, str] = {}
        result, repaired = _normalize(text, fixed)
        # Each other step is idempotent, but ftfy's mojibake repair can cascade: a line it
        # decoded may decode again ("¨\x8e°" → "̈Ž°" → "̈ް"), or see mojibake that a removed
        # control character hid. If ftfy would still change the result, iterating to a fixed
        # point makes the whole idempotent; otherwise one pass was enough.
        unstable = repaired and any(
            _fix_line(line, fixed) != line for line in result.split("\n") if not line.isascii()
        )
        for _ in range(_MAX_PASSES if unstable else 0):
            again, _ = _normalize(result, fixed)
            if again == result:
                break
            result = again
        return result
    except Exception:  # noqa: BLE001 - the contract is "never raises"; keep the text usable
        return _tidy_lines(_CONTROL.sub("", _INVISIBLE.sub("", str(text)))).strip()


def _normalize(text: str, fixed: dict[str, str]) -> tuple[str, bool]:
    text = _LINE_BREAKS.sub("\n", text)
    repaired = False
    if not text.isascii():
        # ftfy costs ~1 µs per character; ASCII lines cannot hold mojibake or ligatures.
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if not line.isascii():
                # Any non-ASCII line counts: removing a control character later can expose
                # mojibake that ftfy did not recognise around it on this pass.
                repaired = True
                lines[i] = _fix_line(line, fixed)
        text = "\n".join(lines)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    if "\u00ef" in text:  # after ftfy, which repairs the leads that kept their continuation
        text = _LOST_FULLWIDTH.sub(_lost_fullwidth, text)
    # Before NFKC, which would turn "1½ years" into "11⁄2 years" and "Salesforce™" into
    # "SalesforceTM": fractions become decimals or a/b, trademark signs go.
    if not text.isascii():  # fractions and marks are not ASCII
        # The sub's optional digit comes first, so re would try it at every position.
        if _FRACTION_GLYPH.search(text):
            text = _FRACTION.sub(_fraction, text)
        for mark, replacement in _MARKS:
            text = text.replace(mark, replacement)
    text = unicodedata.normalize("NFKC", text)
    # NFKC can produce new line breaks or controls from compatibility forms; tidy again.
    text = _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))
    pages = [_tidy_lines(page) for page in text.split("\f")]
    text = "\n\n".join(_drop_running_lines(pages) if len(pages) > 1 else pages)
    if not text.isascii():  # bullets are not ASCII
        text = _BULLET_INLINE.sub("•", text)
        text = _BULLET.sub(_item_bullet, text)
    text = _BULLET_START.sub("• ", text)
    if "-\n" in text:  # the pattern starts with a look-behind, which re tries at every position
        text = _HYPHEN_BREAK.sub(_join_hyphenated, text)
    # After rejoining hyphenated words, which can glue two words ("aa-\naAaa").
    text = _unglue(text)
    if _ITEM_MARK_HINT.search(text):
        text = _ITEM_MARK.sub(_item_mark, text)
    text = _unwrap(_tidy_lines(text))
    return _BLANK_RUNS.sub("\n\n", text).strip(), repaired


def _fraction(match: re.Match[str]) -> str:
    whole, glyph = match.groups()
    if whole:  # "1½" → "1.5"
        return whole + f"{unicodedata.numeric(glyph):.2f}".rstrip("0")[1:]
    numerator, _, denominator = unicodedata.normalize("NFKC", glyph).partition("\u2044")
    return f"{numerator}/{denominator}" if denominator else glyph


def _lost_fullwidth(match: re.Match[str]) -> str:
    mark = "," if match.group(1) == "\u00bc" else " |"
    after = match.string[match.end() : match.end() + 1]
    return mark if not after or after.isspace() else mark + " "


def _join_hyphenated(match: re.Match[str]) -> str:
    # Only a lower-case continuation is a broken word; the lookahead only saw a letter.
    string, start, end = match.string, match.start(), match.end()
    if not string[end : end + 1].islower():
        return match.group(0)
    head = start
    while head > 0 and string[head - 1].isalpha():
        head -= 1
    # A compound broken at its own hyphen keeps it ("cross-\nfunctional"): word processors
    # wrap at hyphens, they rarely split syllables; "manage-\nment" loses it.
    return "-" if string[head:start].lower() in _COMPOUND_HEADS else ""


def _item_bullet(match: re.Match[str]) -> str:
    # A callback rather than look-behinds in the pattern: those are tried at every character.
    string, at = match.string, match.start()
    before = string[at - 1 : at]
    if (before and not before.isspace() and before != "•") or string[at - 2 : at] in _SENTENCE_ENDS:
        return "\n• "
    return match.group(0)


def _item_mark(match: re.Match[str]) -> str:
    number = match.group(1)
    return f"\n{number} " if number else "\n• "


def _unglue(text: str) -> str:
    """Put back the line breaks lost between list items ("skillsAbility" → "skills\nAbility").

    A seam is a lost break when the word before it is lower-case and three letters or more
    ("farmersWill"), or a heading's last word ("QualificationsMust"), or a capitalised word of
    ``_GLUED_MIN_HEAD`` letters or more on a line that has one of the first kind. Otherwise it
    is a name ("iPhone", "McKinsey", "PowerPoint", "ServiceTitan app").
    """
    if not _SEAM_HINT.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        seams = list(_GLUE.finditer(line)) if _SEAM_HINT.search(line) else None
        if not seams:
            continue
        strong = [m for m in seams if m.group(1).islower() and len(m.group(1)) >= 3]
        cuts = [
            m.end()
            for m in seams
            if m in strong
            or m.group(1).lower() in _HEADING_WORDS
            or (strong and len(m.group(1)) >= _GLUED_MIN_HEAD)
        ]
        for cut in reversed(cuts):
            line = f"{line[:cut]}\n{line[cut:]}"
        lines[i] = line
    return "\n".join(lines)


def _unwrap(text: str) -> str:
    """Join a line wrapped in the middle of a sentence to the line it continues.

    A continuation starts with a lower-case letter and follows a long line: short lines are
    headings, names and list items, which keep their own line, and a line ending in a date
    ("Account Manager, Acme, 2019 - Present") is a position's title line.
    """
    out: list[str] = []
    for line in text.split("\n"):
        if (
            out
            and line[:1].islower()
            and len(out[-1]) >= _WRAPPED_LINE
            and not _ENDS_WITH_DATE.search(out[-1])
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return "\n".join(out)


def _tidy_lines(text: str) -> str:
    # Whole-text substitutions rather than a loop over lines: same result, a third the time;
    # each only when its pattern can match (re tries a character class at every position).
    if "  " in text or "\t" in text or not text.isascii():
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:
        text = _LINE_EDGES.sub("\n", text)
    return text.strip(" ")


@cache
def _ftfy_config():  # noqa: ANN202 - ftfy is imported lazily, so its type is too
    import ftfy

    # HTML entities are the HTML reader's job: unescaping here would not be idempotent
    # ("&amp;amp;" → "&amp;" → "&"). Normalisation happens once, afterwards, as NFKC.
    return ftfy.TextFixerConfig(unescape_html=False, normalization=None, explain=False)


# Printable ASCII, tab, and the punctuation word processors put in ordinary lines (bullets,
# dashes, curly quotes, the ellipsis, arrows). In any order, ftfy changes such a line only by
# straightening its quotes: every pattern of its mojibake detector needs a character outside
# this set, and its other fixers leave each of these characters alone
# (tests/test_normalize.py checks both against the installed ftfy).
_PLAIN_LINE = re.compile("[\t -~•●·–—‘’“”…→]*")


def _fix_line(line: str, fixed: dict[str, str]) -> str:
    """ftfy's repair of one line, remembered in ``fixed`` (one document's lines)."""
    out = fixed.get(line)
    if out is None:
        if _PLAIN_LINE.fullmatch(line):
            # Same answer as fix_text (see _PLAIN_LINE) at a tenth of the cost: most non-ASCII
            # lines hold only bullets, dashes and quotes, and the mojibake search is ftfy's cost.
            from ftfy.fixes import uncurl_quotes

            out = fixed[line] = uncurl_quotes(line)
        else:
            import ftfy

            out = fixed[line] = ftfy.fix_text(line, _ftfy_config())
    return out


def _drop_running_lines(pages: list[str]) -> list[str]:
    """Remove page numbers, and headers/footers repeated on several pages (first one kept)."""
    split = [page.split("\n") for page in pages]
    edges: list[set[int]] = []
    seen_on: Counter[str] = Counter()
    for lines in split:
        filled = [i for i, line in enumerate(lines) if line]
        edge = set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])
        edges.append(edge)
        seen_on.update({_running_key(lines[i]) for i in edge})
    needed = max(2, (len(pages) + 1) // 2)
    kept_once: set[str] = set()
    out = []
    for lines, edge in zip(split, edges):
        keep = []
        for i, line in enumerate(lines):
            if i in edge:
                key = _running_key(line)
                if _PAGE_NUMBER.match(key):
                    continue
                if seen_on[key] >= needed:
                    # The first copy stays: on page one the running header is usually the
                    # candidate's name and contact line, which later stages need.
                    if key in kept_once:
                        continue
                    kept_once.add(key)
            keep.append(line)
        out.append("\n".join(keep))
    return out


def _running_key(line: str) -> str:
    # Digits are wildcards only in lines about pages ("Jordan Avery - Page 2 of 3"): two body
    # lines differing in a number ("Managed 5 accounts") are different lines.
    line = line.lower()
    return _DIGITS.sub("#", line) if _PAGE_WORD.search(line) else line
