"""The wasm's top 10 contributors as Markdown, for bench/RESULTS.md's wasm-top block (bench/wasm.sh).

TWIGGY.json is `twiggy top -f json` of NAMED.wasm: the shipped build optimised again with the same
wasm-opt flags plus -g so function names survive. The name section -g added is not part of what the
browser downloads, so it is left out of the list, and NAMED's size without it is printed beside the
shipped file's: the two should agree, which shows the list describes the shipped wasm.

Usage: wasm_top.py TWIGGY.json NAMED.wasm SHIPPED.wasm SHIPPED_GZIP_BYTES DATE
"""
import json
import re
import sys


def name_section_bytes(data):
    """Bytes of the custom section "name" (id, size and body), 0 when there is none."""
    pos = 8  # magic and version

    def leb():
        nonlocal pos
        value = shift = 0
        while True:
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    while pos < len(data):
        start, kind = pos, data[pos]
        pos += 1
        size = leb()
        body = pos
        if kind == 0:
            n = leb()
            if data[pos:pos + n] == b"name":
                return body + size - start
        pos = body + size
    return 0


def main():
    twiggy, named_path, shipped_path, gz, date = sys.argv[1:6]
    items = json.load(open(twiggy))
    named = open(named_path, "rb").read()
    shipped = open(shipped_path, "rb").read()
    names = name_section_bytes(named)
    # twiggy splits the name section into "function names" / "local names" … subsections.
    code = [i for i in items if not re.search(r'names" subsection$|^custom section .name.', i["name"])][:10]
    print(f"Top 10 contributors to the release wasm (twiggy top, shallow bytes), measured {date}. The shipped")
    print(f"file is {len(shipped):,} bytes ({int(gz):,} gzip -9); twiggy read the same build through the same")
    print(f"wasm-opt flags plus -g: {len(named) - names:,} bytes without its {names:,}-byte name section"
          f" ({(len(named) - names - len(shipped)) / len(shipped):+.1%} against the shipped file).")
    print()
    print("| # | bytes | share of the shipped wasm | item |")
    print("|---|---|---|---|")
    for n, i in enumerate(code, 1):
        name = i["name"].replace("|", "\\|").replace("`", "'")
        name = name if len(name) <= 110 else name[:107] + "…"
        print(f"| {n} | {i['shallow_size']:,} | {i['shallow_size'] / len(shipped):.1%} | `{name}` |")


if __name__ == "__main__":
    main()
