/*
 * The dose engine (lib/planning/engine.c): masses and doses of a resolved plan against
 * hand-computed values, the geometry without normal liver, the fast entry against the
 * checked one, and the doses that overflow.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "testutil.h"
#include "planning/planning.h"

/*
 * Dose factor 49.67 Gy kg/GBq, LSF 0.0625, residual 0.04, liver 1600 mL at 1.05 g/mL of
 * which a territory of 1040 mL is treated, lungs 0.95 kg after 4.5 Gy, 2.5 GBq injected.
 * Lesions: 60 mL at its own 1.10 g/mL with TNR 3.5 and 25 mL at the liver's density with
 * TNR 2, both treated; 30 mL without TNR outside the territory.
 * Hand-computed (python3 decimal; radioembo-sources(7) TISSUE, MIRD, LUNG, PARTITION):
 *   lesion masses 0.066 and 0.02625 kg; normal perfused (1040 - 85) * 1.05 / 1000 =
 *   1.00275 kg; whole normal (1600 - 115) * 1.05 / 1000 = 1.55925 kg; perfused 1.095 kg;
 *   delivered 2.5 * 0.96 = 2.4 GBq; S = 1.00275 + 3.5 * 0.066 + 2 * 0.02625 = 1.28625 kg;
 *   D_N = 49.67 * 2.4 * 0.9375 / S; perfused 49.67 * 2.4 * 0.9375 / 1.095;
 *   lung 49.67 * 2.4 * 0.0625 / 0.95; whole normal = D_N * 1.00275 / 1.55925.
 */
#define PERFUSED_GY 102.06164383561643835616
#define PARTITION_NORMAL_GY 86.886297376093294460641
#define PARTITION_WHOLE_NORMAL_GY 55.876373060046529434285
#define PARTITION_LESION_0_GY 304.10204081632653061224
#define PARTITION_LESION_1_GY 173.77259475218658892128
#define SINGLE_WHOLE_NORMAL_GY 65.635602601356026013560
#define LUNG_GY 7.8426315789473684210526
#define LUNG_CUMULATIVE_GY 12.342631578947368421053

#define LESIONS 3
#define FIGURES (RADIOEMBO__ENGINE_SCALARS + LESIONS)

static const struct radioembo__lesion_state lesions[LESIONS] = {
	{60.0, 1.10, 3.5, NAN, 1, 1, 1},
	{25.0, 1.05, 2.0, NAN, 1, 1, 0},
	{30.0, 1.05, 1.0, NAN, 0, 0, 0},
};

static struct radioembo__constants constants(void)
{
	struct radioembo__constants k;

	radioembo__constants_unknown(&k);
	k.dose_factor = 49.67;
	k.lsf = 0.0625;
	k.residual_fraction = 0.04;
	k.liver_density_g_per_ml = 1.05;
	k.lung_mass_kg = 0.95;
	k.prior_lung_dose_gy = 4.5;
	return k;
}

static void engine_begin(struct radioembo__engine *engine, double treated_volume_ml)
{
	struct radioembo__constants k = constants();

	assert_ok(radioembo__engine_begin(engine, &k, 1600.0, treated_volume_ml, 0, lesions,
					  LESIONS));
	engine->inject_gbq = 2.5;
}

static void test_engine_masses_and_doses_are_hand_computed(void **state)
{
	struct radioembo__engine engine;
	struct radioembo__engine_masses masses;
	double lesion_mass[LESIONS], figures[FIGURES];
	int usable = 0;

	(void)state;
	engine_begin(&engine, 1040.0);
	assert_ok(radioembo__engine_resolve_checked(&engine, lesion_mass, &masses, &usable));
	assert_int_equal(usable, 1);
	assert_close(lesion_mass[0], 0.066, 1e-14);
	assert_close(lesion_mass[1], 0.02625, 1e-14);
	assert_close(lesion_mass[2], 0.0315, 1e-14);
	assert_close(masses.normal_perfused_kg, 1.00275, 1e-14);
	assert_close(masses.normal_liver_kg, 1.55925, 1e-14);
	assert_close(masses.perfused_kg, 1.095, 1e-14);
	assert_int_equal(masses.treated_count, 2);

	engine.partition = 1;
	assert_ok(radioembo__engine_evaluate_checked(&engine, figures));
	assert_close(figures[RADIOEMBO_FIGURE_DELIVERED_ACTIVITY - 1], 2.4, 1e-14);
	assert_close(figures[RADIOEMBO_FIGURE_PERFUSED_DOSE - 1], PERFUSED_GY, 1e-13);
	assert_close(figures[RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE - 1], PARTITION_NORMAL_GY,
		     1e-13);
	assert_close(figures[RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE - 1], PARTITION_WHOLE_NORMAL_GY,
		     1e-13);
	assert_close(figures[RADIOEMBO_FIGURE_LUNG_DOSE - 1], LUNG_GY, 1e-13);
	assert_close(figures[RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE - 1], LUNG_CUMULATIVE_GY, 1e-13);
	assert_close(figures[RADIOEMBO__ENGINE_SCALARS + 0], PARTITION_LESION_0_GY, 1e-13);
	assert_close(figures[RADIOEMBO__ENGINE_SCALARS + 1], PARTITION_LESION_1_GY, 1e-13);
	assert_true(isnan(figures[RADIOEMBO__ENGINE_SCALARS + 2]));

	/* the single compartment: one mean dose over the perfused mass, lesions included */
	engine.partition = 0;
	assert_ok(radioembo__engine_evaluate_checked(&engine, figures));
	assert_close(figures[RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE - 1], PERFUSED_GY, 1e-13);
	assert_close(figures[RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE - 1], SINGLE_WHOLE_NORMAL_GY,
		     1e-13);
	assert_close(figures[RADIOEMBO__ENGINE_SCALARS + 0], PERFUSED_GY, 1e-13);
	assert_close(figures[RADIOEMBO__ENGINE_SCALARS + 1], PERFUSED_GY, 1e-13);
	assert_close(figures[RADIOEMBO_FIGURE_LUNG_DOSE - 1], LUNG_GY, 1e-13);
	radioembo__engine_end(&engine);
}

static void test_engine_lesions_filling_the_territory_leave_no_geometry(void **state)
{
	struct radioembo__engine engine;
	struct radioembo__engine_masses masses;
	double lesion_mass[LESIONS];
	int usable = 1;

	(void)state;
	/* 85 mL of treated lesions in a territory of 84.5 mL */
	engine_begin(&engine, 84.5);
	assert_ok(radioembo__engine_resolve_checked(&engine, lesion_mass, &masses, &usable));
	assert_int_equal(usable, 0);
	assert_close(masses.normal_perfused_ml, -0.5, 1e-12);
	assert_close(masses.treated_tumor_ml, 85.0, 1e-15);
	assert_close(masses.all_tumor_ml, 115.0, 1e-15);
	assert_int_equal(masses.treated_count, 2);
	radioembo__engine_end(&engine);
}

static void test_engine_fast_entry_is_the_checked_one_and_stops_at_no_geometry(void **state)
{
	struct radioembo__engine engine;
	struct radioembo__engine_draw draw;
	struct radioembo__engine_masses masses;
	double lesion_mass[LESIONS], checked[FIGURES], fast[FIGURES * 3];
	size_t f;
	int usable;

	(void)state;
	engine_begin(&engine, 1040.0);
	engine.partition = 1;
	assert_ok(radioembo__engine_resolve_checked(&engine, lesion_mass, &masses, &usable));
	assert_ok(radioembo__engine_evaluate_checked(&engine, checked));
	assert_ok(radioembo__engine_draw_new(&draw, LESIONS, 3));
	radioembo__engine_draw_planned(&engine, &draw);
	/* sample 1: a liver of 1600 * 0.0625 = 100 mL cannot hold 115 mL of lesions */
	draw.liver_volume[1] = 0.0625;
	for (f = 0; f < FIGURES * 3; f++)
		fast[f] = TEST_SENTINEL;
	assert_int_equal(radioembo__engine_evaluate(&engine, &draw, 0, 3, fast, 3), 1);
	for (f = 0; f < FIGURES; f++) {
		assert_memory_equal(&fast[f * 3], &checked[f], sizeof checked[f]);
		assert_true(fast[f * 3 + 1] == TEST_SENTINEL);
		assert_true(fast[f * 3 + 2] == TEST_SENTINEL);
	}
	assert_int_equal(radioembo__engine_evaluate(&engine, &draw, 2, 3, fast, 3), 3);
	for (f = 0; f < FIGURES; f++)
		assert_memory_equal(&fast[f * 3 + 2], &checked[f], sizeof checked[f]);
	radioembo__engine_draw_free(&draw);
	radioembo__engine_end(&engine);
}

static void test_engine_checked_entry_rejects_doses_that_overflow(void **state)
{
	static const struct radioembo__lesion_state avid[1] = {{60.0, 1.10, 1e300, NAN, 1, 1, 1}};
	struct radioembo__constants k = constants();
	struct radioembo__engine engine;
	struct radioembo__engine_masses masses;
	double lesion_mass[LESIONS], figures[FIGURES];
	int usable;

	(void)state;
	engine_begin(&engine, 1040.0);
	engine.partition = 1;
	assert_ok(radioembo__engine_resolve_checked(&engine, lesion_mass, &masses, &usable));
	engine.inject_gbq = 1e308;
	/* the first figure in RADIOEMBO_FIGURE_* order that overflows is named */
	assert_fails(radioembo__engine_evaluate_checked(&engine, figures), RADIOEMBO_ERANGE,
		     "perfused_dose_gy is not representable");
	radioembo__engine_end(&engine);

	/*
	 * TNR 1e300: S is the lesion's, so D_N = 49.67 * A * 0.96 * 0.9375 / (1e300 * 0.066)
	 * stays finite at A = 1e306 GBq while the lesion's 1e300 D_N (6.8e308 Gy) does not.
	 */
	assert_ok(radioembo__engine_begin(&engine, &k, 1600.0, 1040.0, 0, avid, 1));
	engine.partition = 1;
	engine.inject_gbq = 1e306;
	assert_ok(radioembo__engine_resolve_checked(&engine, lesion_mass, &masses, &usable));
	assert_fails(radioembo__engine_evaluate_checked(&engine, figures), RADIOEMBO_ERANGE,
		     "tumor_dose_gy_out[0]");
	radioembo__engine_end(&engine);
}

static void test_engine_checked_entry_rejects_a_lesion_mass_that_underflows(void **state)
{
	static const struct radioembo__lesion_state tiny[1] = {{1e-322, 1.10, 2.0, NAN, 1, 1, 1}};
	struct radioembo__constants k = constants();
	struct radioembo__engine engine;
	struct radioembo__engine_masses masses;
	double lesion_mass[1];
	int usable;

	(void)state;
	assert_ok(radioembo__engine_begin(&engine, &k, 1600.0, 1040.0, 0, tiny, 1));
	assert_fails(radioembo__engine_resolve_checked(&engine, lesion_mass, &masses, &usable),
		     RADIOEMBO_ERANGE, "underflows");
	radioembo__engine_end(&engine);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_engine_masses_and_doses_are_hand_computed),
		TEST(test_engine_lesions_filling_the_territory_leave_no_geometry),
		TEST(test_engine_fast_entry_is_the_checked_one_and_stops_at_no_geometry),
		TEST(test_engine_checked_entry_rejects_doses_that_overflow),
		TEST(test_engine_checked_entry_rejects_a_lesion_mass_that_underflows),
	};
	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
