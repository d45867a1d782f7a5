"""Benchmark of the directive reader: text parsing speed, PDF text extraction and OCR per page.

Run: .venv/bin/python bench/parse.py   (generates its documents in a temp dir; needs fpdf2 and tesseract
for the PDF and OCR parts, which are skipped with a note when missing)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lantoa.documents import extract_text, parse_text  # noqa: E402
from lantoa.documents.extract import tesseract_available  # noqa: E402

EXAMPLE = ROOT / "tests" / "documents" / "fixtures" / "cong-van-ngay-cds-2023.txt"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def bench_parse(text: str, seconds: float = 3.0) -> str:
    parse_text(text)  # warm-up: regex compilation happens at import, caches here
    count = 0
    started, cpu = time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        parse_text(text)
        count += 1
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    # CPU time says what the reader costs when other processes share the machine; wall time what one sees.
    return f"{count / wall:.0f} documents/second ({count / cpu:.0f} per CPU-second)"


def bench_distinct(texts: list[str], rounds: int = 5) -> str:
    """Different documents one after another, so no cache of a name or a word helps more than it would."""
    for text in texts:
        parse_text(text)
    best = float("inf")
    for _ in range(rounds):
        cpu = time.process_time()
        for text in texts:
            parse_text(text)
        best = min(best, time.process_time() - cpu)
    size = sum(len(t) for t in texts) / len(texts)
    return f"{len(texts)} different documents (mean {size:.0f} chars): {len(texts) / best:.0f} per CPU-second"


def make_pdf(lines: list[str], pages: int, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("Serif", "", SERIF)
    pdf.set_font("Serif", size=10)
    for _ in range(pages):
        pdf.add_page()
        for line in lines[:45]:
            pdf.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def make_scan(lines: list[str], path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(SERIF, 42)
    image = Image.new("L", (2480, 3508), 255)  # one A4 page at 300 dpi
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines[:50]):
        draw.text((150, 150 + 64 * number), line, font=font, fill=0)
    image.convert("RGB").save(path, "PDF", resolution=300)


def main() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    print(f"text parsing, example (~2 pages, {len(text)} chars): {bench_parse(text)}")
    doubled = text + "\n" + text
    print(f"text parsing, doubled example ({len(doubled)} chars): {bench_parse(doubled)}")
    corpus = sorted(EXAMPLE.parent.rglob("*.txt"))
    print("text parsing, " + bench_distinct([path.read_text(encoding="utf-8") for path in corpus]))
    with tempfile.TemporaryDirectory(prefix="lantoa-bench-") as tmp:
        try:
            pdf = Path(tmp) / "text.pdf"
            make_pdf(lines, 10, pdf)
            started = time.perf_counter()
            extract_text(pdf)
            print(f"PDF text-layer extraction: {(time.perf_counter() - started) / 10:.3f} s/page (10 pages)")
        except ImportError:
            print("PDF text-layer extraction: skipped (pip install fpdf2 to generate the test PDF)")
        if not tesseract_available():
            print("OCR: skipped (apt-get install tesseract-ocr tesseract-ocr-vie)")
            return
        scan = Path(tmp) / "scan.pdf"
        make_scan(lines, scan)
        started = time.perf_counter()
        extract_text(scan)
        print(f"OCR (300 dpi A4 page, tesseract -l vie): {time.perf_counter() - started:.2f} s/page")


if __name__ == "__main__":
    main()
