"""The code blocks of the READMEs that a user would paste, checked or run so they cannot rot.

A block is marked by an HTML comment on the line just before its opening fence (invisible when rendered):

    <!-- readme-test: NAME -->
    ```c
    ...
    ```

    readme_blocks.py list FILE                      the marked blocks' names
    readme_blocks.py extract FILE NAME              print the block
    readme_blocks.py same FILE NAME PATH            the block equals PATH's code from its first #include
    readme_blocks.py gitlab FILE NAME TEMPLATES     YAML parses; every component included has the inputs
                                                    given (templates/<name>.yml's spec: inputs), every
                                                    required input is given, no input holds a lone $ that
                                                    GitLab would expand; a job that needs the register job
                                                    says optional: true
    readme_blocks.py woodpecker FILE NAME CLI_SRC   YAML parses; each tcss step's settings are PLUGIN_*
                                                    variables the CLI reads (named in CLI_SRC/*.c), and
                                                    the required ones are there
    readme_blocks.py run FILE NAME SUFFIX [OLD=>NEW ...] -- COMMAND...
                                                    writes the block (OLD replaced by NEW: a placeholder
                                                    such as the example's registry URL becomes the mock
                                                    registry's) to a temporary file ending in SUFFIX and
                                                    runs COMMAND with {} replaced by its path; exits with
                                                    COMMAND's status
Exit 1 with the reason when a check fails, 2 on a usage error, 77 (skipped) without PyYAML.
"""
import os
import re
import subprocess
import sys
import tempfile

MARK = re.compile(r"^\s*<!--\s*readme-test:\s*([A-Za-z0-9_.-]+)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(`{3,})")


def blocks(path):
    """{name: text} for every marked block of the Markdown file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    found = {}
    i = 0
    while i < len(lines):
        m = MARK.match(lines[i])
        if not m:
            i += 1
            continue
        name = m.group(1)
        if i + 1 >= len(lines) or not FENCE.match(lines[i + 1]):
            sys.exit(f"{path}:{i + 1}: readme-test: {name} is not followed by a ``` fence")
        indent, fence = FENCE.match(lines[i + 1]).groups()
        body = []
        j = i + 2
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
            j += 1
        if j == len(lines):
            sys.exit(f"{path}:{i + 2}: the block {name} is never closed")
        if name in found:
            sys.exit(f"{path}: two blocks are marked {name}")
        found[name] = "\n".join(body) + "\n"
        i = j + 1
    return found


def block(path, name):
    b = blocks(path)
    if name not in b:
        sys.exit(f"{path}: no block marked <!-- readme-test: {name} --> (marked: {', '.join(sorted(b)) or 'none'})")
    return b[name]


def load_yaml(text, where):
    try:
        import yaml
    except ImportError:
        print("skipped: PyYAML is not installed (Debian python3-yaml, scripts/deps/core.apt)")
        sys.exit(77)
    try:
        return list(yaml.safe_load_all(text))
    except yaml.YAMLError as e:
        sys.exit(f"{where}: not valid YAML: {e}")


def fail(errors, where):
    if errors:
        sys.exit("\n".join(f"FAIL: {where}: {e}" for e in errors))
    print(f"ok: {where}")


def check_gitlab(path, name, templates):
    where = f"{path} block {name}"
    doc = load_yaml(block(path, name), where)[0]
    errors = []
    includes = doc.get("include", []) if isinstance(doc, dict) else []
    if isinstance(includes, dict):
        includes = [includes]
    components = [i for i in includes if isinstance(i, dict) and "component" in i]
    if not components:
        errors.append("includes no component")
    for inc in components:
        comp = inc["component"].rsplit("@", 1)[0].rsplit("/", 1)[-1]
        tpl = os.path.join(templates, comp + ".yml")
        if not os.path.exists(tpl):
            errors.append(f"component {comp}: no {tpl}")
            continue
        spec = load_yaml(open(tpl, encoding="utf-8").read(), tpl)[0]
        declared = (spec.get("spec") or {}).get("inputs") or {}
        given = inc.get("inputs") or {}
        for key, value in given.items():
            if key not in declared:
                errors.append(f"input {key!r} is not an input of {comp} (it has: {', '.join(sorted(declared))})")
            # GitLab expands $VAR inside input values: a literal $ is written $$.
            # A $ inside a word (robot$ci-tcss) is meant literally and would be lost.
            if isinstance(value, str) and re.search(r"[A-Za-z0-9]\$[A-Za-z_{]", value.replace("$$", "")):
                errors.append(f"input {key!r} = {value!r}: GitLab would expand the $ (write $$ for a literal $)")
        for key, decl in declared.items():
            if (decl is None or "default" not in decl) and key not in given:
                errors.append(f"the required input {key!r} of {comp} is not given")
        print(f"component {comp} ({tpl}): inputs given: {', '.join(given)}")
    for job, body in doc.items():
        if not isinstance(body, dict):
            continue
        for need in body.get("needs", []) or []:
            if isinstance(need, str) and need.startswith("tcss-register"):
                errors.append(f"job {job}: needs {need} without optional: true (not in other branches' pipelines)")
            if isinstance(need, dict) and str(need.get("job", "")).startswith("tcss-register") \
                    and need.get("optional") is not True:
                errors.append(f"job {job}: needs {need['job']} without optional: true")
    fail(errors, where)


def check_woodpecker(path, name, cli_src):
    where = f"{path} block {name}"
    doc = load_yaml(block(path, name), where)[0]
    # The option table is the one source: a row's PLUGIN_* name is its flag
    # in capitals with '-' as '_' (src/cli/opts.c); literal names count too.
    known = set()
    for f in sorted(os.listdir(cli_src)):
        if f.endswith(".c"):
            text = open(os.path.join(cli_src, f), encoding="utf-8").read()
            known |= set(re.findall(r'"(PLUGIN_[A-Z0-9_]+)"', text))
            known |= {"PLUGIN_" + flag.upper().replace("-", "_")
                      for flag in re.findall(r'\.flag\s*=\s*"([a-z0-9-]+)"', text)}
    errors = []
    steps = doc.get("steps", []) if isinstance(doc, dict) else []
    if isinstance(steps, dict):  # Woodpecker also takes a map of steps
        steps = [dict(v, name=k) for k, v in steps.items()]
    tcss_steps = [s for s in steps if isinstance(s, dict) and "tcss" in str(s.get("image", ""))]
    if not tcss_steps:
        errors.append("no step runs the tcss image")
    for s in tcss_steps:
        settings = s.get("settings") or {}
        for key in settings:
            var = "PLUGIN_" + key.upper()
            if var not in known:
                errors.append(f"step {s.get('name')}: setting {key!r} ({var}) is not read by tcss")
        for req in ("name", "url", "registry_type", "username", "password"):
            if req not in settings:
                errors.append(f"step {s.get('name')}: the required setting {req!r} is missing")
        print(f"step {s.get('name')}: settings {', '.join(settings)} are tcss's")
    fail(errors, where)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, path = argv[1], argv[2]
    if cmd == "list" and len(argv) == 3:
        print("\n".join(blocks(path)))
    elif cmd == "extract" and len(argv) == 4:
        sys.stdout.write(block(path, argv[3]))
    elif cmd == "same" and len(argv) == 5:
        text = block(path, argv[3])
        code = open(argv[4], encoding="utf-8").read()
        code = code[code.index("#include"):]
        if text != code:
            sys.exit(f"FAIL: {path}'s block {argv[3]} differs from {argv[4]}: copy the file's code into it")
        print(f"ok: {path}'s block {argv[3]} is {argv[4]}")
    elif cmd == "gitlab" and len(argv) == 5:
        check_gitlab(path, argv[3], argv[4])
    elif cmd == "woodpecker" and len(argv) == 5:
        check_woodpecker(path, argv[3], argv[4])
    elif cmd == "run" and "--" in argv[5:]:
        sep = argv.index("--")
        text = block(path, argv[3])
        for pair in argv[5:sep]:
            old, _, new = pair.partition("=>")
            if old not in text:
                sys.exit(f"FAIL: {path}'s block {argv[3]} no longer holds {old!r}")
            text = text.replace(old, new)
        with tempfile.TemporaryDirectory() as tmp:
            # A Java source file must be named after its public class.
            m = re.search(r"public\s+(?:final\s+)?class\s+(\w+)", text) if argv[4] == ".java" else None
            f = os.path.join(tmp, (m.group(1) if m else "block") + argv[4])
            with open(f, "w", encoding="utf-8") as out:
                out.write(text)
            command = [a.replace("{}", f) for a in argv[sep + 1:]]
            return subprocess.call(command, cwd=tmp)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
