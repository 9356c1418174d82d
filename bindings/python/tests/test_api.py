"""The flat functions: keywords, outputs, conversions, errors (every function, every code)."""
import array
import datetime
import math
import unittest

import radioembo
from radioembo import RadioemboError, Status

UTC = datetime.timezone.utc


def library_error(test, call, *args, **kwargs):
    """Runs call, which must fail; checks the exception against the library's own report."""
    with test.assertRaises(RadioemboError) as caught:
        call(*args, **kwargs)
    e = caught.exception
    test.assertIn(e.status, {s.value for s in Status if s < 0})
    test.assertEqual(e.message, radioembo.last_error_message())
    test.assertEqual(e.parameter, radioembo.last_error_parameter())
    test.assertTrue(e.message)
    test.assertIn(Status(e.status).name, str(e))
    return e


class TestScalars(unittest.TestCase):
    def test_error_names_the_failing_parameter(self):
        e = library_error(self, radioembo.decay_activity_gbq, 3.0, 64.1, float("nan"))
        self.assertEqual(e.parameter, "elapsed_h")
        self.assertIsInstance(e.parameter, str)

    def test_keywords_as_in_c(self):
        a = radioembo.decay_activity_gbq(activity_gbq=3.0, half_life_h=64.1, elapsed_h=24.0)
        self.assertAlmostEqual(a, 3.0 * 2 ** (-24.0 / 64.1), places=12)
        self.assertAlmostEqual(a, 2.3142544950, places=9)

    def test_positional_and_mixed_arguments(self):
        self.assertEqual(radioembo.decay_factor(64.1, 12.5),
                         radioembo.decay_factor(half_life_h=64.1, elapsed_h=12.5))
        self.assertAlmostEqual(radioembo.decay_factor(64.1, elapsed_h=12.5),
                               2 ** (-12.5 / 64.1), places=14)

    def test_wrong_arguments_are_python_errors(self):
        with self.assertRaises(TypeError):
            radioembo.decay_factor(64.1)
        with self.assertRaises(TypeError):
            radioembo.decay_factor(64.1, 1.0, bogus=2)
        with self.assertRaises(TypeError):
            radioembo.nuclide_half_life_h(1.5)  # an enum is an integer, not a float

    def test_decay_family(self):
        t, a = 64.1, 2.385
        self.assertAlmostEqual(radioembo.decay_elapsed_h(a, a / 4, t), 2 * t, places=10)
        self.assertAlmostEqual(radioembo.decay_cumulated_gbq_h(a, t, math.inf),
                               a * t / math.log(2), places=9)
        self.assertAlmostEqual(radioembo.decay_delivered_fraction(t, t), 0.5, places=14)

    def test_mird_round_trip(self):
        d = radioembo.mird_dose_gy(activity_gbq=2.385, mass_kg=1.2345, lsf=0.0625,
                                   residual_fraction=0.015, dose_factor=49.67)
        self.assertAlmostEqual(d, 49.67 * 2.385 * (1 - 0.015) * (1 - 0.0625) / 1.2345, places=10)
        a = radioembo.mird_activity_gbq(dose_gy=d, mass_kg=1.2345, lsf=0.0625,
                                        residual_fraction=0.015, dose_factor=49.67)
        self.assertAlmostEqual(a, 2.385, places=12)

    def test_tissue_lung_bsa(self):
        self.assertAlmostEqual(radioembo.mass_kg(1523.5, 1.03), 1.569205, places=12)
        lsf = radioembo.shunt_lsf_from_counts(1200.0, 1000.0, 20000.0, 18500.0)
        gm_lung, gm_liver = math.sqrt(1200.0 * 1000.0), math.sqrt(20000.0 * 18500.0)
        self.assertAlmostEqual(lsf, gm_lung / (gm_lung + gm_liver), places=14)
        self.assertAlmostEqual(radioembo.shunt_lung_dose_gy(2.385, 0.07, 1.0, 49.67),
                               49.67 * 2.385 * 0.07, places=11)
        self.assertAlmostEqual(radioembo.shunt_max_activity_gbq(30.0, 0.07, 1.0, 49.67),
                               30.0 / (49.67 * 0.07), places=11)
        self.assertEqual(radioembo.shunt_max_activity_gbq(30.0, 0.0, 1.0, 49.67), math.inf)
        # the compatibility names are the same functions
        self.assertEqual(radioembo.lsf_from_counts(1200.0, 1000.0, 20000.0, 18500.0), lsf)
        self.assertEqual(radioembo.lung_dose_gy(2.385, 0.07, 1.0, 49.67),
                         radioembo.shunt_lung_dose_gy(2.385, 0.07, 1.0, 49.67))
        self.assertEqual(radioembo.lung_max_activity_gbq(30.0, 0.0, 1.0, 49.67), math.inf)
        bsa = radioembo.bsa_dubois_m2(height_cm=172.5, weight_kg=68.3)
        self.assertAlmostEqual(bsa, 0.007184 * 68.3 ** 0.425 * 172.5 ** 0.725, places=12)
        self.assertEqual(radioembo.bsa_lsf_reduction(0.12), 0.8)
        self.assertEqual(radioembo.bsa_activity_gbq(bsa, 100.0, 1500.0, 1.0, 0.25), 0.0)
        self.assertAlmostEqual(radioembo.bsa_activity_gbq(bsa, 150.0, 1500.0, 0.6, 0.05),
                               (bsa - 0.2 + 0.1) * 0.6, places=12)

    def test_nuclides_and_enums(self):
        y90 = radioembo.nuclide_from_name("yttrium-90")
        self.assertIs(y90, radioembo.Nuclide.Y90)
        self.assertEqual(radioembo.nuclide_name(radioembo.Nuclide.HO166), "Ho-166")
        self.assertIsNone(radioembo.nuclide_name(99))
        self.assertEqual(radioembo.nuclide_half_life_h(y90), 64.1)
        self.assertEqual(radioembo.nuclide_dose_factor(nuclide=2), 15.87)
        self.assertEqual(int(radioembo.ProductKind.PLLA), 3)
        self.assertEqual(radioembo.LimitingOrgan.LUNG, 2)

    def test_enum_names_are_the_case_file_vocabulary(self):
        self.assertEqual(radioembo.model_name(radioembo.Model.HO166_WHOLE_LIVER),
                         "ho166_whole_liver")
        self.assertIsNone(radioembo.model_name(radioembo.Model.NONE))
        self.assertIs(radioembo.model_from_name("BSA"), radioembo.Model.BSA)
        with self.assertRaises(radioembo.RadioemboError) as caught:
            radioembo.model_from_name("single compartment")
        self.assertEqual(caught.exception.parameter, "name")
        self.assertEqual(radioembo.prescription_name(radioembo.Prescription.TUMOR_DOSE),
                         "tumor_dose_gy")
        self.assertEqual(radioembo.severity_name(radioembo.Severity.VIOLATION), "violation")
        self.assertEqual(radioembo.diagnostic_code_name(radioembo.DiagnosticCode.LSF_REDUCTION),
                         "lsf_reduction")
        self.assertEqual(radioembo.limiting_organ_name(radioembo.LimitingOrgan.LUNG), "lung")
        self.assertEqual(radioembo.product_kind_name(radioembo.ProductKind.PLLA), "plla")
        self.assertEqual(radioembo.product_field_name(radioembo.ProductField.LABEL_TOLERANCE),
                         "label_tolerance")
        self.assertEqual(radioembo.uncertain_input_name(radioembo.UncertainInput.TNR), "tnr")
        self.assertIsNone(radioembo.distribution_name(radioembo.Distribution.NONE))
        self.assertEqual(
            radioembo.propagation_method_name(radioembo.PropagationMethod.MONTE_CARLO),
            "monte_carlo")
        self.assertEqual(radioembo.figure_name(radioembo.Figure.LUNG_DOSE), "lung_dose_gy")
        self.assertEqual(radioembo.risk_name(radioembo.Risk.TUMOR_UNDER_TARGET),
                         "tumor_under_target")
        self.assertEqual(radioembo.bsa_lobar_rule_name(radioembo.BsaLobarRule.OFFSET_TERM),
                         "offset_term")

    def test_conventions_are_selectable(self):
        # tests/golden/bsa_lobar_rule.csv, albi_convention.csv (hand-computed)
        self.assertAlmostEqual(
            radioembo.bsa_activity_rule_gbq(1.8123, 385.2, 1624.7, 0.62, 0.0437,
                                            radioembo.BsaLobarRule.OFFSET_TERM),
            1.236715924293715762910076, places=13)
        self.assertAlmostEqual(
            radioembo.bsa_activity_rule_gbq(1.8123, 385.2, 1624.7, 0.62, 0.0437,
                                            radioembo.BsaLobarRule.KENNEDY_2007),
            1.146621753062103773004247, places=13)
        self.assertEqual(
            radioembo.albi_score_variant(16.3, 40.0, radioembo.AlbiConvention.COEFFICIENT_0852)[1],
            1)
        self.assertEqual(
            radioembo.albi_score_variant(16.3, 40.0, radioembo.AlbiConvention.JOHNSON_2015)[1], 2)

    def test_report_words_are_the_library_s(self):
        self.assertEqual(radioembo.model_label(radioembo.Model.BSA), "BSA (resin)")
        self.assertIsNone(radioembo.model_label(radioembo.Model.NONE))
        self.assertEqual(radioembo.report_key_label("lsf"), "lung shunt fraction")
        self.assertEqual(radioembo.report_key_unit("normal_liver_dose_gy"), "Gy")
        self.assertEqual(radioembo.report_key_unit("sphere_count"), "")
        self.assertEqual(radioembo.report_key_group("lung_session_limit_gy"), "limit")
        self.assertIsNone(radioembo.report_key_label("lung shunt fraction"))
        self.assertIsNone(radioembo.report_key_group("no_such_key"))
        self.assertEqual(radioembo.report_path_label("case.patient.id"), "patient identifier")
        self.assertEqual(radioembo.report_path_label("case.id"), "case identifier")
        self.assertIsNone(radioembo.report_path_label("case.no_such_key"))

    def test_version(self):
        self.assertEqual(radioembo.version_number(), radioembo._ffi.VERSION_NUMBER)
        self.assertEqual(radioembo.version_string(), radioembo.__version__)


class TestArrays(unittest.TestCase):
    masses, tnrs = [0.0612, 0.1945], [3.25, 4.5]

    def expected(self, activity, lsf, df, normal, lung):
        s = sum(t * m for t, m in zip(self.tnrs, self.masses)) + normal
        dn = df * activity * (1 - lsf) / s
        return [t * dn for t in self.tnrs], dn, df * activity * lsf / lung

    def check(self, masses, tnrs):
        r = radioembo.partition_doses(activity_gbq=2.385, lsf=0.045, dose_factor=49.67,
                                      tumor_mass_kg=masses, tnr=tnrs, normal_mass_kg=1.3525,
                                      lung_mass_kg=1.0)
        tumors, normal, lung = self.expected(2.385, 0.045, 49.67, 1.3525, 1.0)
        self.assertEqual(r._fields, ("tumor_dose_gy", "normal_dose_gy", "lung_dose_gy"))
        self.assertEqual(len(r.tumor_dose_gy), 2)
        for got, want in zip(r.tumor_dose_gy, tumors):
            self.assertAlmostEqual(got, want, places=10)
        self.assertAlmostEqual(r.normal_dose_gy, normal, places=10)
        self.assertAlmostEqual(r.lung_dose_gy, lung, places=10)

    def test_lists_tuples_and_array_d(self):
        self.check(self.masses, self.tnrs)
        self.check(tuple(self.masses), array.array("d", self.tnrs))

    def test_numpy_when_installed(self):
        try:
            import numpy
        except ImportError:  # numpy is optional: any iterable of numbers is accepted
            self.check(iter(self.masses), (x for x in self.tnrs))
        else:
            self.check(numpy.array(self.masses), numpy.asarray(self.tnrs, dtype=float))

    def test_no_lesion(self):
        r = radioembo.partition_doses(2.385, 0.045, 49.67, [], None, 1.3525, 1.0)
        self.assertEqual(r.tumor_dose_gy, [])

    def test_mismatched_lengths(self):
        with self.assertRaises(ValueError):
            radioembo.partition_doses(2.385, 0.045, 49.67, [0.1], [3.0, 4.0], 1.3, 1.0)

    def test_other_partition_functions(self):
        s = sum(t * m for t, m in zip(self.tnrs, self.masses)) + 1.3525
        a = radioembo.partition_activity_for_tumor_dose_gbq(
            tumor_dose_gy=205.0, target_index=1, lsf=0.045, dose_factor=49.67,
            tumor_mass_kg=self.masses, tnr=self.tnrs, normal_mass_kg=1.3525)
        self.assertAlmostEqual(a, 205.0 * s / (49.67 * 0.955 * 4.5), places=10)
        m = radioembo.partition_max_activity_gbq(70.0, 30.0, 0.045, 49.67, self.masses,
                                                 self.tnrs, 1.3525, 1.0)
        self.assertIs(m.limiting, radioembo.LimitingOrgan.NORMAL_LIVER)
        self.assertAlmostEqual(m.activity_gbq, 70.0 * s / (49.67 * 0.955), places=10)
        self.assertAlmostEqual(radioembo.tnr_from_counts(5400.0, 42.5, 12000.0, 1320.0),
                               (5400.0 / 42.5) / (12000.0 / 1320.0), places=12)


class TestTime(unittest.TestCase):
    def test_round_trip_and_datetimes(self):
        s = radioembo.time_parse_iso8601("2024-05-02T10:30:00+02:00")
        self.assertEqual(s, int(datetime.datetime(2024, 5, 2, 8, 30, tzinfo=UTC).timestamp()))
        self.assertEqual(radioembo.time_format_iso8601_utc(s), "2024-05-02T08:30:00Z")
        cest = datetime.timezone(datetime.timedelta(hours=2))
        self.assertEqual(radioembo.time_format_iso8601_utc(
            seconds=datetime.datetime(2024, 5, 2, 10, 30, tzinfo=cest)), "2024-05-02T08:30:00Z")

    def test_naive_datetime_is_refused(self):
        with self.assertRaises(ValueError):
            radioembo.time_format_iso8601_utc(datetime.datetime(2024, 5, 2, 10, 30))

    def test_out_of_range_instant(self):
        e = library_error(self, radioembo.time_format_iso8601_utc, 10 ** 15)
        self.assertEqual(e.status, Status.ERANGE)


class TestErrors(unittest.TestCase):
    def test_every_status_has_text(self):
        for status in Status:
            self.assertTrue(radioembo.strerror(status))
            e = RadioemboError(int(status), "detail")
            self.assertEqual((e.status, e.message), (status, "detail"))
            self.assertEqual(str(e), "%s: detail" % status.name)

    def test_codes_the_api_can_provoke(self):
        e = library_error(self, radioembo.decay_factor, half_life_h=-64.1, elapsed_h=2.0)
        self.assertEqual(e.status, Status.EINVAL)
        self.assertIn("half_life_h", e.message)
        e = library_error(self, radioembo.nuclide_from_name, "unobtainium-7")
        self.assertEqual(e.status, Status.ENOTFOUND)
        e = library_error(self, radioembo.decay_activity_gbq, 1e308, 1.0, -10000.0)
        self.assertEqual(e.status, Status.ERANGE)

    def test_every_function_reports_bad_input(self):
        """Each status function, given NaN/NULL/out-of-domain input, raises with the message."""
        bad = {"double": math.nan, "string": None, "handle": None, "enum": 9999,
               "size_t": 0, "uint64": 0, "int": 9999, "instant": 10 ** 15,
               "int64": 10 ** 15}
        for cname, (ret, _, params) in radioembo.FUNCTIONS.items():
            if ret != "status":
                continue
            func = getattr(radioembo, cname[len("radioembo_"):])
            kwargs = {p[1]: (None if p[0] == "in_array" else bad[p[2]])
                      for p in params if p[0] in ("in", "in_array")}
            if not kwargs:
                continue  # nothing to get wrong (radioembo_lung_new)
            with self.subTest(cname):
                e = library_error(self, func, **kwargs)
                if e.status == Status.EINVAL:
                    self.assertTrue(any(p[1] in e.message for p in params), e.message)

    def test_strings_and_values(self):
        self.assertEqual(radioembo.product_count_builtin(), 3)
        names = [radioembo.product_builtin_name(i) for i in range(3)]
        self.assertIn("TheraSphere", names)
        self.assertIsNone(radioembo.product_builtin_name(3))


class TestGeneric(unittest.TestCase):
    def test_every_function_is_exported_without_prefix(self):
        for cname, (_, _, params) in radioembo.FUNCTIONS.items():
            func = getattr(radioembo, cname[len("radioembo_"):])
            names = [n for n, p in func.__signature__.parameters.items()
                     if p.kind != p.KEYWORD_ONLY]  # spacing_mm: volumes given as ndarrays
            self.assertEqual(names, [p[1] for p in params if p[0] in ("in", "in_array")])

    def test_every_object_has_a_class(self):
        for ctype, (clsname, _) in radioembo.OBJECTS.items():
            cls = getattr(radioembo, clsname)
            self.assertTrue(issubclass(cls, radioembo.Object))
            self.assertEqual(cls._ctype, ctype)
            self.assertIsNotNone(cls._free)
