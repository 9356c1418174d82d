"""Volumes, voxel dosimetry and DVHs: numpy views without copies, the float-array rules of
the generator, int64 offsets, an object output next to a double output."""
import array
import gc
import math
import unittest

import radioembo
from radioembo import RadioemboError, Status

try:
    import numpy
except ImportError:  # the no-numpy path is tested by hiding numpy from the layer
    numpy = None


def cube(nx, ny, nz, inside, outside=0.0, lo=1, hi=2):
    """Nested [z][y][x] lists: inside on the block lo..hi in each axis."""
    return [[[inside if lo <= x <= hi and lo <= y <= hi and lo <= z <= hi else outside
              for x in range(nx)] for y in range(ny)] for z in range(nz)]


class TestVolume(unittest.TestCase):
    def test_layout_properties_and_copies(self):
        v = radioembo.Volume(3, 2, 4, 2.5, 2.0, 3.0)
        self.assertEqual(tuple(v.get_dimensions()), (3, 2, 4))
        self.assertEqual(tuple(v.get_spacing_mm()), (2.5, 2.0, 3.0))
        v.set_origin_mm(-10.5, 20.25, 5.0)
        self.assertEqual(tuple(v.get_origin_mm()), (-10.5, 20.25, 5.0))
        self.assertEqual(v.voxel_count(), 24)
        self.assertAlmostEqual(v.voxel_volume_ml(), 0.015, places=15)
        v.set_voxel(2, 1, 3, 7.25)  # x fastest: index 2 + 3 * (1 + 2 * 3) = 23
        self.assertEqual(v.get_voxel(2, 1, 3), 7.25)
        data = v.get_data(24)
        self.assertIsInstance(data, array.array)
        self.assertEqual(data[23], 7.25)
        self.assertEqual(sum(data), 7.25)
        v.set_data(array.array("f", range(24)))
        self.assertEqual(v.sum(), sum(range(24)))
        c = v.copy()
        c.accumulate(v, 0.5)
        self.assertEqual(c.get_voxel(1, 0, 0), 1.5)
        self.assertEqual(v.to_dict()["voxel_count"], 24)
        with self.assertRaises(RadioemboError) as caught:
            v.get_data(5)
        self.assertEqual(caught.exception.status, Status.EINVAL)
        with self.assertRaises(RadioemboError):
            radioembo.Volume(0, 2, 2, 1.0, 1.0, 1.0)
        radioembo.volume_free(c)
        self.assertTrue(c.closed)

    def test_data_is_a_view_without_copy(self):
        v = radioembo.Volume.new_from_data([float(i) for i in range(6)], 3, 2, 1, 1, 1, 1)
        ro = v.data()
        self.assertTrue(ro.readonly)
        self.assertEqual(ro.tolist(), [0, 1, 2, 3, 4, 5])
        rw = v.data_mutable()
        rw[4] = 9.5
        self.assertEqual(v.get_voxel(1, 1, 0), 9.5)
        self.assertEqual(ro[4], 9.5)  # same memory
        v.close()  # views are alive: they stay valid, the memory is freed after them
        self.assertTrue(v.closed)
        self.assertEqual(ro[4], 9.5)
        with self.assertRaises(ValueError):
            v.get_voxel(1, 1, 0)
        radioembo.reached.discard("radioembo_volume_free")
        del ro, rw, v
        gc.collect()
        self.assertIn("radioembo_volume_free", radioembo.reached)

    def test_with_block_ends_cleanly_while_a_view_lives(self):
        with radioembo.Volume.new_from_data([0.5, 1.5, 2.5, 3.5], 2, 2, 1, 1, 1, 1) as v:
            view = v.data()
        self.assertTrue(v.closed)
        self.assertEqual(view.tolist(), [0.5, 1.5, 2.5, 3.5])

    def test_numpy_array_view_keeps_the_volume_alive(self):
        if numpy is None:  # accepted, never required: then .array is a memoryview
            v = radioembo.Volume(3, 2, 4, 1.0, 1.0, 1.0)
            self.assertIsInstance(v.array, memoryview)
            return
        a = numpy.arange(24, dtype=numpy.float64).reshape(4, 2, 3) * 0.5  # (nz, ny, nx)
        v = radioembo.Volume.from_array(a, (2.5, 2.0, 3.0))
        self.assertEqual(tuple(v.get_dimensions()), (3, 2, 4))
        self.assertEqual(v.get_voxel(2, 1, 3), a[3, 1, 2])
        view = v.array
        self.assertEqual(view.dtype, numpy.float32)
        self.assertEqual(view.shape, (4, 2, 3))
        numpy.testing.assert_array_equal(view, a.astype(numpy.float32))
        view[3, 1, 2] = -1.25  # writes the volume itself
        self.assertEqual(v.get_voxel(2, 1, 3), -1.25)
        del v
        gc.collect()
        self.assertEqual(float(view.sum()), float(a.sum()) - 11.5 - 1.25)  # still valid
        w = radioembo.Volume.from_array(view.astype(numpy.float32), 1.0)
        self.assertEqual(w.sum(), float(view.sum()))
        with self.assertRaises(ValueError):
            radioembo.Volume.from_array(numpy.zeros((2, 2)), 1.0)

    def test_without_numpy_a_memoryview(self):
        saved, radioembo._np = radioembo._np, None
        try:
            v = radioembo.Volume.from_array(cube(4, 3, 2, 2.5, 1.0, 1, 1), (1.0, 2.0, 3.0))
            m = v.array
            self.assertIsInstance(m, memoryview)
            self.assertEqual(m.shape, (2, 3, 4))
            self.assertEqual(m[1, 1, 1], 2.5)
            self.assertEqual(v.sum(), 23 * 1.0 + 2.5)
            w = radioembo.Volume.from_array(m, 1.0)
            self.assertEqual(w.sum(), v.sum())
            with self.assertRaises(ValueError):
                radioembo.Volume.from_array([[1.0, 2.0]], 1.0)
        finally:
            radioembo._np = saved


class TestVoxelDose(unittest.TestCase):
    def test_calibration_ldm_and_dvh(self):
        # counts 7 in a 2x2x2 mask of 0.015 mL voxels share 2.385 GBq * (1 - 0.1)
        counts = radioembo.Volume.from_array(cube(6, 5, 4, 7.0, 3.0), (2.5, 2.0, 3.0))
        mask = radioembo.Volume.from_array(cube(6, 5, 4, 1.0), (2.5, 2.0, 3.0))
        act = radioembo.voxel_activity_relative(counts, mask, 2.385, 0.1)
        self.assertAlmostEqual(act.sum(), 2.385 * 0.9, places=5)
        dose = radioembo.voxel_dose_ldm(act, None, 1.03, 49.67)
        d = 49.67 * 2.385 * 0.9 / 8 / (1.03 * 0.015 / 1000)  # hand-computed LDM
        self.assertAlmostEqual(dose.get_voxel(1, 1, 1) / d, 1.0, places=6)
        with radioembo.Dvh(dose, mask, 1, None, 1.03, 1000.0) as h:
            self.assertEqual(h.voxel_count(), 8)
            self.assertAlmostEqual(h.volume_ml(), 0.12, places=12)
            self.assertAlmostEqual(h.mass_kg(), 0.12 * 1.03e-3, places=12)
            for f in (h.mean_gy, h.min_gy, h.max_gy):
                self.assertAlmostEqual(f() / d, 1.0, places=6)
            self.assertAlmostEqual(h.dose_at_volume_gy(0.9) / d, 1.0, places=6)
            self.assertEqual(h.volume_at_dose(d * 0.99), 1.0)
            n = h.bin_count()
            curve = h.get_curve(n)
            self.assertEqual(len(curve.dose_gy), n)
            self.assertEqual(curve.volume_fraction[0], 1.0)
            self.assertAlmostEqual(h.geud_gy(1.0) / d, 1.0, places=6)
            self.assertAlmostEqual(h.eud_survival_gy(0.005) / d, 1.0, places=5)
        # the binned DVH: 1000 bins of 0.01 kGy; exact statistics, Dx within one bin
        with radioembo.Dvh.new_binned(dose, mask, 1, None, 1.03, d / 500.0, 1000) as b:
            self.assertEqual(b.voxel_count(), 8)
            self.assertAlmostEqual(b.mean_gy() / d, 1.0, places=6)
            self.assertEqual(b.bin_count(), 1000)
            self.assertLessEqual(abs(b.dose_at_volume_gy(0.9) - d), d / 500.0)
            self.assertEqual(b.volume_at_dose(d * 0.99), 1.0)
            self.assertEqual(b.get_curve(1000).volume_fraction[0], 1.0)
            with self.assertRaises(RadioemboError) as caught:
                b.geud_gy(1.0)
            self.assertIn("binned", caught.exception.message)
        with self.assertRaises(RadioemboError) as caught:
            radioembo.Dvh.new_binned(dose, mask, 1, None, 1.03, 1.0, 0)
        self.assertIn("bin_count", caught.exception.message)
        self.assertEqual(radioembo.voxel_fraction_outside(act, mask), 0.0)
        bq = radioembo.Volume.from_array(cube(6, 5, 4, 820000.0), (2.5, 2.0, 3.0))
        a2 = radioembo.voxel_activity_absolute(bq, 64.1, 64.1)  # one half-life: x 2
        self.assertAlmostEqual(a2.sum() / (8 * 820000 * 0.015 * 2 * 1e-9), 1.0, places=6)
        ct = radioembo.Volume.from_array(cube(6, 5, 4, 40.0, -1000.0), (2.5, 2.0, 3.0))
        rho = radioembo.voxel_density_from_ct(ct)
        self.assertAlmostEqual(rho.get_voxel(1, 1, 1), 1.04, places=6)
        bed = radioembo.voxel_bed(dose, 2.5, 1.5, 64.1)
        self.assertGreater(bed.get_voxel(1, 1, 1), dose.get_voxel(1, 1, 1))
        with self.assertRaises(RadioemboError) as caught:
            radioembo.voxel_activity_relative(counts, mask, 2.385, 1.7)
        self.assertIn("lsf", caught.exception.message)

    def test_kernels_int64_offsets_and_convolution(self):
        k = radioembo.Kernel.new_y90(2.0, 2.0, 2.0, 6.0)
        self.assertEqual(tuple(k.get_radius_voxels()), (3, 3, 3))
        total = k.energy_mev()
        centre = k.get_energy_mev(0, 0, 0)
        self.assertEqual(k.get_energy_mev(-1, 0, 0), k.get_energy_mev(1, 0, 0))
        self.assertGreater(centre, k.get_energy_mev(0, 0, -2))
        self.assertLess(centre, total)
        with self.assertRaises(RadioemboError):
            k.get_energy_mev(-4, 0, 0)
        user = radioembo.Kernel.new_from_dpk([1.0, 2.0, 3.0], [0.5, 0.3, 0.1], 2.0, 2.0, 2.0,
                                             3.0)
        self.assertLessEqual(user.energy_mev(), 0.9 + 1e-9)
        act = radioembo.Volume.from_array(cube(9, 9, 9, 0.001, 0.0, 4, 4), (2.0, 2.0, 2.0))
        fft = radioembo.voxel_dose_kernel(act, k, 64.1, None, 1.0, radioembo.Convolution.FFT)
        direct = radioembo.voxel_dose_kernel(act, k, 64.1, None, 1.0,
                                             radioembo.Convolution.DIRECT)
        auto = radioembo.voxel_dose_kernel(act, k, 64.1, None, 1.0, 0)
        for vol in (direct, auto):
            self.assertAlmostEqual(vol.get_voxel(4, 4, 4) / fft.get_voxel(4, 4, 4), 1.0,
                                   places=5)
        radioembo.kernel_free(user)
        k.close()

    def test_kernel_total_energy_under_its_new_and_its_compatibility_name(self):
        # hand-computed energy inside R = 7.25 mm (python3 decimal; tests/unit/test_kernel.c)
        k = radioembo.Kernel.new_y90(2.385, 3.125, 4.75, 7.25)
        self.assertAlmostEqual(k.total_energy_mev() / 0.9124179513521552041796, 1.0, places=12)
        self.assertEqual(k.total_energy_mev(), k.energy_mev())

    def test_comparison_gamma_and_dice(self):
        ref = radioembo.Volume.from_array(cube(6, 6, 6, 50.0, 1.0), 2.0)
        same = ref.copy()
        gamma, rate = radioembo.voxel_gamma(ref, same, 0.03, 3.0, 0.1)
        self.assertIsInstance(gamma, radioembo.Volume)
        self.assertEqual(rate, 1.0)
        self.assertEqual(gamma.sum(), 0.0)
        self.assertEqual(radioembo.voxel_isodose_dice(ref, same, 25.0), 1.0)


class TestVoxelStructure(unittest.TestCase):
    """EQD2 maps, EUBED and mean agreement per structure, dose method."""

    def test_eqd2_map_and_eubed(self):
        # 39.805825... Gy in the cube (hand-computed LDM of 1.23e-5 GBq in 0.015 mL at 1.03)
        act = radioembo.Volume.from_array(cube(6, 5, 4, 1.23e-5), (2.5, 2.0, 3.0))
        mask = radioembo.Volume.from_array(cube(6, 5, 4, 1.0), (2.5, 2.0, 3.0))
        dose = radioembo.voxel_dose_ldm(act, None, 1.03, 50.0)
        d = 50.0 * 1.23e-5 / (1.03 * 0.015 / 1000)
        bed = d * (1 + d * 1.5 / ((1.5 + 64.1) * 10.0))  # Dale 1985, hand-computed
        eqd2 = radioembo.voxel_eqd2(dose, 10.0, 1.5, 64.1)
        self.assertIsInstance(eqd2, radioembo.Volume)
        self.assertAlmostEqual(eqd2.get_voxel(1, 1, 1) / (bed / 1.2), 1.0, places=6)
        self.assertEqual(eqd2.get_voxel(0, 0, 0), 0.0)
        eubed = radioembo.voxel_eubed_gy(dose, mask, 1, 0.0135, 10.0, 1.5, 64.1)
        self.assertAlmostEqual(eubed / bed, 1.0, places=6)  # a uniform structure
        with self.assertRaises(RadioemboError) as caught:
            radioembo.voxel_eubed_gy(dose, mask, 2, 0.0135, 10.0, 1.5, 64.1)
        self.assertEqual(caught.exception.status, Status.ENOTFOUND)
        with self.assertRaises(RadioemboError) as caught:
            radioembo.voxel_eqd2(dose, 0.0, 1.5, 64.1)
        self.assertIn("alpha_beta_gy", caught.exception.message)

    def test_mean_agreement(self):
        labels = radioembo.Volume.new_from_data([1, 1, 1, 0], 4, 1, 1, 2.0, 2.0, 2.0)
        pre = radioembo.Volume.new_from_data([10.25, 20.5, 30.75, 99.0], 4, 1, 1, 2.0, 2.0,
                                             2.0)
        post = radioembo.Volume.new_from_data([12.0, 19.5, -1.25, 0.0], 4, 1, 1, 2.0, 2.0,
                                              2.0)
        r = radioembo.voxel_mean_agreement(pre, post, labels, 1)
        # tests/golden/voxel_mean_agreement.csv, label 1 (python3 decimal)
        self.assertAlmostEqual(r[0], 20.5, places=12)
        self.assertAlmostEqual(r[1], 10.08333333333333333, places=12)
        self.assertAlmostEqual(r[2], -10.41666666666666667, places=12)
        self.assertAlmostEqual(r[3], -0.5081300813008130081, places=14)
        zero = radioembo.Volume(4, 1, 1, 2.0, 2.0, 2.0)
        with self.assertRaises(RadioemboError) as caught:
            radioembo.voxel_mean_agreement(zero, post, labels, 1)
        self.assertEqual(caught.exception.status, Status.ERANGE)

    def test_dose_method_and_kernel_per_nuclide(self):
        r = radioembo.voxel_dose_method(radioembo.Nuclide.HO166, radioembo.VoxelMethod.KERNEL)
        self.assertEqual(r[0], radioembo.VoxelMethod.LDM)
        self.assertIn("no Ho-166 dose point kernel", r[1])
        r = radioembo.voxel_dose_method(radioembo.Nuclide.Y90, radioembo.VoxelMethod.KERNEL)
        self.assertEqual(r[0], radioembo.VoxelMethod.KERNEL)
        self.assertIn("Graves", r[1])
        k = radioembo.kernel_new_nuclide(radioembo.Nuclide.Y90, 2.0, 2.0, 2.0, 6.0)
        y = radioembo.Kernel.new_y90(2.0, 2.0, 2.0, 6.0)
        self.assertEqual(k.energy_mev(), y.energy_mev())
        with self.assertRaises(RadioemboError) as caught:
            radioembo.kernel_new_nuclide(radioembo.Nuclide.HO166, 2.0, 2.0, 2.0, 6.0)
        self.assertEqual(caught.exception.status, Status.ENOTFOUND)
        # lung at 0.3 g/mL keeps the water kernel's energy inside 0.3 x 6 mm = 1.8 mm: the
        # first 18 shells of the Graves 2019 table, 0.364001451620511141 MeV (python3 decimal)
        lung = radioembo.kernel_new_nuclide_density(radioembo.Nuclide.Y90, 0.3, 2.0, 2.0, 2.0,
                                                    6.0)
        self.assertAlmostEqual(lung.energy_mev() / 0.364001451620511141, 1.0, places=12)
        with self.assertRaises(RadioemboError) as caught:
            radioembo.kernel_new_nuclide_density(radioembo.Nuclide.Y90, 0.0, 2.0, 2.0, 2.0, 6.0)
        self.assertIn("density_g_per_ml", caught.exception.message)


if __name__ == "__main__":
    unittest.main()
