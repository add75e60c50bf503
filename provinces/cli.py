"""Command line: ``python -m provinces.cli evaluate FILE|-`` prints the evaluation of a JSON scenario.

Exit codes: 0 success, 2 usage error or malformed input (bad JSON, unknown province/partner, bad date, missing
field). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from provinces.base import ScenarioError
from provinces.engine import evaluate
from provinces.parsing import scenario_from_dict

USAGE = "usage: secor_rules evaluate FILE|-   (FILE is a JSON scenario; - reads standard input)"


def main(
    argv: list[str], stdin: TextIO | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    if len(argv) != 2 or argv[0] != "evaluate":
        print(USAGE, file=stderr)
        return 2
    source = argv[1]
    try:
        if source == "-":
            text = stdin.read()
        else:
            with open(source, encoding="utf-8") as f:
                text = f.read()
    except OSError as e:
        print(f"error: cannot read {source}: {e.strerror or e}", file=stderr)
        return 2
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        print(
            f"error: invalid JSON in {source if source != '-' else 'standard input'}: {e.msg} "
            f"(line {e.lineno}, column {e.colno})",
            file=stderr,
        )
        return 2
    try:
        evaluation = evaluate(scenario_from_dict(data))
    except ScenarioError as e:
        print(f"error: {e.message}", file=stderr)
        return 2
    json.dump(evaluation.to_dict(), stdout, indent=2, ensure_ascii=False)
    stdout.write("\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
