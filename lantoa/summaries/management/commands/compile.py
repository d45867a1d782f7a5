"""`lantoa compile DIRECTIVE --docx OUT.docx [--xlsx OUT.xlsx] [--pdf OUT.pdf]`: write a directive's summary
to files from the command line, without storing a generation."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lantoa.core.querystring import positive_int
from lantoa.directives.models import Directive
from lantoa.summaries import narrative, pdf
from lantoa.summaries.models import Summary
from lantoa.summaries.selectors import aggregate
from lantoa.summaries.services import render_files


def _find(reference: str) -> Directive:
    """An id, else a document number ("1820/UBND-VHTT", any case)."""
    query = Directive.objects.select_related(
        "issuer", "office", "report_to", "implements", "implements__issuer"
    )
    if (pk := positive_int(reference)) is not None:
        directive = query.filter(pk=pk).first()
        if directive is not None:
            return directive
    matches = list(query.filter(number__iexact=reference.strip())[:2])
    if not matches:
        raise CommandError(
            f"No directive with id or number {reference!r}. Check the number on its page in Lantoa, or give its id."
        )
    if len(matches) > 1:
        raise CommandError(f"Several directives are numbered {reference!r}; give the id instead.")
    return matches[0]


class Command(BaseCommand):
    help = "Compile a directive's summary report (báo cáo tổng hợp) to DOCX, and optionally XLSX and PDF."

    def add_arguments(self, parser):
        parser.add_argument("directive", help="the directive's id or number, e.g. 1820/UBND-VHTT")
        parser.add_argument("--docx", required=True, type=Path, help="where to write the Word file")
        parser.add_argument("--xlsx", type=Path, help="where to write the spreadsheet annex")
        parser.add_argument("--pdf", type=Path, help="where to write a PDF (needs LibreOffice)")
        parser.add_argument(
            "--base-url",
            default=None,
            help="the address links in the spreadsheet point to (default: LANTOA_BASE_URL)",
        )

    def handle(self, *args, directive, docx, xlsx=None, pdf=None, base_url=None, **options):
        target = _find(directive)
        if target.state == "draft":
            raise CommandError("This directive is still a draft: issue it before compiling its summary.")
        for path in (docx, xlsx, pdf):
            if path is not None and not path.parent.is_dir():
                raise CommandError(f"Folder {path.parent} does not exist: create it or choose another path.")
        if pdf is not None and not _pdf_available():
            raise CommandError(
                "Writing a PDF needs LibreOffice: install libreoffice-writer, or leave out --pdf."
            )
        aggregation = aggregate(target)
        # The text the office saved, else the draft written from the figures (nothing is stored).
        summary = Summary.objects.filter(directive=target).first() or Summary(
            directive=target, **narrative.defaults(aggregation)
        )
        files = render_files(
            summary, aggregation, base_url=base_url or settings.LANTOA_BASE_URL, with_pdf=pdf is not None
        )
        if pdf is not None and files.pdf is None:
            raise CommandError(f"Could not write the PDF: {files.pdf_problem}")
        written = [(docx, files.docx), (xlsx, files.xlsx), (pdf, files.pdf)]
        for path, data in written:
            if path is not None:
                try:
                    path.write_bytes(data)
                except OSError as exc:
                    raise CommandError(f"Could not write {path}: {exc.strerror}") from exc
                self.stdout.write(f"Wrote {path} ({len(data):,} bytes)")
        c = aggregation.completeness
        self.stdout.write(
            self.style.SUCCESS(
                f"Compiled {target.number or target.pk}: {c.submitted}/{c.expected} units reported, "
                f"{c.accepted} accepted, {c.missing} missing."
            )
        )


def _pdf_available() -> bool:
    return pdf.libreoffice_available()
