"""Fixtures for the directive reader: the example text, and documents generated from it in tmp dirs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "cong-van-ngay-cds-2023.txt"
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"


def example_lines() -> list[str]:
    return [line.strip() for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def ocr_ready() -> tuple[bool, str]:
    binary = shutil.which("tesseract")
    if binary is None:
        return False, "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
    langs = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    if "vie" not in (langs.stdout + langs.stderr).split():
        return False, "tesseract has no Vietnamese data (apt-get install tesseract-ocr-vie)"
    if not Path(SERIF).exists():
        return False, f"font {SERIF} is missing (apt-get install fonts-dejavu-core)"
    return True, ""


@pytest.fixture(scope="session")
def require_ocr() -> None:
    ready, reason = ocr_ready()
    if ready:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"OCR tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import docx

    document = docx.Document()
    for line in example_lines():
        document.add_paragraph(line)
    path = tmp_path_factory.mktemp("docx") / "cong-van.docx"
    document.save(str(path))
    return path


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not Path(SERIF).exists():
        pytest.skip(f"font {SERIF} is missing")
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.add_font("Serif", "", SERIF)
    pdf.set_font("Serif", size=9)
    pdf.add_page()
    for line in example_lines():
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path_factory.mktemp("pdf") / "cong-van.pdf"
    pdf.output(str(path))
    return path


@pytest.fixture(scope="session")
def example_scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example rendered like a 300 dpi scan: black serif text on a white page, no text layer."""
    if not Path(SERIF).exists():
        pytest.skip(f"font {SERIF} is missing")
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(SERIF, 42)  # about 10 pt at 300 dpi
    lines = example_lines()
    height = 120 + 62 * len(lines)
    image = Image.new("L", (2100, height), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((90, 60 + 62 * number), line, font=font, fill=0)
    path = tmp_path_factory.mktemp("scan") / "cong-van.png"
    image.save(path, dpi=(300, 300))
    return path


@pytest.fixture(scope="session")
def example_scan_pdf(example_scan: Path) -> Path:
    from PIL import Image

    path = example_scan.with_suffix(".pdf")
    with Image.open(example_scan) as image:
        image.convert("RGB").save(path, "PDF", resolution=300)
    return path
