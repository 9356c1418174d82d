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


class TestPlanningNotebook(unittest.TestCase):
    def test_planning_notebook_executes_headless(self):
        """examples/planning.ipynb through jupyter-nbconvert --execute (Debian's
        jupyter-nbconvert, python3-ipykernel, python3-matplotlib)."""
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "planning.ipynb")
            env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1",
                       PYTHONPATH=os.path.join(TOP, "bindings", "python"))
            env.pop("MPLBACKEND", None)  # the kernel's inline backend draws the figures
            done = subprocess.run(
                [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute",
                 "--ExecutePreprocessor.timeout=300", "--output", out,
                 os.path.join(TOP, "examples", "planning.ipynb")],
                capture_output=True, text=True, env=env, timeout=600)
            self.assertEqual(done.returncode, 0, done.stderr[-3000:])
            import json
            with open(out) as f:
                cells = json.load(f)["cells"]
        outputs = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]]
        self.assertFalse([o for o in outputs if o["output_type"] == "error"])
        text = "".join("".join(o.get("text", "")) for o in outputs)
        self.assertIn("partition                 4.198", text)
        self.assertIn("ndarray (40, 40, 40) float32", text)
        self.assertEqual(sum("image/png" in o.get("data", {}) for o in outputs), 2)
