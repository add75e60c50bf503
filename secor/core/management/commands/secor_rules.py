"""``manage.py secor_rules evaluate FILE|-``: evaluate a JSON scenario with the rules engine (``provinces``).

A thin wrapper around ``provinces.cli.main``: the same output (indented JSON) and the same one-line errors,
raised as ``CommandError`` so Django exits non-zero without a traceback.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from provinces import cli


class Command(BaseCommand):
    help = "Evaluate a SECOR scenario (JSON file, or - for standard input) and print the explained result."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        evaluate = sub.add_parser("evaluate", help="Evaluate a JSON scenario (format: docs/rules.md).")
        evaluate.add_argument("source", help="path to a JSON scenario, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        out, err = io.StringIO(), io.StringIO()
        code = cli.main([options["action"], options["source"]], sys.stdin, out, err)
        if code != 0:
            message = err.getvalue().strip().removeprefix("error: ")
            raise CommandError(message, returncode=code)
        # OutputWrapper appends a newline to every write; hand it the whole document at once.
        self.stdout.write(out.getvalue(), ending="")
