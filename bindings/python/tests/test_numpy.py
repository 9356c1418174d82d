"""numpy in, numpy out: number-only functions broadcast like ufuncs, volumes cross as
ndarrays, errors name the element and are ValueError/MemoryError/LookupError too."""
import datetime
import unittest
import warnings

import numpy

import radioembo
from radioembo import RadioemboError, Status

HALF_LIFE_H = 64.1


def decay(a, t):  # hand formula: A * 2^(-t/T)
    return a * 2.0 ** (-t / HALF_LIFE_H)


class TestBroadcast(unittest.TestCase):
    def test_arrays_and_sequences_broadcast(self):
        a = numpy.array([3.25, 5.5, 0.0])
        got = radioembo.decay_activity_gbq(a, HALF_LIFE_H, 24.0)
        self.assertIsInstance(got, numpy.ndarray)
        numpy.testing.assert_allclose(got, decay(a, 24.0), rtol=1e-12)
        grid = radioembo.decay_activity_gbq([3.25, 5.5], HALF_LIFE_H, [[0.0], [12.5], [-7.0]])
        self.assertEqual(grid.shape, (3, 2))
        numpy.testing.assert_allclose(grid, decay(numpy.array([3.25, 5.5]),
                                                  numpy.array([[0.0], [12.5], [-7.0]])))
        self.assertEqual(radioembo.decay_activity_gbq(3.25, HALF_LIFE_H, 24.0), got[0])
        strided = numpy.arange(10.0)[::3]
        numpy.testing.assert_allclose(radioembo.decay_activity_gbq(strided, HALF_LIFE_H, 5.0),
                                      decay(strided, 5.0))
        self.assertEqual(radioembo.decay_activity_gbq([], HALF_LIFE_H, 1.0).shape, (0,))

    def test_several_outputs_come_back_as_arrays(self):
        for cname, (ret, _, params) in radioembo.FUNCTIONS.items():
            outs = [p for p in params if p[0] == "out"]
            if radioembo._vectorised(ret, params) and len(outs) > 1:
                break
        else:
            self.fail("no number-only function with several outputs")
        self.assertTrue(radioembo._vector is not None)

    def test_failure_names_the_element(self):
        with self.assertRaises(ValueError) as caught:
            radioembo.decay_activity_gbq([3.25, -5.5, 1.0], HALF_LIFE_H, 24.0)
        self.assertIsInstance(caught.exception, RadioemboError)
        self.assertEqual(caught.exception.status, Status.EINVAL)
        self.assertEqual(caught.exception.index, 1)
        self.assertIn("element 1: activity_gbq", str(caught.exception))
        with self.assertRaises(RadioemboError) as caught:
            radioembo.decay_activity_gbq([[1.0, 2.0], [3.0, 4.0]], [HALF_LIFE_H, -1.0], 1.0)
        self.assertEqual(caught.exception.index, (0, 1))

    def test_python_loop_gives_the_same_without_the_c_loops(self):
        a = numpy.array([[3.25, 5.5], [0.5, 1.0]])
        fast = radioembo.decay_activity_gbq(a, HALF_LIFE_H, 24.0)
        saved, radioembo._vector = radioembo._vector, None
        try:
            slow = radioembo.decay_activity_gbq(a, HALF_LIFE_H, 24.0)
            with self.assertRaises(RadioemboError) as caught:
                radioembo.decay_activity_gbq([1.0, -2.0], HALF_LIFE_H, 24.0)
            self.assertEqual(caught.exception.index, 1)
        finally:
            radioembo._vector = saved
        numpy.testing.assert_array_equal(fast, slow)
        lists = radioembo._broadcast_lists(
            "radioembo_decay_activity_gbq", radioembo.FUNCTIONS[
                "radioembo_decay_activity_gbq"][2], {"activity_gbq": [3.25, 5.5],
                                                     "half_life_h": HALF_LIFE_H,
                                                     "elapsed_h": [24.0]},
            [("out", "activity_gbq_out", "double", None)])
        self.assertEqual(lists[0], list(fast[0]))

    def test_objects_are_held_while_numbers_broadcast(self):
        product = radioembo.Product.new_builtin("TheraSphere")
        calibration = datetime.datetime(2026, 11, 22, 17, 0, tzinfo=datetime.timezone.utc)
        with radioembo.Vial.new(product, 5.25, calibration) as vial:
            hours = numpy.array([0.0, 24.0, 96.5])
            instants = [calibration + datetime.timedelta(hours=h) for h in hours]
            got = vial.activity_gbq(instants)
            self.assertIsInstance(got, numpy.ndarray)
            for at, value in zip(instants, got):
                self.assertEqual(value, vial.activity_gbq(at))
            numpy.testing.assert_allclose(got, 5.25 * 2.0 ** (-hours / product.half_life_h),
                                          rtol=1e-12)
            seconds = numpy.array([int(t.timestamp()) for t in instants])
            numpy.testing.assert_array_equal(vial.activity_gbq(seconds), got)
            draw = vial.draw([0.5, 1.25], instants[1])
            self.assertEqual(draw.fraction.shape, (2,))
            one = vial.draw(1.25, instants[1])
            self.assertEqual((draw.fraction[1], draw.volume_ml[1]), (one.fraction, one.volume_ml))
            with self.assertRaises(ValueError) as caught:
                vial.draw([0.5, 99.0], instants[1])
            self.assertEqual(caught.exception.index, 1)
            saved, radioembo._vector = radioembo._vector, None
            try:  # the Python loop holds the vial too
                numpy.testing.assert_array_equal(vial.activity_gbq(instants), got)
            finally:
                radioembo._vector = saved

    def test_array_outputs_are_arrays_when_arrays_come_in(self):
        doses = numpy.array([12.5, 40.0, 81.25])
        got = radioembo.bed_array_gy(doses, 10.0, 1.5, HALF_LIFE_H)
        self.assertIsInstance(got, numpy.ndarray)
        self.assertEqual(got.dtype, numpy.float64)
        self.assertEqual(list(got), radioembo.bed_array_gy(list(doses), 10.0, 1.5, HALF_LIFE_H))
        dvh = radioembo.Dvh.new(numpy.full((1, 2, 2), 2.5, numpy.float32),
                                numpy.ones((1, 2, 2), numpy.float32), 1, None, 1.05, 0.5,
                                spacing_mm=2.0)
        curve = dvh.get_curve(dvh.bin_count())
        self.assertIsInstance(curve.dose_gy, list)  # no array came in

    def test_flags_are_booleans(self):
        product = radioembo.Product.new_builtin("TheraSphere")
        self.assertIs(product.is_set(radioembo.ProductField.HALF_LIFE_H), True)
        fields = [radioembo.ProductField.HALF_LIFE_H, radioembo.ProductField.LABEL_TOLERANCE]
        got = product.is_set(fields)
        self.assertEqual(got.dtype, numpy.bool_)
        self.assertEqual(list(got), [product.is_set(f) for f in fields])
        calibration = datetime.datetime(2026, 11, 22, 17, 0, tzinfo=datetime.timezone.utc)
        product.set_label_tolerance(0.1)  # the assay check needs one
        with radioembo.Vial.new(product, 5.25, calibration) as vial:
            check = vial.check_assay([5.25, 2.5], calibration)
            self.assertEqual(check.within_tolerance.dtype, numpy.bool_)
            self.assertIs(vial.check_assay(5.25, calibration).within_tolerance, True)

    def test_integer_arguments_are_checked(self):
        with self.assertRaises(TypeError):
            radioembo.nuclide_half_life_h([1.5])
        got = radioembo.nuclide_half_life_h([radioembo.Nuclide.Y90, radioembo.Nuclide.HO166])
        self.assertEqual(list(got), [radioembo.nuclide_half_life_h(radioembo.Nuclide.Y90),
                                     radioembo.nuclide_half_life_h(radioembo.Nuclide.HO166)])
        with self.assertRaises(ValueError):
            radioembo.nuclide_half_life_h([2 ** 40])


class TestErrors(unittest.TestCase):
    def test_error_kinds(self):
        self.assertTrue(issubclass(radioembo.InvalidArgumentError, ValueError))
        self.assertTrue(issubclass(radioembo.OutOfMemoryError, MemoryError))
        self.assertTrue(issubclass(radioembo.NotFoundError, LookupError))
        with self.assertRaises(LookupError) as caught:
            radioembo.Product.new_builtin("no such product 7")
        self.assertIsInstance(caught.exception, RadioemboError)
        self.assertEqual(caught.exception.status, Status.ENOTFOUND)

    def test_embedded_nul_is_refused(self):
        with self.assertRaises(ValueError) as caught:
            radioembo.Lesion("HCC\x00x", 12.5)
        self.assertEqual(caught.exception.parameter, "label")
        with self.assertRaises(ValueError):
            radioembo.time_parse_iso8601("2024-05-02T10:00:00Z\x00")
        self.assertEqual(radioembo.time_parse_iso8601("2024-05-02T10:00:00Z"), 1714644000)


class TestVolumes(unittest.TestCase):
    def test_ndarray_in_ndarray_out(self):
        dose = numpy.linspace(0.0, 120.0, 24, dtype=numpy.float32).reshape(2, 3, 4)
        bed = radioembo.voxel_bed(dose, 10.0, 2.5, HALF_LIFE_H, spacing_mm=(2.0, 2.0, 3.0))
        self.assertIsInstance(bed, numpy.ndarray)
        self.assertEqual(bed.shape, (2, 3, 4))
        self.assertEqual(bed.dtype, numpy.float32)
        for index in [(0, 0, 0), (1, 2, 3), (0, 1, 2)]:
            self.assertAlmostEqual(float(bed[index]), radioembo.bed_gy(
                float(dose[index]), 10.0, 2.5, HALF_LIFE_H), places=3)
        with self.assertRaises(TypeError):
            radioembo.voxel_bed(dose, 10.0, 2.5, HALF_LIFE_H)

    def test_float64_voxels_warn_when_rounded(self):
        exact = numpy.full((1, 2, 2), 0.5)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            radioembo.Volume.from_array(exact, 1.0).close()
        with self.assertWarns(radioembo.PrecisionWarning):
            radioembo.Volume.from_array(numpy.full((1, 2, 2), 0.1), 1.0).close()


class TestDocs(unittest.TestCase):
    def test_docstrings_come_from_the_man_pages(self):
        doc = radioembo.decay_activity_gbq.__doc__
        self.assertIn("activity_gbq: float, GBq", doc)
        self.assertIn("RADIOEMBO_EINVAL", doc)
        self.assertIn("radioembo_decay(3)", doc)
        missing = [c for c in radioembo.FUNCTIONS if "manual page" not in
                   getattr(radioembo, c[len("radioembo_"):]).__doc__]
        self.assertEqual(missing, [])


if __name__ == "__main__":
    unittest.main()
