"""Merges the rows one `scripts/bench.sh` run measured into bench/RESULTS.md.

Rows are keyed by their figure (the second column). A row this run measured replaces the row with
the same figure where it stands; a new figure goes after the last row of its group (or at the end);
every other row is kept as it was, with its own date. `--full` (a run of every group on every
engine) rewrites the table with this run's rows only, so figures bench.sh no longer measures drop
out. The blocks between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` are bench.sh's: `table`,
`last-run` and any `--section NAME=FILE` (the wasm's twiggy list); the prose around them is kept.

Usage: merge.py RESULTS.md ROWS.tsv --date YYYY-MM-DD --machine TEXT --groups TEXT [--full]
                [--section NAME=FILE]...
ROWS.tsv: one row a line, tab-separated: group, figure, Aftersale, anchor, ratio, setup.
"""
import argparse
import os
import re
import sys

HEADER = ["group", "figure", "Aftersale", "anchor", "ratio", "setup", "measured"]
FIGURE = 1


def block(text, name):
    """The (start, end) offsets of the inside of block NAME; the markers stay where they are."""
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    i, j = text.find(begin), text.find(end)
    if i < 0 or j < i:
        raise SystemExit(f"merge.py: no {begin} … {end} block in the results file")
    return i + len(begin), j


def replace_block(text, name, inner):
    i, j = block(text, name)
    return text[:i] + "\n" + inner.strip("\n") + "\n" + text[j:]


def cell(s):
    # A pipe would split the cell; a newline would end the row.
    return s.replace("\n", " ").replace("|", "\\|").strip()


def split_row(line):
    """The cells of a Markdown table row; an escaped pipe stays inside its cell."""
    inner = line.strip()[1:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def render_row(cells):
    return "| " + " | ".join(cells) + " |"


def read_table(text):
    i, j = block(text, "table")
    rows = []
    for line in text[i:j].splitlines():
        line = line.strip()
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        cells = split_row(line)
        if cells == HEADER:
            continue
        if len(cells) != len(HEADER):
            raise SystemExit(f"merge.py: a table row has {len(cells)} cells, not {len(HEADER)}: {line}")
        rows.append(cells)
    return rows


def read_measured(path, date):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) != len(HEADER) - 1:
                raise SystemExit(f"merge.py: {path}:{n} has {len(parts)} fields, not {len(HEADER) - 1}")
            rows.append([cell(p) for p in parts] + [date])
    keys = [r[FIGURE] for r in rows]
    twice = {k for k in keys if keys.count(k) > 1}
    if twice:
        raise SystemExit(f"merge.py: this run measured a figure twice: {sorted(twice)}")
    return rows


def merge(old, new, full):
    """The table's rows after this run: see the module's text."""
    if full:
        return list(new)
    fresh = {r[FIGURE]: r for r in new}
    rows = [fresh.pop(r[FIGURE], r) for r in old]
    for r in new:
        if r[FIGURE] not in fresh:
            continue
        same_group = [k for k, o in enumerate(rows) if o[0] == r[0]]
        rows.insert(same_group[-1] + 1 if same_group else len(rows), r)
    return rows


def table(rows):
    lines = [render_row(HEADER), "|" + "---|" * len(HEADER)]
    return "\n".join(lines + [render_row(r) for r in rows])


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("results")
    p.add_argument("rows")
    p.add_argument("--date", required=True)
    p.add_argument("--machine", required=True)
    p.add_argument("--groups", required=True)
    p.add_argument("--full", action="store_true")
    p.add_argument("--section", action="append", default=[], metavar="NAME=FILE")
    a = p.parse_args(argv)
    with open(a.results, encoding="utf-8") as f:
        text = f.read()
    new = read_measured(a.rows, a.date)
    text = replace_block(text, "table", table(merge(read_table(text), new, a.full)))
    kind = "full run" if a.full else "partial run"
    text = replace_block(text, "last-run", f"Last run: {a.date}, {kind} ({a.groups}), on {a.machine}.")
    for s in a.section:
        name, _, path = s.partition("=")
        with open(path, encoding="utf-8") as f:
            text = replace_block(text, name, f.read())
    tmp = a.results + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, a.results)
    # What this run measured, for the terminal.
    print(table(new))


if __name__ == "__main__":
    main(sys.argv[1:])
