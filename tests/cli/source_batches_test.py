"""tools/source_batches.py groups sources that compile as one file: sources whose file-scope names
meet go to different groups, and those that only look alike share one. Each case is compiled: a
group the tool makes must compile as one translation unit (g++ -fsyntax-only), and the case that
keeps two sources apart must fail to.
Usage: source_batches_test.py path/to/repo
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(sys.argv[1], "tools"))
from source_batches import batches_of  # noqa: E402

SOURCES = {
    # Two test files with the same helper names, each in a namespace named after it: one group.
    "a_test.cc": "namespace a_test {\nnamespace {\nstruct World {};\nconstexpr int kCampaign = 1;\n}  // namespace\n"
                 "int Use() { return kCampaign; }\n}  // namespace a_test\n",
    "b_test.cc": "namespace b_test {\nnamespace {\nstruct World {};\nconstexpr int kCampaign = 2;\n}  // namespace\n"
                 "int Use() { return kCampaign; }\n}  // namespace b_test\n",
    # The same name in one namespace's anonymous namespaces: apart.
    "c.cc": "namespace lg::x {\nnamespace {\nint Helper() { return 1; }\n}  // namespace\n}  // namespace lg::x\n",
    "d.cc": "namespace lg::x {\nnamespace {\nint Helper() { return 2; }\n}  // namespace\n}  // namespace lg::x\n",
    # Members defined out of line and using-declarations name nothing new: they join c.cc's group.
    "e.cc": "namespace lg::x {\nstruct Thing {\n  int Helper();\n};\nint Thing::Helper() { return 3; }\n"
            "}  // namespace lg::x\nnamespace lg::y {\nusing lg::x::Thing;\n}  // namespace lg::y\n",
}


def compiles(directory, names):
    unit = os.path.join(directory, "unit.cc")
    with open(unit, "w") as f:
        f.writelines(f'#include "{name}"\n' for name in names)
    return subprocess.run(["g++", "-std=c++20", "-fsyntax-only", unit], capture_output=True).returncode == 0


def main():
    failures = []
    with tempfile.TemporaryDirectory() as directory:
        for name, text in SOURCES.items():
            with open(os.path.join(directory, name), "w") as f:
                f.write(text)
        paths = [os.path.join(directory, name) for name in SOURCES]
        groups = [[os.path.basename(p) for p in group] for group in batches_of(paths, 8)]
        want = [["a_test.cc", "b_test.cc", "c.cc", "e.cc"], ["d.cc"]]
        if groups != want:
            failures.append(f"groups {groups}, expected {want}")
        for group in groups:
            if not compiles(directory, group):
                failures.append(f"the group {group} does not compile as one file")
        if compiles(directory, ["c.cc", "d.cc"]):
            failures.append("c.cc and d.cc compile as one file: the case does not test a collision")
        if [len(g) for g in batches_of(paths, 2)] != [2, 2, 1]:
            failures.append(f"size 2 gives {[len(g) for g in batches_of(paths, 2)]}, expected [2, 2, 1]")
    for failure in failures:
        print("source_batches_test:", failure)
    if not failures:
        print("source_batches_test: namespaced names share a group, colliding ones do not, and each group compiles")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
