"""A corpus of directives in different shapes, each with the result a careful reader expects.

Expected files hold the fields a human can state with certainty; `text` of periods and deadlines, spans
and warnings are not compared (spans are checked separately: they must slice to the task text).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lantoa.documents import parse_text

FIXTURES = Path(__file__).parent / "fixtures"

CASES = sorted(path.name[: -len(".expected.json")] for path in FIXTURES.glob("*.expected.json"))


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    data = json.loads(json.dumps(data))
    for assignment in data.get("assignments", []):
        assignment["tasks"] = [{"text": t["text"], "due": t["due"]} for t in assignment["tasks"]]
    if data.get("period"):
        data["period"].pop("text", None)
    for deadline in data.get("report_deadlines", []):
        deadline.pop("text", None)
    data.pop("warnings", None)
    return data


def _load(name: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return text, expected, _comparable(parse_text(text).to_dict())


def test_corpus_has_at_least_twenty_directives_besides_the_example() -> None:
    assert len([c for c in CASES if c != "cong-van-ngay-cds-2023"]) >= 20


@pytest.mark.parametrize("name", CASES)
def test_corpus_directive_reads_as_expected(name: str) -> None:
    _, expected, got = _load(name)
    for key, value in expected.items():
        assert got[key] == value, f"{name}: {key}"


@pytest.mark.parametrize("name", CASES)
def test_corpus_task_spans_slice_to_task_text(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    for assignment in parse_text(text).assignments:
        for task in assignment.tasks:
            assert " ".join(text[task.span[0] : task.span[1]].split()) == task.text


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def corpus_metrics() -> dict[str, float]:
    unit = [0, 0, 0]
    deadline = [0, 0, 0]
    tasks_found = tasks_total = periods_right = 0
    for name in CASES:
        _, expected, got = _load(name)
        exp_units = {a["unit"].lower() for a in expected["assignments"]}
        got_units = {a["unit"].lower() for a in got["assignments"]}
        unit[0] += len(exp_units & got_units)
        unit[1] += len(got_units - exp_units)
        unit[2] += len(exp_units - got_units)
        got_tasks = {(a["unit"].lower(), t["text"]) for a in got["assignments"] for t in a["tasks"]}
        for assignment in expected["assignments"]:
            for task in assignment["tasks"]:
                tasks_total += 1
                tasks_found += (assignment["unit"].lower(), task["text"]) in got_tasks
        exp_dl = {(d["date"], d["recurrence"]) for d in expected["report_deadlines"]}
        got_dl = {(d["date"], d["recurrence"]) for d in got["report_deadlines"]}
        deadline[0] += len(exp_dl & got_dl)
        deadline[1] += len(got_dl - exp_dl)
        deadline[2] += len(exp_dl - got_dl)
        periods_right += expected["period"] == got["period"]
    return {
        "unit_f1": _f1(*unit),
        "task_recall": tasks_found / tasks_total,
        "deadline_f1": _f1(*deadline),
        "period_accuracy": periods_right / len(CASES),
    }


def test_corpus_metrics_meet_the_goals(capsys: pytest.CaptureFixture[str]) -> None:
    metrics = corpus_metrics()
    with capsys.disabled():
        print("\ncorpus metrics:", ", ".join(f"{k}={v:.3f}" for k, v in metrics.items()))
    assert metrics["unit_f1"] >= 0.85
    assert metrics["task_recall"] >= 0.8
    assert metrics["deadline_f1"] >= 0.85
    assert metrics["period_accuracy"] >= 0.9
