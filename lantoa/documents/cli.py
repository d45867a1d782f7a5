"""`lantoa parse FILE [--json]`: read one directive and print it."""

from __future__ import annotations

import argparse
import sys

from .errors import DocumentError
from .extract import extract_text
from .model import ParsedDirective
from .parse import parse_text

_ROLES = {"lead": "chủ trì", "coordinate": "phối hợp", "perform": "thực hiện"}
_TYPES = {
    "cong_van": "Công văn",
    "ke_hoach": "Kế hoạch",
    "chi_thi": "Chỉ thị",
    "thong_bao": "Thông báo",
    "quyet_dinh": "Quyết định",
    "bao_cao": "Báo cáo",
    "other": "Khác (other)",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse exits with 2 and a usage dump; keep our one-line contract instead.
        raise DocumentError(f"Tham số không hợp lệ: {message} (usage: parse FILE [--json])")


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = _Parser(prog="lantoa parse", description="Đọc văn bản chỉ đạo (read a directive)")
    parser.add_argument("file", help="PDF, DOCX, TXT hoặc ảnh scan")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON (print the JSON contract)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    try:
        args = _arguments(argv)
        directive = parse_text(extract_text(args.file))
    except DocumentError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a reader bug must not show a traceback to the user
        print(f"Lỗi: không đọc được văn bản (unexpected {type(exc).__name__}: {exc})", file=sys.stderr)
        return 2
    try:
        print(directive.to_json() if args.json else summary(directive))
    except BrokenPipeError:  # `lantoa parse x | head` closed the pipe: not an error of ours
        return 0
    return 0


def summary(d: ParsedDirective) -> str:
    lines = [
        f"Loại văn bản (type): {_TYPES.get(d.doc_type, d.doc_type)}",
        f"Số (number): {d.number or '—'}    Ngày (date): {d.date or '—'}    Nơi ban hành (place): {d.place or '—'}",
        f"Cơ quan ban hành (issuer): {d.issuer or '—'}",
        f"Trích yếu (subject): {d.subject or '—'}",
    ]
    if d.recipients:
        lines.append("Kính gửi (recipients): " + "; ".join(d.recipients))
    for ref in d.references:
        lines.append(
            f"Căn cứ (reference): {ref.type} {ref.number or ''} ngày {ref.date or '—'} của {ref.issuer or '—'}"
        )
    lines.append(f"Nhiệm vụ (assignments): {len(d.assignments)} đơn vị")
    for assignment in d.assignments:
        lines.append(f"  • {assignment.unit} [{_ROLES.get(assignment.role, assignment.role)}]")
        for task in assignment.tasks:
            due = f" (hạn {task.due})" if task.due else ""
            text = task.text if len(task.text) <= 110 else task.text[:107] + "…"
            lines.append(f"      - {text}{due}")
    if d.period:
        lines.append(f"Thời gian (period): {d.period.start or '?'} → {d.period.end or '?'}")
    for deadline in d.report_deadlines:
        parts = [deadline.date or "—", deadline.recurrence or "", f"về {deadline.to}" if deadline.to else ""]
        parts.append(f"(qua {deadline.via})" if deadline.via else "")
        lines.append("Hạn báo cáo (report): " + " ".join(p for p in parts if p))
    if d.signer:
        signer = " / ".join(x for x in (d.signer.authority, d.signer.position, d.signer.name) if x)
        lines.append(f"Người ký (signer): {signer}")
    if d.cc:
        lines.append("Nơi nhận (cc): " + "; ".join(d.cc))
    for warning in d.warnings:
        lines.append(f"Lưu ý (warning): {warning}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
