"""Fails when the README's C example differs from tests/examples/add_registry.c."""
import sys

readme, example = (open(p, encoding="utf-8").read() for p in sys.argv[1:3])
start = readme.index("```c\n#include <tcss/tcss.h>") + len("```c\n")
snippet = readme[start:readme.index("```", start)]
code = example[example.index("#include <tcss/tcss.h>"):]
if snippet != code:
    sys.exit("README.md's C example differs from tests/examples/add_registry.c: copy the file's code into the README")
print("README example matches tests/examples/add_registry.c")
