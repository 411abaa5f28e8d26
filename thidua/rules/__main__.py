"""``python -m thidua.rules evaluate FACTS.json`` — the engine's file interface.

Exit 0 with the verdicts as JSON on stdout; exit 2 with a Vietnamese message on stderr naming
the offending field when the input is malformed. Never needs Django settings or a database.
"""

from __future__ import annotations

import argparse
import json
import sys

from .engine import evaluate, result_to_dict
from .facts import FactsError, facts_from_dict
from .plan import check_plan


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # Vietnamese, exit 2
        self.print_usage(sys.stderr)
        sys.stderr.write(f"Lỗi tham số dòng lệnh: {message}\n")
        sys.exit(2)


def _fail(message: str) -> int:
    sys.stderr.write(message.rstrip() + "\n")
    return 2


def _load(path: str) -> object:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m thidua.rules",
                     description="Xét điều kiện thi đua, khen thưởng")
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="xét mọi danh hiệu cho tệp dữ kiện JSON")
    ev.add_argument("facts", help="tệp dữ kiện JSON (xem docs/rules-file-interface.md)")
    ev.add_argument("--missing", action="store_true", help="thêm “còn thiếu gì” cho mỗi người")
    ev.add_argument("--indent", type=int, default=2)
    pl = sub.add_parser("check-plan", help="kiểm tra chỉ tiêu kế hoạch với giới hạn tỷ lệ")
    pl.add_argument("plan", help='tệp JSON {"year": 2022, "targets": [...]}')
    args = parser.parse_args(argv)

    path = args.facts if args.command == "evaluate" else args.plan
    try:
        data = _load(path)
    except OSError as exc:
        return _fail(f"Không đọc được tệp {path}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        return _fail(f"Tệp {path} không phải văn bản UTF-8")
    except json.JSONDecodeError as exc:
        return _fail(f"Tệp {path} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}):"
                     f" {exc.msg}")
    if args.command == "check-plan":
        if not isinstance(data, dict) or not isinstance(data.get("year"), int) or not isinstance(
                data.get("targets"), list):
            return _fail("Dữ liệu không hợp lệ tại trường year/targets: cần {\"year\": số nguyên,"
                         " \"targets\": danh sách}")
        findings = check_plan(data["targets"], data["year"], regime=data.get("regime", "auto"),
                              population_sizes=data.get("population_sizes"))
        out = [{"target": dict(f.target), "status": f.status, "reason": f.reason} for f in findings]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    try:
        facts = facts_from_dict(data)
    except FactsError as exc:
        return _fail(f"Dữ liệu không hợp lệ tại trường {exc.field}: {exc.message}")
    evaluation = evaluate(facts)
    json.dump(result_to_dict(evaluation, missing=args.missing), sys.stdout, ensure_ascii=False,
              indent=args.indent or None)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
