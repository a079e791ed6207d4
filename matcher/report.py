"""Ranked match rows → one standalone HTML file a recruiter can open and share.

    render_report(rows, ad=..., title=...)   the ranked table, a card per candidate, unreadable files
    render_table(rows), render_card(row), CSS   the same parts, for a page of one's own
                                               (``matcher serve`` shows them)
    render_errors(rows)                        the rows of inputs that could not be read

The report is built from the same JSON rows ``matcher screen --format json`` prints (after
blind mode, if asked), so it shows nothing the JSON does not. Every string that came from a
document goes through ``html.escape``: a resume containing ``<script>`` shows those
characters and runs nothing. The file loads nothing from the network (styles are inline,
there are no scripts or images) and says so to the browser with a Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from html import escape
from typing import Any

from matcher.types import RUNGS

__all__ = ["CSS", "render_card", "render_errors", "render_report", "render_table"]

_RUNG_NAMES = {"account_coordinator": "Account coordinator", "account_executive": "Account executive",
               "account_manager": "Account manager"}  # fmt: skip
_STATUS = {"met": ("✓", "met"), "partly_met": ("~", "partly-met"), "not_met": ("✗", "not-met"), "not_stated": ("?", "unknown")}
CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
main{max-width:980px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0}h3{font-size:13px;margin:14px 0 6px;
text-transform:uppercase;letter-spacing:.04em;color:#5a6272}
.meta{color:#5a6272;margin:0 0 18px}
table{border-collapse:collapse;width:100%;background:#fff;border-radius:8px;overflow:hidden;
box-shadow:0 1px 2px rgba(0,0,0,.08)}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e6e8ec;vertical-align:top}
th{background:#eef0f4;font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
td.num{text-align:right;font-variant-numeric:tabular-nums}
a{color:#2454c5;text-decoration:none}
.card{background:#fff;border-radius:8px;box-shadow:0 1px 2px rgba(0,0,0,.08);padding:16px 18px;margin:18px 0}
.head{display:flex;justify-content:space-between;align-items:baseline;gap:12px}
.score{font-size:26px;font-weight:700;color:#2454c5}
.bar{display:grid;grid-template-columns:170px 1fr 44px;align-items:center;gap:8px;margin:3px 0}
.track{background:#e6e8ec;border-radius:4px;height:10px;overflow:hidden}
.fill{background:#4a78e0;height:100%}.fill.best{background:#1f9d55}
ul{margin:4px 0;padding-left:20px}li{margin:2px 0}
q{color:#444;font-style:italic}
.met{color:#1f9d55}.partly-met{color:#b7791f}.not-met{color:#c53030}.unknown{color:#8a6d00}
.pos{color:#1f9d55}.neg{color:#c53030}
.flag{background:#fff4e5;border-left:3px solid #dd8a00;padding:6px 10px;margin:4px 0}
.tag{display:inline-block;background:#eef0f4;border-radius:10px;padding:1px 8px;margin:2px;font-size:12px}
.tag.req{background:#fde8e8}.error{color:#c53030}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:18px}
"""


def _e(value: Any) -> str:
    """Escape anything shown; ``None`` shows as a dash."""
    return "–" if value is None else escape(str(value), quote=True)


def _anchor(rank: Any) -> str:
    return f"c{int(rank)}" if isinstance(rank, int) else "c"


def render_report(
    rows: Iterable[Mapping[str, Any]],
    *,
    ad: Mapping[str, Any] | None = None,
    title: str = "Shortlist",
    notes: Iterable[str] = (),
) -> str:
    """The HTML text of the report for ``rows`` (``matcher screen`` JSON rows).

    Ranked rows make the table and a card each; rows with an ``error`` (resumes that could
    not be read) are listed under the table, each with its file and its error. ``ad`` is the
    ad's ``matcher score`` row (title, skills it asks for); ``notes`` are extra lines under
    the title (blind mode on...).
    """
    every = list(rows)
    rows = [row for row in every if not row.get("error")]
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        # Nothing may load: no scripts, no images, no fonts, no network; inline styles only.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{_e(title)}</h1>",
    ]
    if ad is not None:
        parts.append(_ad_summary(ad))
    for note in notes:
        parts.append(f"<p class=\"meta\">{_e(note)}</p>")
    parts.append(render_table(rows))
    parts.append(render_errors(row for row in every if row.get("error")))
    parts.extend(render_card(row) for row in rows)
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def _ad_summary(ad: Mapping[str, Any]) -> str:
    from matcher.serialize import effective_required

    skills = list(ad.get("skills", ()))
    marks_any = any(s.get("required") is True for s in skills)
    required = [s for s in skills if effective_required(s.get("required"), ad_marks_any=marks_any)]
    preferred = [s for s in skills if s not in required]
    best = _RUNG_NAMES.get(ad.get("best_fit") or "", "no clear rung")
    out = [f"<p class=\"meta\">Ad: <b>{_e(ad.get('headline') or ad.get('source'))}</b> "
           f"({_e(ad.get('source'))}) · reads as {_e(best)}</p>"]  # fmt: skip
    if required or preferred:
        tags = "".join(f"<span class=\"tag req\">{_e(s['label'])}</span>" for s in required)
        tags += "".join(f"<span class=\"tag\">{_e(s['label'])}</span>" for s in preferred)
        out.append(f"<p class=\"meta\">Skills asked for (required shaded): {tags}</p>")
    return "\n".join(out)


def render_table(
    rows: list[Mapping[str, Any]], *, extra: tuple[str, Callable[[Mapping[str, Any]], str]] | None = None
) -> str:
    """The ranked table; ``extra`` adds a column: its heading and a function giving a cell's
    HTML for a row (the caller escapes what it puts there)."""
    if not rows:
        return "<p>No candidate reached the shortlist.</p>"
    more = f"<th>{_e(extra[0])}</th>" if extra else ""
    head = ("<table><thead><tr><th>#</th><th>Candidate</th><th>Match</th><th>Best fit</th>"
            f"<th>Must-haves met</th><th>Flags</th>{more}</tr></thead><tbody>")  # fmt: skip
    body = []
    for row in rows:
        musts = row.get("must_haves", ())
        met = sum(m.get("status") == "met" for m in musts)
        flags = len(row.get("flags", ()))
        body.append(
            f"<tr><td class=\"num\">{_e(row.get('rank'))}</td>"
            f"<td><a href=\"#{_anchor(row.get('rank'))}\">{_e(row.get('source'))}</a></td>"
            f"<td class=\"num\">{_e(_fmt(row.get('match')))}</td>"
            f"<td>{_e(_RUNG_NAMES.get(row.get('best_fit') or '', '–'))}</td>"
            f"<td class=\"num\">{met} / {len(musts)}</td>"
            f"<td class=\"num\">{flags or ''}</td>"
            + (f"<td>{extra[1](row)}</td>" if extra else "")
            + "</tr>"
        )
    return head + "".join(body) + "</tbody></table>"


def render_errors(rows: Iterable[Mapping[str, Any]]) -> str:
    """The inputs that could not be read: each one's file and the cause its ``error`` gives
    (empty when there are none)."""
    items = []
    for row in rows:
        name = row.get("source") or row.get("ad")
        cause = str(row.get("error") or "").removeprefix(f"{name}: ")
        items.append(f"<li class=\"error\"><b>{_e(name)}</b>: {_e(cause)}</li>")
    if not items:
        return ""
    return (f"<section class=\"card\" id=\"errors\"><h2>Could not be read ({len(items)})</h2>"
            f"<ul>{''.join(items)}</ul></section>")  # fmt: skip


def _fmt(value: Any) -> str | None:
    return None if value is None else f"{float(value):.0f}"


def render_card(row: Mapping[str, Any], *, footer: str = "") -> str:
    """One candidate's card; ``footer`` is HTML placed at its end (the caller escapes it)."""
    out = [f"<section class=\"card\" id=\"{_anchor(row.get('rank'))}\"><div class=\"head\">"
           f"<h2>#{_e(row.get('rank'))} {_e(row.get('source'))}</h2>"
           f"<span class=\"score\">{_e(_fmt(row.get('match')))}</span></div>"]  # fmt: skip
    if row.get("headline") or row.get("years_experience") is not None:
        out.append(f"<p class=\"meta\">{_e(row.get('headline'))} · "
                   f"{_e(row.get('years_experience'))} years of experience</p>")  # fmt: skip
    out.append("<div class=\"cols\"><div><h3>Fit per rung</h3>")
    fit = row.get("fit") or {}
    for rung in RUNGS:
        value = fit.get(rung)
        width = max(0.0, min(100.0, float(value or 0)))
        best = " best" if rung == row.get("best_fit") else ""
        out.append(f"<div class=\"bar\"><span>{_e(_RUNG_NAMES[rung])}</span><div class=\"track\">"
                   f"<div class=\"fill{best}\" style=\"width:{width:.0f}%\"></div></div>"
                   f"<span>{_e(_fmt(value))}</span></div>")  # fmt: skip
    parts = row.get("parts") or {}
    if parts:
        out.append("<h3>Match parts</h3>")
        for name, value in parts.items():
            width = max(0.0, min(100.0, float(value or 0)))
            out.append(f"<div class=\"bar\"><span>{_e(name.replace('_', ' '))}</span><div class=\"track\">"
                       f"<div class=\"fill\" style=\"width:{width:.0f}%\"></div></div>"
                       f"<span>{_e(_fmt(value))}</span></div>")  # fmt: skip
    out.append("</div><div>")
    out.append(_must_haves(row.get("must_haves") or ()))
    out.append(_reasons(row.get("reasons") or ()))
    out.append("</div></div>")
    out.append(_skills(row.get("matched_skills") or (), row.get("missing_skills") or ()))
    for flag in row.get("flags") or ():
        out.append(f"<div class=\"flag\"><b>{_e(flag.get('kind', '').replace('_', ' '))}</b>: "
                   f"{_e(flag.get('detail'))}</div>")  # fmt: skip
    out.append(footer)
    out.append("</section>")
    return "\n".join(out)


def _must_haves(items: Iterable[Mapping[str, Any]]) -> str:
    items = list(items)
    if not items:
        return "<h3>Must-haves</h3><p>The ad states none.</p>"
    out = ["<h3>Must-haves</h3><ul>"]
    for item in items:
        mark, css = _STATUS.get(item.get("status", ""), ("?", "unknown"))
        quote = f" <q>{_e(item['evidence'])}</q>" if item.get("evidence") else ""
        out.append(f"<li><span class=\"{css}\">{mark}</span> {_e(item.get('label'))}{quote}</li>")
    out.append("</ul>")
    return "".join(out)


def _reasons(reasons: Iterable[Mapping[str, Any]]) -> str:
    reasons = list(reasons)
    if not reasons:
        return ""
    out = ["<h3>Why</h3><ul>"]
    for reason in reasons:
        positive = float(reason.get("weight", 0)) >= 0
        sign = "<span class=\"pos\">+</span>" if positive else "<span class=\"neg\">−</span>"
        quote = f" <q>{_e(reason['evidence'])}</q>" if reason.get("evidence") else ""
        out.append(f"<li>{sign} {_e(reason.get('text'))}{quote}</li>")
    out.append("</ul>")
    return "".join(out)


def _skills(matched: Iterable[Mapping[str, Any]], missing: Iterable[Mapping[str, Any]]) -> str:
    matched, missing = list(matched), list(missing)
    if not matched and not missing:
        return ""
    out = ["<div class=\"cols\"><div><h3>Skills the ad asks for, shown</h3><ul>"]
    for skill in matched:
        quote = f" <q>{_e(skill['evidence'])}</q>" if skill.get("evidence") else ""
        out.append(f"<li>{_e(skill.get('label'))}{quote}</li>")
    if not matched:
        out.append("<li>none</li>")
    out.append("</ul></div><div><h3>Missing</h3><ul>")
    for skill in missing:
        need = " <span class=\"tag req\">required</span>" if skill.get("required") else ""
        out.append(f"<li>{_e(skill.get('label'))}{need}</li>")
    if not missing:
        out.append("<li>none</li>")
    out.append("</ul></div></div>")
    return "".join(out)
