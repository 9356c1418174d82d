"""examples/notebook.py runs from start to end against the library under test."""
import os
import subprocess
import sys
import unittest

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


class TestNotebook(unittest.TestCase):
    def test_notebook_example_runs(self):
        path = os.path.join(TOP, "examples", "notebook.py")
        done = subprocess.run([sys.executable, path], capture_output=True, text=True,
                              env=dict(os.environ), timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("inject 1.435 GBq", done.stdout)
        self.assertIn("refused: EINVAL: lsf must be within", done.stdout)
