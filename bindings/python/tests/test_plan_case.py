"""plan_case() gives the document of `radioembo plan CASE --format json`, for every example."""
import glob
import json
import os
import subprocess
import unittest

import radioembo

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
CLI = os.path.join(TOP, "cli", "radioembo")


def cli_plan(path):
    done = subprocess.run([CLI, "plan", path, "--format", "json"], capture_output=True,
                          env=dict(os.environ, LD_LIBRARY_PATH=os.path.join(TOP, "lib")))
    return json.loads(done.stdout)


class TestPlanCase(unittest.TestCase):
    def test_every_example_equals_the_cli(self):
        examples = sorted(glob.glob(os.path.join(TOP, "examples", "*.json")))
        self.assertGreater(len(examples), 5)
        for path in examples:
            with self.subTest(os.path.basename(path)):
                expected = cli_plan(path)
                self.assertEqual(radioembo.plan_case(path), expected)
                with open(path) as f:
                    text = f.read()
                self.assertEqual(radioembo.plan_case(text), expected)
                self.assertEqual(radioembo.plan_case(json.loads(text)), expected)
                self.assertEqual(radioembo.plan_case(text.encode()), expected)

    def test_case_is_edited_before_planning(self):
        path = os.path.join(TOP, "examples", "resin-partition-monte-carlo.json")
        with open(path) as f:
            document = json.load(f)
        with radioembo.Case(document) as case:
            case.set_seed(2385)
            case.set_samples(257)
            report = case.report()
            self.assertEqual(radioembo.plan_case(case), report)
        self.assertEqual(report["uncertainty"]["samples"], 257)
        document["id"] = "edited-7"
        self.assertEqual(radioembo.plan_case(document)["case"]["id"], "edited-7")

    def test_threads_give_the_same_report(self):
        path = os.path.join(TOP, "examples", "resin-partition-monte-carlo.json")
        with open(path) as f:
            document = json.load(f)
        document["uncertainty"]["samples"] = 200000  # several chunks of 65536 samples
        one = radioembo.plan_case(document, threads=1)
        self.assertEqual(radioembo.plan_case(document, threads=3), one)
        self.assertEqual(radioembo.plan_case(document), one)
        with radioembo.Case(document) as case:
            self.assertEqual(radioembo.plan_case(case, threads=2), one)
        with self.assertRaises(ValueError) as caught:
            radioembo.plan_case(path, threads=0)
        self.assertIn("threads", str(caught.exception))

    def test_refused_case_names_the_key(self):
        with self.assertRaises(ValueError) as caught:
            radioembo.plan_case({"schema_version": 1, "id": "x", "product": "TheraSphere",
                                 "liver": {"volume_ml": -3.5, "density_g_per_ml": 1.05}})
        self.assertIsInstance(caught.exception, radioembo.RadioemboError)
        self.assertEqual(radioembo.case_error_key(), "liver.volume_ml")
        with self.assertRaises(radioembo.RadioemboError):
            radioembo.plan_case(os.path.join(TOP, "examples", "no-such-case.json"))


if __name__ == "__main__":
    unittest.main()
