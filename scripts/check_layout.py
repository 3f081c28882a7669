#!/usr/bin/env python3
"""Checks that the library's folders include one another in one direction only (README, "Layout").

The folders, from the bottom up:
    engine/core <- models <- engine/input <- engine/shocks <- engine/run <- analysis <- outputs <- cli
A file may include files of its own folder and of the folders before it, never of a later one,
and never the tests; includes are named from the source root ("engine/run/runner.hpp" or
<engine/run/runner.hpp>, never with ..), and every source file lies in one of the folders. Run
from the source tree:

    scripts/check_layout.py [--root DIR] [--list]

Exit 0 when every include goes the right way; 1 with one line per wrong include
(file:line: what it includes and why that is not allowed). --list also prints how many includes
go from each folder to each other folder.
"""
import argparse
import os
import posixpath
import re
import sys

LEVELS = ["engine/core", "models", "engine/input", "engine/shocks", "engine/run", "analysis",
          "outputs", "cli"]
CHAIN = " <- ".join(LEVELS)
TOPS = {level.split("/")[0] for level in LEVELS} | {"tests"}
# Quoted includes, and bracketed ones of the project's own folders (the source root is on the
# include path, so <engine/run/runner.hpp> compiles too).
INCLUDE = re.compile(r'^\s*#\s*include\s*(?:"([^"]+)"|<([^>]+)>)')
SOURCES = (".cpp", ".hpp", ".h", ".ipp", ".inl")


def folder_of(path):
    """The layout folder a path (relative to the root) belongs to, or None."""
    best = None
    for level in LEVELS:
        if path == level or path.startswith(level + "/"):
            if best is None or len(level) > len(best):
                best = level
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    parser.add_argument("--list", action="store_true", help="print the folder-to-folder include counts")
    args = parser.parse_args()
    root = os.path.abspath(args.root)

    errors = []
    counts = {}
    files = 0
    for top in sorted(TOPS - {"tests"}):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith(SOURCES):
                    continue
                path = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
                source = folder_of(path)
                if source is None:
                    errors.append(f"{path}: is in no folder of the layout ({CHAIN})")
                    continue
                files += 1
                with open(os.path.join(root, path), encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1) or m.group(2)
                        if m.group(2) is not None and target.split("/")[0] not in TOPS:
                            continue  # a library's header
                        if ".." in target.split("/"):
                            errors.append(f"{path}:{number}: includes \"{target}\": name it from the source root, without ..")
                            continue
                        target = posixpath.normpath(target)
                        if target.startswith("tests/"):
                            errors.append(f"{path}:{number}: includes \"{target}\": the library must not include the tests")
                            continue
                        dest = folder_of(target)
                        if dest is None:
                            if "/" in target:
                                errors.append(f"{path}:{number}: includes \"{target}\", which is in no folder of the layout ({CHAIN})")
                            continue  # a generated or same-folder header
                        counts[(source, dest)] = counts.get((source, dest), 0) + 1
                        if LEVELS.index(dest) > LEVELS.index(source):
                            errors.append(f"{path}:{number}: includes \"{target}\": {source} may not include {dest}, "
                                          f"which comes after it in {CHAIN}")
    if args.list:
        print("from -> to: includes")
        for (source, dest), n in sorted(counts.items(), key=lambda kv: (LEVELS.index(kv[0][0]), LEVELS.index(kv[0][1]))):
            print(f"{source} -> {dest}: {n}")
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        print(f"layout: {len(errors)} problem(s) with the direction {CHAIN}", file=sys.stderr)
        return 1
    print(f"layout: {files} files, every include goes {CHAIN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
