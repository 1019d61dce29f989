#!/usr/bin/env python3
"""Checks that every #include "module/..." in src/ follows the module graph.

Usage: check_includes.py SRC_DIR NAME=DIR:DEP,DEP ...

A file belongs to the module with the longest DIR that prefixes its path. It may include
headers of its own module and of the modules it depends on (transitively, as CMake's
PUBLIC links make them visible). Anything else fails the build with the file, line and
the edge that is missing.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def main():
    src = sys.argv[1]
    modules = {}
    for spec in sys.argv[2:]:
        name, rest = spec.split("=", 1)
        directory, deps = rest.split(":", 1)
        modules[name] = (directory.rstrip("/"), [d for d in deps.split(",") if d])
    by_dir = sorted(((d, n) for n, (d, _) in modules.items()), key=lambda x: -len(x[0]))

    def owner(rel):
        for d, n in by_dir:
            if rel == d or rel.startswith(d + "/"):
                return n
        return None

    closure = {}

    def reach(n, seen=None):
        if n in closure:
            return closure[n]
        out = {n}
        for d in modules[n][1]:
            out |= reach(d)
        closure[n] = out
        return out

    errors = []
    for root, _, files in os.walk(src):
        for f in sorted(files):
            if not f.endswith((".h", ".cc", ".inc")):
                continue
            path = os.path.join(root, f)
            rel = os.path.relpath(path, src)
            me = owner(rel)
            if me is None:
                errors.append(f"{rel}: in no module (add it to CMakeLists.txt)")
                continue
            allowed = reach(me)
            with open(path, encoding="utf-8", errors="replace") as fh:
                for lineno, line in enumerate(fh, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = owner(m.group(1))
                    if target is None or target in allowed:
                        continue
                    errors.append(f"src/{rel}:{lineno}: module '{me}' includes "
                                  f"\"{m.group(1)}\" of module '{target}', which it does "
                                  f"not depend on")
    if errors:
        print("include graph violated (docs/ARCHITECTURE.md, CMakeLists.txt):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
