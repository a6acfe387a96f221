"""Tests of bench/merge.py on copies of bench/RESULTS.md: a partial run replaces only its own rows
(in place, new figures beside their group), a full run rewrites the table, the prose stays.
Run: python3 -m unittest bench/test_merge.py (from the repository root) or python3 bench/test_merge.py
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import merge  # noqa: E402


class MergeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.results = os.path.join(self.tmp, "RESULTS.md")
        shutil.copy(os.path.join(HERE, "RESULTS.md"), self.results)
        with open(self.results, encoding="utf-8") as f:
            self.before = f.read()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def run_merge(self, rows, *extra):
        path = os.path.join(self.tmp, "rows.tsv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join("\t".join(r) + "\n" for r in rows))
        args = [sys.executable, os.path.join(HERE, "merge.py"), self.results, path, "--date", "2030-01-02",
                "--machine", "test box", "--groups", "pdf", *extra]
        done = subprocess.run(args, capture_output=True, text=True)
        with open(self.results, encoding="utf-8") as f:
            return done, f.read()

    def figures(self, text):
        return [r[merge.FIGURE] for r in merge.read_table(text)]

    def test_the_committed_file_parses(self):
        rows = merge.read_table(self.before)
        self.assertGreater(len(rows), 20)
        self.assertEqual(len(set(r[1] for r in rows)), len(rows), "figures are unique keys")

    def test_partial_run_replaces_its_rows_in_place_and_keeps_the_others(self):
        old = merge.read_table(self.before)
        key = "invoice PDF, 40 lines: renderer alone (in-process, fonts loaded), p50 / p99 (size)"
        done, after = self.run_merge([["pdf", key, "2.70 / 3.10 ms (30 KB)", "wkhtmltopdf 329 ms", "122×", "200"]])
        self.assertEqual(done.returncode, 0, done.stderr)
        new = merge.read_table(after)
        self.assertEqual(self.figures(after), [r[1] for r in old], "same rows, same order")
        for o, n in zip(old, new):
            if n[1] == key:
                self.assertEqual(n, ["pdf", key, "2.70 / 3.10 ms (30 KB)", "wkhtmltopdf 329 ms", "122×", "200",
                                     "2030-01-02"])
            else:
                self.assertEqual(o, n, "a row this run did not measure is kept as it was")
        self.assertIn("Last run: 2030-01-02, partial run (pdf), on test box.", after)
        # The prose outside the blocks is untouched.
        strip = lambda t: t[:t.index("<!-- bench:last-run -->")] + t[t.index("<!-- /bench:table -->"):]
        self.assertEqual(strip(after), strip(self.before))
        self.assertIn("| 2.70 / 3.10 ms (30 KB) |", done.stdout, "the run's rows are printed")

    def test_new_figure_goes_after_its_group_and_an_unknown_group_at_the_end(self):
        done, after = self.run_merge([
            ["pdf", "invoice PDF, 9 lines: renderer alone", "1 ms", "", "", ""],
            ["zzz", "a figure of a new group", "1", "", "", ""],
        ])
        self.assertEqual(done.returncode, 0, done.stderr)
        rows = merge.read_table(after)
        groups = [r[0] for r in rows]
        last_pdf = max(i for i, g in enumerate(groups) if g == "pdf")
        self.assertEqual(rows[last_pdf][1], "invoice PDF, 9 lines: renderer alone")
        self.assertEqual(rows[-1][1], "a figure of a new group")
        self.assertEqual(len(rows), len(merge.read_table(self.before)) + 2)

    def test_full_run_rewrites_the_table(self):
        done, after = self.run_merge([["login", "only figure", "1", "2", "0.5", "s"]], "--full")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(merge.read_table(after), [["login", "only figure", "1", "2", "0.5", "s", "2030-01-02"]])
        self.assertIn("full run", after)

    def test_a_pipe_in_a_cell_survives(self):
        done, after = self.run_merge([["pdf", "a | b", "x|y", "", "", ""]])
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(["pdf", "a \\| b", "x\\|y", "", "", "", "2030-01-02"], merge.read_table(after))
        _, again = self.run_merge([["pdf", "a | b", "z", "", "", ""]])
        self.assertEqual(self.figures(again).count("a \\| b"), 1, "the escaped key matches next time")

    def test_section_is_replaced(self):
        section = os.path.join(self.tmp, "top.md")
        with open(section, "w", encoding="utf-8") as f:
            f.write("| # | bytes |\n|---|---|\n| 1 | 99 |\n")
        done, after = self.run_merge([["wasm", "w", "1", "", "", ""]], "--section", f"wasm-top={section}")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("<!-- bench:wasm-top -->\n| # | bytes |\n|---|---|\n| 1 | 99 |\n<!-- /bench:wasm-top -->", after)
        self.assertNotIn("Not measured yet: the next", after)

    def test_a_figure_measured_twice_is_refused_and_the_file_left_alone(self):
        done, after = self.run_merge([["pdf", "f", "1", "", "", ""], ["pdf", "f", "2", "", "", ""]])
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("twice", done.stderr)
        self.assertEqual(after, self.before)


if __name__ == "__main__":
    unittest.main()
