"""The command's manners (issue 19) and the shape of its option table
(issue 17): inputs checked before credentials and named together, an empty
--password-stdin said so, did-you-mean, unknown PLUGIN_* settings warned
about, completion scripts, --quiet, add-registry --help listing the keyless
flags, the library's option fields named as flags, the table's defaults
from the header and its rows as designated initializers, short functions.

Every test_* method of MannersTest is one CTest test, cli.manners.<name>,
run under tests/harness/with-emulator (tests/cli/CMakeLists.txt).
"""

import os
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import (CliCase, EXIT_AUTH, EXIT_OK, EXIT_USAGE,  # noqa: E402
                      PASSWORD, api_requests, field, stored)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
SRC_CLI = os.path.join(ROOT, "src", "cli")
NO_KEYS = ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY",
           "TENCENTCLOUD_SESSION_TOKEN", "TCSS_METADATA_ENDPOINT",
           "TCSS_STS_ENDPOINT")


def in_container():
    return (os.path.exists("/.dockerenv")
            or os.path.exists("/run/.containerenv"))


def c_functions(path):
    """(name, first line, number of lines) of every function defined at the
    top level of a C file, by its braces (the tree's style: the opening
    brace of a function alone on its line)."""
    with open(path) as f:
        lines = f.read().split("\n")
    out, i = [], 0
    while i < len(lines):
        if lines[i] == "{" and i > 0:
            head = i - 1
            while head > 0 and "(" not in lines[head]:
                head -= 1
            m = re.search(r"(\w+)\s*\(", lines[head])
            depth, j = 0, i
            while j < len(lines):
                depth += lines[j].count("{") - lines[j].count("}")
                if depth == 0:
                    break
                j += 1
            out.append((m.group(1) if m else "?", head + 1, j - head + 1))
            i = j
        i += 1
    return out


class MannersTest(CliCase):

    def flags_in_help(self):
        shown = set()
        for args in (["--help"], ["add-registry", "--help"]):
            p = self.tcss(*args)
            self.assert_exit(p, EXIT_OK)
            shown |= set(re.findall(r"^  (--[a-z-]+)", p.out, re.M))
        return shown

    # -- inputs before credentials ----------------------------------------

    def test_missing_inputs_named_together_before_credentials(self):
        # No key anywhere: the inputs are still checked first (exit 2, not
        # 3), every missing one named by its flag, the password by its three
        # sources.
        p = self.tcss("add-registry", "--no-metadata", unset=NO_KEYS)
        self.assert_exit(p, EXIT_USAGE)
        self.assertEqual(
            p.err,
            "tcss: usage error: missing: --name, --url, --registry-type, "
            "--username, the registry password (--password-stdin, "
            "--password-file FILE or $TCSS_REGISTRY_PASSWORD)\n")
        # Only what is missing; the password given another way counts.
        p = self.tcss("add-registry", "--name", "x", "--username", "u",
                      env={"TCSS_REGISTRY_PASSWORD": PASSWORD},
                      unset=NO_KEYS)
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("missing: --url, --registry-type\n", p.err)
        self.assertNotIn("password", p.err)
        # An empty value is as good as missing.
        p = self.add("", unset=NO_KEYS)
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("missing: --name\n", p.err)
        self.assert_nothing_sent()

    def test_missing_settings_named_by_plugin_variable(self):
        p = self.tcss(env={"PLUGIN_NAME": "cli-plugin-missing"},
                      unset=NO_KEYS)
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn(
            "missing: PLUGIN_URL, PLUGIN_REGISTRY_TYPE, PLUGIN_USERNAME, the "
            "registry password (PLUGIN_PASSWORD, PLUGIN_PASSWORD_FILE or "
            "$TCSS_REGISTRY_PASSWORD)", p.err)
        self.assertNotIn("--", p.err)
        self.assert_nothing_sent()

    def test_empty_password_stdin_said(self):
        p = self.tcss(*self.registry_args("cli-empty-stdin"), stdin="")
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("--password-stdin: standard input was empty", p.err)
        # In a container an empty stdin is usually `docker run` without -i.
        self.assertEqual("needs -i" in p.err, in_container(), p.err)
        empty = self.write("empty", "")
        p = self.tcss(*self.registry_args("cli-empty-file", secret="file"),
                      "--password-file", empty)
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("--password-file: the file is empty", p.err)
        self.assert_nothing_sent()

    # -- did you mean -------------------------------------------------------

    def test_did_you_mean(self):
        cases = [
            (["add-registry", "--regsitry-type", "harbor"],
             "unknown option '--regsitry-type' (did you mean "
             "--registry-type?)"),
            (["addregistry"],
             "unknown command 'addregistry' (did you mean add-registry?)"),
            (self.registry_args("x")[:5] + ["--registry-type", "Harbor"],
             "'Harbor' is not one of harbor, quay, jfrog, aws, azure, "
             "other-tcr (did you mean harbor?)"),
            (["add-registry", "--sync-mode", "incremetal"],
             "(did you mean incremental?)"),
            (["add-registry", "--output", "jsno"], "(did you mean json?)"),
            (["completion", "bsh"], "(did you mean bash?)"),
        ]
        for args, said in cases:
            with self.subTest(args=args):
                p = self.tcss(*args, stdin="pw")
                self.assert_exit(p, EXIT_USAGE)
                self.assertIn(said, p.err)
        # Nothing near: no suggestion.
        p = self.tcss("add-registry", "--colour")
        self.assertNotIn("did you mean", p.err)
        # A word that is not echoed (it may be a secret) still gets the
        # suggestion, never the word.
        p = self.tcss("--verbose", "addregistr", stdin="pw")
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("did you mean add-registry?", p.err)
        self.assertNotIn("addregistr", p.err)
        # And a setting's value, by its variable.
        p = self.tcss(env=self.plugin_env(PLUGIN_REGISTRY_TYPE="Quay"))
        self.assert_exit(p, EXIT_USAGE)
        self.assertIn("PLUGIN_REGISTRY_TYPE: 'Quay' is not one of", p.err)
        self.assertIn("(did you mean quay?)", p.err)
        self.assert_nothing_sent()

    def test_unknown_plugin_setting_warned(self):
        p = self.tcss(env=self.plugin_env(PLUGIN_NEED_SCNA="true",
                                          PLUGIN_ZZZ_OTHER="1"))
        self.assert_exit(p, EXIT_OK)
        self.assertIn("tcss: warning: PLUGIN_NEED_SCNA is not a setting tcss "
                      "knows; it is ignored (did you mean PLUGIN_NEED_SCAN?)",
                      p.err)
        self.assertIn("tcss: warning: PLUGIN_ZZZ_OTHER is not a setting tcss "
                      "knows; it is ignored\n", p.err)
        # The known ones all worked; the misspelt one did not count.
        reg = stored("cli-plugin")
        self.assertIn(field(reg, "NeedScan"), (False, 0))
        # Secrets given as settings are known settings: no warning.
        self.assertNotIn("PLUGIN_PASSWORD", p.err)

    # -- completion, quiet, help --------------------------------------------

    def test_completion_scripts(self):
        flags = self.flags_in_help()
        scripts = {}
        for shell in ("bash", "zsh", "fish"):
            p = self.tcss("completion", shell)
            self.assert_exit(p, EXIT_OK)
            scripts[shell] = p.out
            for flag in flags:
                self.assertIn(flag[2:], p.out, "%s: %s" % (shell, flag))
            self.assertNotIn("secret-key", p.out)  # a setting, never a flag
        # bash: ask the function what it offers, as the shell would.
        path = self.write("tcss.bash", scripts["bash"])

        def bash_offers(*words):
            line = ("source %s; COMP_WORDS=(%s); COMP_CWORD=%d; _tcss; "
                    "printf '%%s\\n' \"${COMPREPLY[@]}\"" % (
                        path, " ".join("'%s'" % w for w in words),
                        len(words) - 1))
            return subprocess.run(["bash", "-c", line], check=True,
                                  stdout=subprocess.PIPE,
                                  text=True).stdout.split()
        self.assertEqual(bash_offers("tcss", "add-registry",
                                     "--registry-type", ""),
                         ["harbor", "quay", "jfrog", "aws", "azure",
                          "other-tcr"])
        self.assertEqual(bash_offers("tcss", "add-registry", "--sync-m"),
                         ["--sync-mode"])
        self.assertEqual(bash_offers("tcss", "add-r"), ["add-registry"])
        self.assertEqual(bash_offers("tcss", "completion", ""),
                         ["bash", "zsh", "fish"])
        self.assertEqual(bash_offers("tcss", "add-registry", "--name", ""),
                         [])

    def shell_or_skip(self, shell):
        if shutil.which(shell) is None:
            self.skipTest("%s is not installed (scripts/deps/cli.apt)" % shell)
        p = self.tcss("completion", shell)
        self.assert_exit(p, EXIT_OK)
        return self.write("tcss." + shell, p.out)

    def test_completion_zsh(self):
        # zsh reads the script, and compinit picks up its #compdef line.
        path = self.shell_or_skip("zsh")
        r = subprocess.run(["zsh", "-n", path], stderr=subprocess.PIPE,
                           text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        folder = os.path.join(self.tmp, "zfunc")
        os.mkdir(folder)
        shutil.copy(path, os.path.join(folder, "_tcss"))
        got = subprocess.run(
            ["zsh", "-f", "-c", "fpath=(%s $fpath); autoload -Uz compinit; "
             "compinit -u -D; print -r -- ${_comps[tcss]}" % folder],
            stdout=subprocess.PIPE, text=True, check=True,
            env=dict(os.environ, HOME=self.home)).stdout
        self.assertEqual(got.strip(), "_tcss")

    def test_completion_fish(self):
        path = self.shell_or_skip("fish")
        r = subprocess.run(["fish", "--no-execute", path],
                           stderr=subprocess.PIPE, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

        def fish_offers(line):
            got = subprocess.run(
                ["fish", "--no-config", "-c",
                 "source %s; complete -C '%s'" % (path, line)],
                stdout=subprocess.PIPE, text=True, check=True,
                env=dict(os.environ, HOME=self.home)).stdout
            return sorted(l.split("\t")[0] for l in got.splitlines())
        self.assertEqual(fish_offers("tcss --registry-type "),
                         sorted(["harbor", "quay", "jfrog", "aws", "azure",
                                 "other-tcr"]))
        self.assertEqual(fish_offers("tcss --sync-m"), ["--sync-mode"])
        self.assertEqual(fish_offers("tcss completion "),
                         ["bash", "fish", "zsh"])

    def test_quiet(self):
        p = self.add("cli-quiet", "--quiet")
        self.assert_exit(p, EXIT_OK)
        self.assertEqual((p.out, p.err), ("", ""))
        stored("cli-quiet")
        # The data a script asked for is still there.
        j = self.add("cli-quiet", "--quiet", "--output", "json")
        self.assert_exit(j, EXIT_OK)
        self.assertIs(self.one_json(j)["AlreadyExisted"], True)
        # Errors are never quiet.
        e = self.add("cli-quiet-auth", "--quiet",
                     env={"TENCENTCLOUD_SECRET_KEY": "wrong"})
        self.assert_exit(e, EXIT_AUTH)
        self.assertIn("AuthFailure", e.err)

    def test_add_registry_help_lists_keyless_flags(self):
        p = self.tcss("add-registry", "--help")
        self.assert_exit(p, EXIT_OK)
        listed = set(re.findall(r"^  (--[a-z-]+)", p.out, re.M))
        for flag in ("--role-arn", "--provider-id", "--web-identity-token-file",
                     "--role-session-name", "--session-duration",
                     "--sts-endpoint", "--metadata-endpoint",
                     "--no-metadata"):
            self.assertIn(flag, listed)

    def test_library_fields_named_as_flags(self):
        # The library's message speaks of its options struct; tcss names
        # the flag (or the setting) the user gave.
        p = self.add("cli-profile-nope", "--profile", "nope", "--no-metadata",
                     unset=NO_KEYS)
        self.assert_exit(p, EXIT_AUTH)
        self.assertIn("was asked for (--profile)", p.err)
        self.assertNotIn("options.", p.err)
        p = self.add("cli-arn", "--role-arn", "qcs::cam::uin/1:roleName/r",
                     "--no-metadata", unset=NO_KEYS)
        self.assert_exit(p, EXIT_AUTH)
        self.assertIn("--role-arn is set", p.err)
        self.assertNotIn("role_arn", p.err)
        env = self.plugin_env(PLUGIN_ROLE_ARN="qcs::cam::uin/1:roleName/r",
                              PLUGIN_NO_METADATA="true")
        p = self.tcss(env=env, unset=NO_KEYS)
        self.assert_exit(p, EXIT_AUTH)
        self.assertIn("PLUGIN_ROLE_ARN is set", p.err)
        self.assert_nothing_sent()

    # -- the option table -----------------------------------------------------

    def test_table_defaults_come_from_the_header(self):
        h = {}
        with open(os.path.join(ROOT, "include", "tcss", "tcss.h")) as f:
            for line in f:
                m = re.match(r'#define (TCSS_[A-Z_]+) +"?([^"\s]+)"?', line)
                if m:
                    h[m.group(1)] = m.group(2)
        p = self.tcss("--help")
        flat = " ".join(p.out.split())
        for name in ("TCSS_DEFAULT_STS_ENDPOINT", "TCSS_MAINLAND_STS_ENDPOINT",
                     "TCSS_DEFAULT_METADATA_ENDPOINT"):
            self.assertIn(h[name], flat, name)
        self.assertIn("(%s..%s) (default: %s)" % (
            h["TCSS_MIN_SESSION_DURATION"], h["TCSS_MAX_SESSION_DURATION"],
            h["TCSS_DEFAULT_SESSION_DURATION"]), flat)
        top = int(h["TCSS_MAX_SESSION_DURATION"])
        ok = self.add("cli-dur", "--session-duration", str(top), "--dry-run")
        self.assert_exit(ok, EXIT_OK)
        over = self.add("cli-dur", "--session-duration", str(top + 1))
        self.assert_exit(over, EXIT_USAGE)
        self.assertIn("from %s to %d" % (h["TCSS_MIN_SESSION_DURATION"], top),
                      over.err)
        # And the table spells none of them as a literal.
        with open(os.path.join(SRC_CLI, "opts.c")) as f:
            table = f.read()
        for name in ("TCSS_DEFAULT_STS_ENDPOINT", "TCSS_MAINLAND_STS_ENDPOINT",
                     "TCSS_DEFAULT_METADATA_ENDPOINT"):
            self.assertNotIn(h[name].split("//")[1], table)
        for name in ("TCSS_MAX_SESSION_DURATION",
                     "TCSS_DEFAULT_SESSION_DURATION"):
            self.assertNotRegex(table, r"\b%s\b" % h[name])
        self.assert_nothing_sent()

    def test_table_rows_are_designated(self):
        with open(os.path.join(SRC_CLI, "opts.c")) as f:
            table = f.read()
        body = table[table.index("cli_opt_specs[OPT__COUNT] = {"):]
        body = body[:body.index("\n};")]
        rows = re.split(r"\n    \[OPT_[A-Z_]+\] = ", body)[1:]
        self.assertGreater(len(rows), 30)
        for row in rows:
            # Every member by name: "{.flag = ...", no positional filler.
            self.assertRegex(row, r"^\{\s*\.flag = ", row[:60])
            self.assertNotRegex(row, r"(,|\{)\s*(NULL|0)\s*(,|\})", row[:60])

    def test_cli_functions_are_short(self):
        long_ones = []
        for name in sorted(os.listdir(SRC_CLI)):
            if name.endswith(".c"):
                for fn, line, n in c_functions(os.path.join(SRC_CLI, name)):
                    if n > 60:
                        long_ones.append("%s:%d %s (%d lines)"
                                         % (name, line, fn, n))
        self.assertEqual(long_ones, [])
        # The counter itself counts: a 70-line function is found.
        sample = self.write("long.c", "static int f(void)\n{\n" +
                            "    x++;\n" * 66 + "    return 0;\n}\n")
        self.assertEqual(c_functions(sample), [("f", 1, 70)])

if __name__ == "__main__":
    # A test whose tool is missing exits 77: CTest reports it skipped.
    result = unittest.main(verbosity=2, exit=False).result
    if (result.wasSuccessful() and result.skipped
            and len(result.skipped) == result.testsRun):
        sys.exit(77)
    sys.exit(0 if result.wasSuccessful() else 1)
