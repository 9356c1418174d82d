"""EQDX, logit and relative-seriality NTCP, MELD-Na and MELD 3.0 through the bindings: values
from the golden tables (hand-computed from the published formulas) and the failing
parameter named in the error."""
import unittest

import radioembo
from radioembo import RadioemboError


class TestDoseResponse(unittest.TestCase):
    def test_eqdx(self):
        self.assertAlmostEqual(radioembo.eqdx_gy(241.37, 3.5, 10.0),
                               178.7925925925925925925925925925925925926, places=12)
        self.assertEqual(radioembo.eqdx_gy(bed_gy=93.1, x_gy=0.0, alpha_beta_gy=10.0), 93.1)
        with self.assertRaises(RadioemboError) as caught:
            radioembo.eqdx_gy(93.1, -2.0, 2.5)
        self.assertEqual(caught.exception.parameter, "x_gy")

    def test_ntcp_logit(self):
        self.assertAlmostEqual(radioembo.ntcp_logit(38.4, 52.0, 3.7),
                               0.2456795638965656776708112779960440566902, places=14)
        with self.assertRaises(RadioemboError) as caught:
            radioembo.ntcp_logit(38.4, 52.0, 0.0)
        self.assertEqual(caught.exception.parameter, "k")

    def test_ntcp_relative_seriality(self):
        ntcp = radioembo.ntcp_relative_seriality([12.5, 40.0, 81.25], [0.25, 0.5, 0.25],
                                                 40.0, 1.8, 0.06)
        self.assertAlmostEqual(ntcp, 0.6715388986647702706202406755411524551354, places=12)
        with self.assertRaises(RadioemboError) as caught:
            radioembo.ntcp_relative_seriality([12.5, 40.0], [25.0, 75.0], 40.0, 1.8, 0.06)
        self.assertEqual(caught.exception.parameter, "volume_fraction")


class TestMeld(unittest.TestCase):
    def test_meld_na(self):
        self.assertEqual(radioembo.meld_na_score(2.0, 1.2, 1.5, 135.0, 0), 17)
        self.assertEqual(radioembo.meld_na_score(6.8, 1.3, 2.4, 124.1, 1), 38)
        with self.assertRaises(RadioemboError) as caught:
            radioembo.meld_na_score(2.0, 1.2, 1.5, 135.0, 2)
        self.assertEqual(caught.exception.parameter, "dialysis")

    def test_meld3(self):
        self.assertEqual(radioembo.meld3_score(2.0, 1.2, 1.5, 135.0, 3.0, 1, 0), 18)
        self.assertEqual(radioembo.meld3_score(2.0, 1.2, 1.5, 135.0, 3.0, 0, 0), 17)
        with self.assertRaises(RadioemboError) as caught:
            radioembo.meld3_score(2.0, 1.2, 1.5, 135.0, 30.0, 1, 0)
        self.assertEqual(caught.exception.parameter, "albumin_g_dl")


if __name__ == "__main__":
    unittest.main()
