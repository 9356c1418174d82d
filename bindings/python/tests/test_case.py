"""The case file and its report through the generated layer (conveniences come later)."""
import json
import os
import unittest

import radioembo
from radioembo import RadioemboError, Status

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")

SMALL = (b'{"schema_version": 1, "id": "small-7", "description": "read back",'
         b' "product": "TheraSphere", "liver": {"volume_ml": 1683.4, "density_g_per_ml": 1.05},'
         b' "lungs": {"lsf": 0.0735}, "uncertainty": {"inputs": {"activity":'
         b' {"distribution": "normal", "spread": 0.05}}}}')


class TestCase(unittest.TestCase):
    def test_case_report_and_identity(self):
        with radioembo.Case.new_from_json(SMALL, len(SMALL)) as case:
            self.assertEqual(case.id, "small-7")
            self.assertEqual(case.description, "read back")
            self.assertIsNotNone(case.plan)
            self.assertIsNotNone(case.uncertainty)
            case.set_propagation_method(radioembo.PropagationMethod.ANALYTIC)
            with case.compute() as report:
                document = json.loads(report.json)
                self.assertEqual(document["case"]["id"], "small-7")
                self.assertEqual(document["uncertainty"]["method"], "analytic")
                self.assertIsNotNone(report.result)

    def test_failure_names_the_key(self):
        path = os.path.join(TOP, "tests", "cli", "bad", "out-of-range.json")
        with self.assertRaises(RadioemboError) as caught:
            radioembo.Case.new_from_file(path)
        self.assertEqual(caught.exception.status, Status.EINVAL)
        self.assertEqual(radioembo.case_error_key(), "lesions[0].volume_ml")

    def test_every_error_of_a_file(self):
        path = os.path.join(TOP, "tests", "cli", "several-errors.json")
        with self.assertRaises(RadioemboError):
            radioembo.Case.new_from_file(path)
        count = radioembo.case_error_count()
        self.assertEqual(
            [radioembo.case_error_key_at(i) for i in range(count)],
            ["colour", "lesions[0].volume_ml", "lesions[1].volume_ml", "lungs.mass_kg"])
        self.assertIsNone(radioembo.case_error_key_at(count))
        self.assertTrue(radioembo.case_error_message_at(3).startswith("lungs.mass_kg = 100: "))


if __name__ == "__main__":
    unittest.main()
