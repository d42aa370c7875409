"""How much of the code shown to readers is verification scaffolding. Prints the figure.

Scaffolding is what a reader reads past: visible `assert` statements, and try/except/else lines
around a demonstrated error. (`# check` statements are hidden, so they do not count.) The goal is
at most 3 % of displayed code lines.

    .venv/bin/python tests/bench_reader.py
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent / "hooks")]
from page_model import SectionError, read_sections, rel, snippet_files  # noqa: E402

GOAL = 0.03


def scaffolding_lines(code: str) -> set[int]:
    """1-based lines of visible asserts and of try statements' own lines (try/except/else/finally)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            lines.update(range(node.lineno, node.end_lineno + 1))
        elif isinstance(node, ast.Try):
            lines.add(node.lineno)
            lines.update(handler.lineno for handler in node.handlers)
            for block in (node.orelse, node.finalbody):
                if block:
                    lines.add(block[0].lineno - 1)  # the else: / finally: line
                    lines.update(n.lineno for n in block if isinstance(n, ast.Raise))
    return lines


def main() -> int:
    shown = scaffolding = sections = hidden = 0
    worst = []
    for snippet in snippet_files():
        try:
            parsed = read_sections(snippet)
        except SectionError as error:
            print(error)
            return 1
        for section in parsed.values():
            code = section.copy_text()
            lines = [line for line in code.split("\n") if line.strip()]
            found = scaffolding_lines(code)
            sections += 1
            shown += len(lines)
            scaffolding += len(found)
            hidden += section.hidden_count()
            if found:
                worst.append((len(found), f"{rel(snippet)}:{section.start} ({section.name})"))
    ratio = scaffolding / shown if shown else 0.0
    print(f"sections: {sections}; displayed code lines (non-blank): {shown}")
    print(f"scaffolding lines displayed: {scaffolding} = {100 * ratio:.2f} % (goal <= {100 * GOAL:.0f} %)")
    print(f"verification lines hidden with '# check': {hidden}")
    for count, where in sorted(worst, reverse=True)[:10]:
        print(f"  {count:3d}  {where}")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
