"""Element-wise array outputs: one value per input element, never one double.

radioembo_bed_array_gy writes n values to bed_gy_out; the bindings used to offer it a
single double, and the library overwrote the interpreter's memory (found by tests/hostile).
"""
import unittest

import radioembo


class TestBedArray(unittest.TestCase):
    def test_bed_array_matches_bed_element_by_element(self):
        doses = [12.5, 40.0, 81.25, 3.0, 4.0, 5.0, 6.0, 7.0]
        got = radioembo.bed_array_gy(doses, 10.0, 1.5, 64.1)
        self.assertEqual(len(got), len(doses))
        for dose, bed in zip(doses, got):
            self.assertEqual(bed, radioembo.bed_gy(dose, 10.0, 1.5, 64.1))


if __name__ == "__main__":
    unittest.main()
