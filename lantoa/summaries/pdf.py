"""Convert a DOCX to PDF with LibreOffice (`soffice --headless --convert-to pdf`).

Each conversion runs with its own throw-away LibreOffice profile, so parallel conversions (several workers,
several tests) do not fight over one profile lock; on a timeout the whole process group is killed so no
stray soffice.bin is left behind.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = "cài LibreOffice: apt-get install libreoffice-writer-nogui"


class PdfError(RuntimeError):
    """The PDF could not be made; the message says what to do."""


class PdfUnavailable(PdfError):
    """LibreOffice is not installed on this machine."""


class PdfConversionFailed(PdfError):
    """LibreOffice ran but gave no PDF, or took too long."""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(docx_bytes: bytes, *, timeout: float = 120) -> bytes:
    """The PDF of a DOCX document. Raises PdfUnavailable without LibreOffice, PdfConversionFailed otherwise."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable(
            f"Máy chủ chưa có LibreOffice nên không tạo được bản PDF; hãy {INSTALL_HINT} "
            "(hoặc tải bản DOCX và in từ Word)."
        )
    with tempfile.TemporaryDirectory(prefix="lantoa-pdf-") as work:
        work_dir = Path(work)
        source = work_dir / "van-ban.docx"
        source.write_bytes(docx_bytes)
        out_dir = work_dir / "out"
        out_dir.mkdir()
        profile = work_dir / "profile"
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
        ]
        process = subprocess.Popen(  # noqa: S603 — fixed argument list, no shell
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HOME": str(work_dir)},
        )
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            _kill_group(process)
            raise PdfConversionFailed(
                f"LibreOffice chưa chuyển xong văn bản sang PDF sau {timeout:g} giây; hãy thử lại, "
                "hoặc tải bản DOCX và in từ Word."
            ) from exc
        result = out_dir / "van-ban.pdf"
        if process.returncode != 0 or not result.exists() or result.read_bytes()[:5] != b"%PDF-":
            detail = stderr.decode("utf-8", "replace").strip()[-300:]
            raise PdfConversionFailed(
                "LibreOffice không chuyển được văn bản sang PDF"
                + (f" ({detail})" if detail else "")
                + "; hãy thử lại, hoặc tải bản DOCX và in từ Word."
            )
        return result.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    """soffice forks soffice.bin; kill the group it leads, then reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
