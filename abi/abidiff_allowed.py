#!/usr/bin/env python3
"""abidiff_allowed.py BASELINE_ABI REPORT

Reads an abidiff report (abidiff --no-added-syms BASELINE NEW, which exited
with only ABIDIFF_ABI_CHANGE set) and decides whether every change in it is
one that abi/ABI.md allows in 1.x: a growable public struct gaining members
after all of its existing ones. Growable are the structs whose first field is
`version` (the caller says which fields it has) and the ones only the library
allocates (LIBRARY_ALLOCATED); any other struct, such as tcss_conn_detect
that callers lay out in arrays, is frozen. Exit 0 when so, 1 (naming the
offending lines) otherwise.

libabigail's own suppression `has_data_member_inserted_at = end` also hides a
field whose type changed (tested in test-abidiff-policy.sh), so the decision
is made here instead, failing closed: any report line not known to be part
of an append-at-end is a failure, so an unfamiliar libabigail wording can
only cause a false alarm, never let a break through.
"""
import re
import sys
import xml.etree.ElementTree as ET

NEUTRAL = [
    r"Functions changes summary: .*",
    r"Variables changes summary: .*",
    r"\d+ functions? with some indirect sub-type changes?:",
    r"\[C\] 'function .*' (at .* )?has some indirect sub-type changes:",
    r"parameter \d+ of type '.*' has sub-type changes:",
    r"in pointed to type '.*'( at .*)?:",
    r"in unqualified underlying type '.*'( at .*)?:",
    r"type size hasn't changed",
    r"type size changed from \d+ to \d+ \(in bits\)",
    r"\d+ data member insertions?:",
    r".*, as reported earlier",
]
# Structs the caller only ever receives through a pointer from the library.
LIBRARY_ALLOCATED = {"tcss_registry_result"}

STRUCT = re.compile(r"underlying type 'struct (\w+)'( at .*)? changed:")
INSERTED = re.compile(r"'(.*)', at offset (\d+) \(in bits\)( at .*)?")


def growable_structs(baseline):
    """Growable struct name -> offset in bits of its last data member."""
    offsets = {}
    for decl in ET.parse(baseline).getroot().iter("class-decl"):
        name = decl.get("name")
        members = decl.findall("data-member")
        if not name or not members or decl.get("is-declaration-only"):
            continue
        first = members[0].find("var-decl")
        versioned = first is not None and first.get("name") == "version"
        if versioned or name in LIBRARY_ALLOCATED:
            offsets[name] = max(int(m.get("layout-offset-in-bits", "-1")) for m in members)
    return offsets


def main(argv):
    if len(argv) != 3:
        print("usage: abidiff_allowed.py BASELINE_ABI REPORT", file=sys.stderr)
        return 2
    offsets = growable_structs(argv[1])
    bad = []
    current = None
    with open(argv[2], encoding="utf-8", errors="replace") as report:
        for raw in report:
            line = raw.strip()
            if not line or any(re.fullmatch(p, line) for p in NEUTRAL):
                continue
            m = STRUCT.fullmatch(line)
            if m:
                current = m.group(1)
                if not current.startswith("tcss_") or current not in offsets:
                    bad.append(f"{line}  <- not a growable public struct (versioned or library-allocated)")
                continue
            m = INSERTED.fullmatch(line)
            if m and current in offsets:
                if int(m.group(2)) > offsets[current]:
                    continue
                bad.append(f"{line}  <- inserted before the end of struct {current}")
                continue
            bad.append(line)
    if bad:
        print("abidiff_allowed: changes 1.x does not allow:")
        for line in bad:
            print(f"    {line}")
        return 1
    print("abidiff_allowed: only new members at the end of public structs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
