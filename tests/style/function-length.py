#!/usr/bin/env python3
"""Fails when a function in the given C/C++ files is longer than a limit.

A function is a definition whose opening line starts in column 0 (or, in
C++, is indented inside a class or namespace) and ends with '{'; its length is
the number of lines from that line to the matching '}' inclusive. Braces in
strings, characters and comments are skipped. Usage:
    function-length.py [--max N] FILE...
"""
import re
import sys


def strip(text):
    """The text with comments, strings and character literals blanked."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            if c == '"' and i > 0 and text[i - 1] == "R":  # raw string R"(...)"
                m = re.match(r'"([^(]*)\(', text[i:])
                end = text.find(")" + m.group(1) + '"', i) if m else -1
                j = n if end < 0 else end + len(m.group(1)) + 2
            else:
                j = i + 1
                while j < n and text[j] != c:
                    j += 2 if text[j] == "\\" else 1
                j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


HEAD = re.compile(r"^\s*[\w:~<>,*&\s\[\]]*\b(\w+(::\w+)*|operator\S+)\s*\([^;{}]*\)[^;{}]*\{\s*$")
NOT_FUNCTION = re.compile(r"^\s*(if|for|while|switch|else|do|return|namespace|struct|class|enum|union|extern)\b")


def long_functions(path, limit):
    lines = strip(open(path, encoding="utf-8").read()).split("\n")
    found, i = [], 0
    while i < len(lines):
        line = lines[i]
        # A head may wrap: join up to four lines that end without ';'.
        head, j = line, i
        while j + 1 < len(lines) and j - i < 4 and not head.rstrip().endswith(("{", ";", "}")) and head.strip():
            j += 1
            head += " " + lines[j].strip()
        if HEAD.match(head) and not NOT_FUNCTION.match(head) and "=" not in head.split("(")[0]:
            depth, k = 0, i
            while k < len(lines):
                depth += lines[k].count("{") - lines[k].count("}")
                if depth == 0 and k > j - 1 and "{" in "".join(lines[i:k + 1]):
                    break
                k += 1
            length = k - i + 1
            if length > limit:
                found.append((path, i + 1, length, line.strip()[:70]))
            i = j + 1
            continue
        i += 1
    return found


def main(argv):
    limit, files = 60, []
    args = iter(argv)
    for a in args:
        if a == "--max":
            limit = int(next(args))
        else:
            files.append(a)
    bad = [f for path in files for f in long_functions(path, limit)]
    for path, line, length, text in bad:
        print("%s:%d: %d lines (at most %d): %s" % (path, line, length, limit, text))
    print("%d files checked, %d functions longer than %d lines" % (len(files), len(bad), limit))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
