#!/usr/bin/env python3
"""Groups C++ sources that may be compiled as one translation unit: no two sources in a group
declare the same name at file scope (anonymous namespaces and static functions would collide in
one file). tools/tidy checks its batches this way, and the test executables are built from such
groups (CMake's unity build, tests/CMakeLists.txt).

Usage: tools/source_batches.py --size N FILE ...
  prints one line per FILE that shares a group with another: "<group number> <file>". A file
  printed on no line is best compiled alone.
"""
import argparse
import re
import sys

# What a source declares at file scope, as clang-format lays it out (declarations start in column
# 0): type, alias, macro, function and variable names. Over-approximate on purpose: two sources
# sharing a name only go to different groups.
DECLARED = [re.compile(r"^(?:template\s*<.*>\s*)?(?:struct|class|union|enum(?:\s+class)?)\s+(\w+)"),
            re.compile(r"^using\s+(\w+)\s*="), re.compile(r"^#define\s+(\w+)")]
DEFINED = re.compile(r"^[^(=;{\[]*?\b(\w+)\s*(?:\(|=|\{|\[|;)")
NAMESPACE_OPENED = re.compile(r"^namespace ([\w:]*) ?\{")
# `using ns::Name;` names what another namespace declared: two sources may both say it.
USING_DECLARATION = re.compile(r"^using\s+[\w:]+::\w+\s*;")
NOT_DECLARATIONS = ("namespace", "using namespace", 'extern "C"', "return", "BOOST_", "//", "#include", "#if",
                    "#endif", "#else", "#pragma", "}", "{", " ", "\t", "\n")


def file_scope_names(path):
    """The names `path` declares at file scope, each with the named namespaces it is in (clang-format
    closes a namespace with `}  // namespace`): the same name in two namespaces does not meet."""
    names, namespaces = set(), []
    with open(path, errors="replace") as f:
        for line in f:
            opened = NAMESPACE_OPENED.match(line)
            if opened:
                namespaces.append(opened.group(1) or "")
                continue
            if line.startswith("}  // namespace") and namespaces:
                namespaces.pop()
                continue
            if line.startswith(NOT_DECLARATIONS) and not line.startswith("#define") or USING_DECLARATION.match(line):
                continue
            match = next((m for m in (r.match(line) for r in DECLARED) if m), None) or DEFINED.match(line)
            if not match or line[:match.start(1)].endswith("::"):
                continue  # a member or a namespace's function defined out of line: no new name
            if line.startswith("#define"):
                names.add(match.group(1))  # a macro has no namespace
            elif not re.fullmatch(r"[A-Z0-9_]+", match.group(1)):
                names.add("::".join([n for n in namespaces if n] + [match.group(1)]))
    return names


def batches_of(items, size, path_of=lambda item: item):
    """Splits `items` (in order) into groups of at most `size` whose sources' file-scope names do
    not meet; `path_of` gives an item's source file."""
    batches = []
    for item in items:
        names = file_scope_names(path_of(item))
        for batch in batches:
            if len(batch[0]) < size and not batch[1] & names:
                batch[0].append(item)
                batch[1].update(names)
                break
        else:
            batches.append(([item], set(names)))
    return [batch for batch, _ in batches]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    for number, batch in enumerate(batches_of(args.files, args.size)):
        if len(batch) > 1:
            for path in batch:
                print(number, path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
