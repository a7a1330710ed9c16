"""Every problem code the sources make is in the error catalogue (core/error_catalogue.cc), with
the kind the catalogue gives it, and every code in it is made somewhere; the same for the codes
of a problem's errors[] (core/field_error_catalogue.cc).

Problem codes: `ErrorKind::kX, "code"`, `Status::Malformed("code"`, `Status::Conflict("code"` and
`TooManyRequestsResponse("code"`. Field codes: the second argument of `errors.Add(` (FieldErrors) and `FieldError{`,
the second member of `{{field, "code", message}}`, and the first argument of core/lead_rules.cc's
`error("code", ...)`. A second argument that holds no string literal must be one of FORWARDED:
it passes on a code made (and checked) where it came from. Non-test sources only.
Usage: error_codes_test.py path/to/repo
"""
import os
import re
import subprocess
import sys

FORWARDED = {"err->code", "std::move(code)"}
PROBLEM_PATTERNS = [
    (re.compile(r"ErrorKind::(k[A-Za-z]+)\s*,\s*\"([a-z_]+)\""), lambda m: (m.group(2), m.group(1))),
    (re.compile(r"Status::(Malformed|Conflict)\(\s*\"([a-z_]+)\""),
     lambda m: (m.group(2), {"Malformed": "kMalformed", "Conflict": "kConflict"}[m.group(1)])),
    (re.compile(r"TooManyRequestsResponse\(\s*\"([a-z_]+)\""), lambda m: (m.group(1), "kOverLimit")),
]
FIELD_CALL = re.compile(r"(?:\berrors\.Add\s*\(|\be\.Add\s*\(|\bFieldError\s*\{|\{\{)")
LEAD_RULE_ERROR = re.compile(r"\berror\(\s*\"([a-z_]+)\"")


def arguments(text, start):
    """The top-level comma-separated arguments from `start` to the bracket that closes the list."""
    depth, args, current, i = 0, [], "", start
    while i < len(text):
        c = text[i]
        if c == '"':
            end = i + 1
            while text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            current += text[i:end + 1]
            i = end + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                return args + [current.strip()]
            depth -= 1
        if c == "," and depth == 0:
            args.append(current.strip())
            current = ""
        else:
            current += c
        i += 1
    return args


def field_codes(text):
    """(offset, code or None for an unreadable argument, the argument) for each field error made."""
    for m in FIELD_CALL.finditer(text):
        args = arguments(text, m.end())
        if len(args) < 3:
            continue  # not a field error: those take field, code and message
        chosen = args[1].split("?", 1)[-1]  # of `key == "email" ? "invalid_email" : ...`, the choices
        codes = re.findall(r'"([a-z_]+)"', chosen)
        if m.group(0) == "{{" and not re.fullmatch(r'"[a-z_]+"', args[1]):
            continue  # a brace list of something else (log attributes, examples)
        if codes:
            for code in codes:
                yield m.start(), code, args[1]
        elif args[1] not in FORWARDED:
            yield m.start(), None, args[1]


def main(repo):
    os.chdir(repo)
    catalogue_text = open("core/error_catalogue.cc").read()
    catalogue = {m.group(1): m.group(2) for m in re.finditer(
        r"ErrorCode\{\s*\"([a-z_]+)\",\s*ErrorKind::(k[A-Za-z]+),", catalogue_text)}
    field_catalogue = set(re.findall(r"FieldErrorCode\{\s*\"([a-z_]+)\"",
                                     open("core/field_error_catalogue.cc").read()))
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.cc", "*.h"],
                            capture_output=True, text=True, check=True).stdout.split()
    made, fields_made, problems = set(), set(), []
    for path in listed:
        if path.startswith("tests/") or path in ("core/error_catalogue.cc", "core/field_error_catalogue.cc"):
            continue
        text = open(path).read()

        def where(offset):
            return f"{path}:{text.count(chr(10), 0, offset) + 1}"

        for pattern, parts in PROBLEM_PATTERNS:
            for m in pattern.finditer(text):
                code, kind = parts(m)
                made.add(code)
                if code not in catalogue:
                    problems.append(f"{where(m.start())}: code {code} is not in core/error_catalogue.cc")
                elif catalogue[code] != kind:
                    problems.append(f"{where(m.start())}: code {code} made as {kind}, the catalogue says "
                                    f"{catalogue[code]}")
        found = list(field_codes(text))
        if path == "core/lead_rules.cc":
            found += [(m.start(), m.group(1), m.group(0)) for m in LEAD_RULE_ERROR.finditer(text)]
        for offset, code, argument in found:
            if code is None:
                problems.append(f"{where(offset)}: a field error's code `{argument}` is no string literal; make "
                                "it one, or add the form to FORWARDED in tests/cli/error_codes_test.py")
                continue
            fields_made.add(code)
            if code not in field_catalogue:
                problems.append(f"{where(offset)}: field code {code} is not in core/field_error_catalogue.cc")
    problems += [f"core/error_catalogue.cc: {code} is made nowhere" for code in sorted(set(catalogue) - made)]
    problems += [f"core/field_error_catalogue.cc: {code} is made nowhere"
                 for code in sorted(field_catalogue - fields_made)]
    for problem in problems:
        print(problem)
    print(f"error_codes_test: {len(catalogue)} codes in the catalogue, {len(made)} made; {len(field_catalogue)} "
          f"field codes, {len(fields_made)} made; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
