"""The directive reader on a corpus of real documents with hand-made gold: the scorer's six figures.

Run on the development corpus kept beside the project (never read by the code or the tests):

    .venv/bin/python bench/read_real.py --corpus ../shared/corpus/real
    .venv/bin/python bench/read_real.py --corpus tests/documents/fixtures/heldout --show 5

Each NN.txt is read with `lantoa.documents.parse_text` in this process (the same reading `lantoa parse`
prints) and compared with NN.json (or NN.expected.json) exactly as `corpus/score.py` does: unit F1, role
accuracy, task recall, report-deadline F1, period accuracy and document-number accuracy, plus crashes
and documents per second.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lantoa.documents import parse_text  # noqa: E402
from lantoa.documents.scoring import score_folder  # noqa: E402


def _parse(text: str) -> dict:
    # `lantoa parse` reads files through extract_text, which normalises to NFC first.
    return parse_text(unicodedata.normalize("NFC", text)).to_dict()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, help="folder of NN.txt with NN.json gold")
    parser.add_argument("--show", type=int, default=0, help="print the N worst documents")
    args = parser.parse_args()
    folder = Path(args.corpus)
    if not folder.is_dir():
        print(f"no such folder: {folder}", file=sys.stderr)
        return 2
    started = time.process_time()
    totals = score_folder(folder, _parse)
    cpu = time.process_time() - started
    if not totals.documents:
        print(f"no NN.txt + NN.json pairs in {folder}", file=sys.stderr)
        return 2
    for score, stem, detail in sorted(totals.rows)[: args.show]:
        print(f"{stem}: {score:.2f} {detail}")
    figures = totals.figures()
    print(f"documents {totals.documents}, crashes {totals.crashes}, "
          f"{totals.documents / max(cpu, 1e-9):.0f} docs/s (CPU, whole corpus)")  # fmt: skip
    print(
        f"unit F1 {figures['unit_f1']:.2f} (P {totals.u_tp / max(totals.u_p, 1):.2f} R {totals.u_tp / max(totals.u_g, 1):.2f})"
        f" | role acc {figures['role_accuracy']:.2f} | task recall {figures['task_recall']:.2f}"
        f" | deadline F1 {figures['deadline_f1']:.2f} | period acc {figures['period_accuracy']:.2f}"
        f" | number acc {figures['number_accuracy']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
