"""The README's Python tour prints the numbers the README shows (the C and R tours too)."""
import contextlib
import io
import os
import re
import textwrap
import unittest

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


def readme_block(first_line, last_line_start):
    """The indented README lines from first_line to the one starting last_line_start."""
    with open(os.path.join(TOP, "README")) as f:
        text = f.read()
    m = re.search(r"^    %s\n(?:.*\n)*?    %s.*\n" % (re.escape(first_line),
                                                   re.escape(last_line_start)), text, re.M)
    return textwrap.dedent(m.group(0))


class TestReadme(unittest.TestCase):
    def test_python_tour_prints_the_shown_numbers(self):
        code = readme_block("import radioembo as re", "print(\"120 Gy")
        shown = readme_block("5 GBq vial after 24 h: 3.857 GBq", "120 Gy to a ")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README", "exec"), {})
        self.assertEqual(out.getvalue(), shown)

    def test_python_case_prints_the_shown_lines(self):
        code = readme_block("import numpy as np", "print(radioembo.decay_activity_gbq(np.array")
        shown = readme_block("single_compartment 2.997 GBq", " [2.314 3.857]]")
        out = io.StringIO()
        here = os.getcwd()
        os.chdir(TOP)  # the README's paths are from the top of the tree
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(code, "README", "exec"), {})
        finally:
            os.chdir(here)
        self.assertEqual(out.getvalue(), shown)
