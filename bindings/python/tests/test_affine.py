"""Where a volume lies: Volume.from_array(affine=), the affine property (LPS mm, the
library's convention) and the nibabel round trip (RAS, nibabel's convention)."""
import sys
import unittest
from unittest import mock

import radioembo

try:
    import numpy
except ImportError:
    numpy = None
try:
    import nibabel
except ImportError:
    nibabel = None

# x spacing 2 mm, y axis flipped with 3 mm, z 4 mm, origin (-10, 20, 30) mm, LPS
LPS = [[2.0, 0.0, 0.0, -10.0],
       [0.0, -3.0, 0.0, 20.0],
       [0.0, 0.0, 4.0, 30.0],
       [0.0, 0.0, 0.0, 1.0]]
SHEARED = [[1.0, 0.5, 0.0, 0.0],
           [0.0, 1.0, 0.0, 0.0],
           [0.0, 0.0, 1.0, 0.0],
           [0.0, 0.0, 0.0, 1.0]]


def nested(nx, ny, nz):
    """[z][y][x] lists holding x + 10 y + 100 z."""
    return [[[x + 10.0 * y + 100.0 * z for x in range(nx)] for y in range(ny)]
            for z in range(nz)]


class TestAffine(unittest.TestCase):
    def test_from_array_keeps_the_affine(self):
        v = radioembo.Volume.from_array(nested(3, 2, 2), affine=LPS)
        self.assertEqual(tuple(v.get_spacing_mm()), (2.0, 3.0, 4.0))
        self.assertEqual(tuple(v.get_direction(9)), (1, 0, 0, 0, -1, 0, 0, 0, 1))
        self.assertEqual(tuple(v.get_origin_mm()), (-10.0, 20.0, 30.0))
        got = v.affine
        for r in range(4):
            for c in range(4):
                self.assertAlmostEqual(float(got[r][c]), LPS[r][c], delta=1e-12)
        flat = [x for row in LPS for x in row]
        w = radioembo.Volume.from_array(nested(3, 2, 2), affine=flat)  # 16 numbers too
        self.assertEqual(list(w.get_affine_mm(16)), flat)
        w.affine = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]
        self.assertEqual(tuple(w.get_spacing_mm()), (1.0, 1.0, 1.0))
        w.affine = LPS
        self.assertEqual(list(w.get_affine_mm(16)), flat)
        # a new volume lies at the origin with 1 mm voxels along the patient axes
        u = radioembo.Volume.from_array(nested(2, 2, 2))
        self.assertEqual([float(x) for row in u.affine for x in row],
                         [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])

    def test_refused_affines_name_the_parameter(self):
        with self.assertRaises(ValueError) as cm:
            radioembo.Volume.from_array(nested(2, 2, 2), affine=SHEARED)
        self.assertEqual(cm.exception.parameter, "affine")
        with self.assertRaisesRegex(ValueError, "affine"):
            radioembo.Volume.from_array(nested(2, 2, 2), affine=[[1.0, 0.0], [0.0, 1.0]])
        with self.assertRaisesRegex(ValueError, "affine"):
            radioembo.Volume.from_array(nested(2, 2, 2), 2.0, affine=LPS)
        v = radioembo.Volume.from_array(nested(2, 2, 2), affine=LPS)
        with self.assertRaises(ValueError) as cm:
            v.affine = SHEARED
        self.assertEqual(cm.exception.parameter, "affine")
        self.assertEqual(tuple(v.get_spacing_mm()), (2.0, 3.0, 4.0))  # unchanged

    def test_without_numpy_rows_of_lists(self):
        saved, radioembo._np = radioembo._np, None
        try:
            v = radioembo.Volume.from_array(nested(3, 2, 2), affine=LPS)
            self.assertEqual(v.affine, LPS)
        finally:
            radioembo._np = saved

    def test_nibabel_missing_says_what_to_install(self):
        with mock.patch.dict(sys.modules, {"nibabel": None}):
            v = radioembo.Volume.from_array(nested(2, 2, 2))
            with self.assertRaisesRegex(ImportError, "python3-nibabel"):
                v.to_nibabel()
            with self.assertRaisesRegex(ImportError, "nibabel"):
                radioembo.Volume.from_nibabel(object())


@unittest.skipIf(nibabel is None or numpy is None, "nibabel (python3-nibabel) is missing")
class TestNibabel(unittest.TestCase):
    def test_flipped_shifted_image_gives_the_lps_affine(self):
        # nibabel data is indexed [x, y, z]; RAS affine: x flipped (2 mm towards the right),
        # y 3 mm anterior, z 4 mm superior, voxel (0, 0, 0) at RAS (10, -20, 30).
        ras = numpy.array([[-2.0, 0.0, 0.0, 10.0],
                           [0.0, 3.0, 0.0, -20.0],
                           [0.0, 0.0, 4.0, 30.0],
                           [0.0, 0.0, 0.0, 1.0]])
        data = numpy.arange(3 * 2 * 2, dtype=numpy.float32).reshape(3, 2, 2)  # (nx, ny, nz)
        v = radioembo.Volume.from_nibabel(nibabel.Nifti1Image(data, ras))
        # by hand, diag(-1, -1, 1, 1) @ ras: x now 2 mm along +x (left), y 3 mm along -y
        # (posterior is +y, anterior -y), origin LPS (-10, 20, 30)
        numpy.testing.assert_allclose(v.affine, LPS, atol=1e-12)
        self.assertEqual(tuple(v.get_dimensions()), (3, 2, 2))
        self.assertEqual(v.get_voxel(2, 1, 0), data[2, 1, 0])
        self.assertEqual(v.get_voxel(1, 0, 1), data[1, 0, 1])
        numpy.testing.assert_array_equal(v.array, data.T)
        # voxel (1, 1, 1): RAS ras @ (1, 1, 1, 1) = (8, -17, 34), so LPS (-8, 17, 34)
        numpy.testing.assert_allclose(v.affine @ [1, 1, 1, 1], [-8, 17, 34, 1], atol=1e-12)

    def test_round_trip_keeps_data_and_ras_affine(self):
        c, s = numpy.cos(0.3), numpy.sin(0.3)  # oblique: rotated about z
        ras = numpy.array([[2.5 * c, -2.5 * s, 0.0, -117.25],
                           [2.5 * s, 2.5 * c, 0.0, 41.5],
                           [0.0, 0.0, -3.0, 12.0],
                           [0.0, 0.0, 0.0, 1.0]])
        data = numpy.random.default_rng(7).random((4, 3, 5)).astype(numpy.float32)
        image = nibabel.Nifti1Image(data, ras)
        back = radioembo.Volume.from_nibabel(image).to_nibabel()
        self.assertIsInstance(back, nibabel.Nifti1Image)
        numpy.testing.assert_allclose(back.affine, ras, atol=1e-9)
        out = numpy.asarray(back.dataobj)
        self.assertEqual(out.shape, (4, 3, 5))
        numpy.testing.assert_array_equal(out, data)
        self.assertEqual(back.header.get_xyzt_units()[0], "mm")

    def test_to_nibabel_copies(self):
        v = radioembo.Volume.from_array(nested(3, 2, 2), affine=LPS)
        image = v.to_nibabel()
        v.set_voxel(0, 0, 0, 99.0)
        self.assertEqual(float(numpy.asarray(image.dataobj)[0, 0, 0]), 0.0)
        self.assertEqual(float(numpy.asarray(image.dataobj)[2, 1, 1]), 2 + 10 + 100)

    def test_four_dimensional_image_is_refused(self):
        image = nibabel.Nifti1Image(numpy.zeros((2, 2, 2, 2), numpy.float32), numpy.eye(4))
        with self.assertRaisesRegex(ValueError, "3-dimensional"):
            radioembo.Volume.from_nibabel(image)
