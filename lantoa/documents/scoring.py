"""Scores the reader against hand-made gold, the way the corpus scorer (`corpus/score.py`) does.

A gold file is either the corpus format (`doc_number`, `assignments[].lead_or_coordinate`, tasks as
strings, `campaign_period`) or our own fixtures' format (the `lantoa parse --json` contract itself). Six
figures come out: unit F1, role accuracy, task recall, report-deadline F1, period accuracy and number
accuracy, plus crashes. Pure Python, so benchmarks and tests share it.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path


def fold(s: str | None) -> str:
    if not s:
        return ""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]", "", s)


def words(s: str | None) -> set[str]:
    if not s:
        return set()
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    return set(re.findall(r"[a-z0-9]+", s))


def similar(a: str, b: str) -> float:
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return 0.0
    ratio = min(len(fa), len(fb)) / max(len(fa), len(fb))
    if (fa in fb or fb in fa) and ratio >= 0.5:
        return ratio * 0.2 + 0.8
    return SequenceMatcher(None, fa, fb).ratio()


def match_units(gold: list[dict], pred: list[dict], threshold: float = 0.8) -> list[tuple[int, int]]:
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = similar(g.get("unit") or "", p.get("unit") or "")
            if s >= threshold:
                pairs.append((s, i, j))
    pairs.sort(reverse=True)
    used_g, used_p, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


_NOTE = re.compile(r"\((?:[^()]*\b(?:shared|same|coordinator|cut off|further items|joined)\b[^()]*)\)", re.I)
_COMPLETION = re.compile(r"\[[^\]]*\]?")


def _task_texts(assignment: dict) -> list[str]:
    return [t.get("text", "") if isinstance(t, dict) else str(t) for t in assignment.get("tasks") or []]


def gold_task_texts(gold_assignments: list[dict]) -> list[list[str]]:
    out: list[list[str]] = []
    for assignment in gold_assignments:
        tasks: list[str] = []
        for raw in _task_texts(assignment):
            notes = _NOTE.findall(raw)
            text = _COMPLETION.sub("", _NOTE.sub(" ", raw)).strip()
            if words(text.replace("...", " ")):
                tasks.append(text)
            elif any(re.search(r"\bsame\b", n, re.I) for n in notes) and out:
                previous = next((ts for ts in reversed(out) if ts), [])
                tasks.extend(t for t in previous if t not in tasks)
        out.append(tasks)
    return out


def task_found(gold_task: str, pred_tasks: list[str]) -> bool:
    g = words(gold_task.replace("...", " "))
    if not g:
        return True
    return any((pw := words(p)) and len(g & pw) / len(g) >= 0.6 for p in pred_tasks)


def f1(tp: int, n_gold: int, n_pred: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Totals:
    u_tp: int = 0
    u_g: int = 0
    u_p: int = 0
    t_hit: int = 0
    t_g: int = 0
    d_tp: int = 0
    d_g: int = 0
    d_p: int = 0
    per_ok: int = 0
    per_n: int = 0
    num_ok: int = 0
    num_n: int = 0
    role_ok: int = 0
    role_n: int = 0
    crashes: int = 0
    documents: int = 0
    seconds: float = 0.0
    rows: list[tuple[float, str, str]] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        _, _, uf = f1(self.u_tp, self.u_g, self.u_p)
        _, _, df = f1(self.d_tp, self.d_g, self.d_p)
        return {
            "unit_f1": uf,
            "role_accuracy": self.role_ok / self.role_n if self.role_n else 1.0,
            "task_recall": self.t_hit / self.t_g if self.t_g else 1.0,
            "deadline_f1": df,
            "period_accuracy": self.per_ok / self.per_n if self.per_n else 1.0,
            "number_accuracy": self.num_ok / self.num_n if self.num_n else 1.0,
        }


def _gold_view(gold: dict) -> dict:
    """The corpus format, whichever format the gold file is in."""
    if "doc_number" in gold or "campaign_period" in gold:
        return gold
    return {
        "doc_number": gold.get("number"),
        "assignments": [
            {"unit": a["unit"], "tasks": _task_texts(a), "lead_or_coordinate": a.get("role")}
            for a in gold.get("assignments") or []
        ],
        "report_deadlines": gold.get("report_deadlines") or [],
        "campaign_period": gold.get("period"),
    }


def score_document(totals: Totals, name: str, text: str, gold: dict, pred: dict | None) -> None:
    gold = _gold_view(gold)
    totals.documents += 1
    if pred is None:
        totals.crashes += 1
        pred = {}
    g_as = [a for a in gold.get("assignments") or [] if a.get("unit")]
    p_as = [a for a in pred.get("assignments") or [] if a.get("unit")]
    g_tasks = gold_task_texts(g_as)
    pairs = match_units(g_as, p_as)
    totals.u_tp += len(pairs)
    totals.u_g += len(g_as)
    totals.u_p += len(p_as)
    hits = total = 0
    for i, j in pairs:
        pts = _task_texts(p_as[j])
        for gt in g_tasks[i]:
            total += 1
            hits += task_found(gt, pts)
        grole = g_as[i].get("lead_or_coordinate")
        if grole:
            totals.role_n += 1
            totals.role_ok += grole == p_as[j].get("role")
    matched = {a for a, _ in pairs}
    unmatched = sum(len(g_tasks[i]) for i in range(len(g_as)) if i not in matched)
    totals.t_hit += hits
    totals.t_g += total + unmatched
    gd = {d.get("date") for d in gold.get("report_deadlines") or [] if d.get("date")}
    pd = {d.get("date") for d in pred.get("report_deadlines") or [] if d.get("date")}
    totals.d_tp += len(gd & pd)
    totals.d_g += len(gd)
    totals.d_p += len(pd)
    gp, pp = gold.get("campaign_period"), pred.get("period")
    totals.per_n += 1
    if not gp:
        per_ok = not pp or not (pp.get("start") or pp.get("end"))
    elif gp.get("start") is None:
        per_ok = bool(pp) and pp.get("end") == gp.get("end")
    else:
        per_ok = bool(pp) and pp.get("start") == gp.get("start") and pp.get("end") == gp.get("end")
    totals.per_ok += per_ok
    if gold.get("doc_number") and gold.get("number_in_text", fold(gold["doc_number"]) in fold(text)):
        totals.num_n += 1
        totals.num_ok += fold(gold["doc_number"]) == fold(pred.get("number"))
    _, _, uf = f1(len(pairs), len(g_as), len(p_as))
    score = (uf + (hits / (total + unmatched) if total + unmatched else 1.0)) / 2
    detail = (
        f"units {len(pairs)}/{len(g_as)} gold, {len(p_as)} predicted; tasks {hits}/{total + unmatched}; "
        f"deadlines {sorted(gd & pd)} of gold {sorted(gd)} pred {sorted(pd)}; period {'ok' if per_ok else 'WRONG'}"
    )
    totals.rows.append((score, name, detail))


def score_folder(folder: Path, parse, *, only: set[str] | None = None) -> Totals:
    """Parses every NN.txt with its NN.json gold (or NN.expected.json) in a folder and scores it."""
    totals = Totals()
    for text_path in sorted(folder.glob("*.txt")):
        stem = text_path.stem
        if only is not None and stem not in only:
            continue
        gold_path = text_path.with_suffix(".json")
        if not gold_path.exists():
            gold_path = text_path.with_name(stem + ".expected.json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = text_path.read_text(encoding="utf-8")
        started = time.perf_counter()
        try:
            pred = parse(text)
        except Exception:
            pred = None
        totals.seconds += time.perf_counter() - started
        score_document(totals, stem, text, gold, pred)
    return totals
