/*
 * uncertainty module: analytic propagation against hand-computed first-order results on
 * plans whose doses are linear in the uncertain input, Monte Carlo against the analytic
 * result, seed reproducibility, and every error path.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "alloc_failure.h" /* first: it replaces the library's allocator */

#include <math.h>
#include <string.h>

#include "testutil.h"
#include "uncertainty/uncertainty_internal.h"

/*
 * The linear plan: TheraSphere (dose factor 50), whole liver 1600 mL at 1.03 g/mL, no
 * lesion, LSF 0.118, lungs 1 kg, 2.35 GBq injected, no residual. Hand-computed (python3
 * decimal, radioembo-sources(7) MIRD to LUNG): mass 1.648 kg; perfused dose 50 * 2.35 * 0.882 / 1.648 =
 * 62.885315533980582524 Gy; lung dose 50 * 2.35 * 0.118 = 13.865 Gy.
 */
#define LINEAR_PERFUSED_GY 62.885315533980582524
#define LINEAR_LUNG_GY 13.865

static radioembo_plan *linear_plan(void)
{
	radioembo_product *product;
	radioembo_liver *liver;
	radioembo_lung *lung;
	radioembo_plan *plan;

	assert_ok(radioembo_product_new_builtin("TheraSphere", &product));
	assert_ok(radioembo_liver_new(1600.0, 1.03, &liver));
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_set_lsf(lung, 0.118));
	assert_ok(radioembo_plan_new(product, liver, lung, &plan));
	assert_ok(radioembo_plan_prescribe_activity_gbq(plan, 2.35));
	radioembo_product_free(product);
	radioembo_liver_free(liver);
	radioembo_lung_free(lung);
	return plan;
}

/*
 * Three lesions with TNRs in a right lobe: the partition case of the benchmark; a prior
 * lung dose when prior_lung_gy > 0.
 */
static radioembo_plan *partition_plan_with_prior(double prior_lung_gy)
{
	static const double volumes[] = { 118.0, 36.5, 12.25 }, tnrs[] = { 3.4, 5.1, 2.35 };
	radioembo_product *product;
	radioembo_liver *liver;
	radioembo_lung *lung;
	radioembo_plan *plan;
	size_t i, index;

	assert_ok(radioembo_product_new_builtin("TheraSphere", &product));
	assert_ok(radioembo_liver_new(1650.0, 1.05, &liver));
	assert_ok(radioembo_liver_add_territory(liver, "right lobe", 1080.0, NULL));
	for (i = 0; i < 3; i++) {
		radioembo_lesion *lesion;
		assert_ok(radioembo_lesion_new(i == 0 ? "A" : i == 1 ? "B" : "C", volumes[i], &lesion));
		assert_ok(radioembo_lesion_set_tnr(lesion, tnrs[i]));
		assert_ok(radioembo_liver_add_lesion(liver, lesion, &index));
		assert_ok(radioembo_liver_assign_lesion(liver, index, 0));
		radioembo_lesion_free(lesion);
	}
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_set_lsf(lung, 0.0735));
	if (prior_lung_gy > 0.0)
		assert_ok(radioembo_lung_add_prior_dose_gy(lung, prior_lung_gy));
	assert_ok(radioembo_plan_new(product, liver, lung, &plan));
	assert_ok(radioembo_plan_set_territory(plan, 0));
	radioembo_product_free(product);
	radioembo_liver_free(liver);
	radioembo_lung_free(lung);
	return plan;
}

static radioembo_plan *partition_plan(void)
{
	return partition_plan_with_prior(0.0);
}

struct summary {
	double planned, mean, sd, p05, p50, p95;
};

static struct summary summary_of(const radioembo_propagation *p, radioembo_figure figure,
				 size_t lesion)
{
	struct summary s;

	assert_ok(radioembo_propagation_get_summary(p, figure, lesion, &s.planned, &s.mean, &s.sd,
						    &s.p05, &s.p50, &s.p95));
	return s;
}

static void test_uncertainty_analytic_activity_only_is_exact(void **state)
{
	radioembo_plan *plan = linear_plan();
	radioembo_uncertainty *u;
	radioembo_propagation *p;
	struct summary s;
	double share;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.05));
	assert_ok(radioembo_plan_propagate_analytic(plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, u,
						    &p));
	/* every dose is proportional to the activity: sd = 5 % of it, exactly (GUM) */
	s = summary_of(p, RADIOEMBO_FIGURE_PERFUSED_DOSE, 0);
	assert_close(s.planned, LINEAR_PERFUSED_GY, 1e-12);
	assert_close(s.mean, LINEAR_PERFUSED_GY, 1e-12);
	assert_close(s.sd, 3.1442657766990291262, 1e-7); /* hand-computed 0.05 * planned */
	/* normal percentiles: planned * (1 -+ 1.6448536269514722 * 0.05) */
	assert_close(s.p05, 57.713458567077794, 1e-7);
	assert_close(s.p95, 68.05717250088337, 1e-7);
	assert_close(s.p50, LINEAR_PERFUSED_GY, 1e-12);
	s = summary_of(p, RADIOEMBO_FIGURE_LUNG_DOSE, 0);
	assert_close(s.sd, 0.69325, 1e-7);
	s = summary_of(p, RADIOEMBO_FIGURE_DELIVERED_ACTIVITY, 0);
	assert_close(s.sd, 0.1175, 1e-7);
	assert_ok(radioembo_propagation_get_contribution(p, RADIOEMBO_FIGURE_LUNG_DOSE, 0,
							 RADIOEMBO_INPUT_ACTIVITY, &share));
	assert_close(share, 1.0, 1e-12);
	assert_ok(radioembo_propagation_get_contribution(p, RADIOEMBO_FIGURE_LUNG_DOSE, 0,
							 RADIOEMBO_INPUT_LSF, &share));
	assert_close(share, 0.0, 0.0);
	radioembo_propagation_free(p);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

static void test_uncertainty_analytic_combines_inputs_and_risks(void **state)
{
	radioembo_plan *plan = linear_plan();
	radioembo_uncertainty *u;
	radioembo_propagation *p;
	struct summary s;
	double probability, share_activity, share_lsf;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.05));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LSF,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.01));
	assert_ok(radioembo_plan_propagate_analytic(plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, u,
						    &p));
	/*
	 * Lung dose F A LSF / m: components 0.05 * 13.865 = 0.69325 (activity) and
	 * 50 * 2.35 * 0.01 = 1.175 (LSF); sd = sqrt(sum of squares) = 1.3642655762350673.
	 */
	s = summary_of(p, RADIOEMBO_FIGURE_LUNG_DOSE, 0);
	assert_close(s.sd, 1.3642655762350673, 1e-7);
	assert_ok(radioembo_propagation_get_contribution(p, RADIOEMBO_FIGURE_LUNG_DOSE, 0,
							 RADIOEMBO_INPUT_ACTIVITY, &share_activity));
	assert_ok(radioembo_propagation_get_contribution(p, RADIOEMBO_FIGURE_LUNG_DOSE, 0,
							 RADIOEMBO_INPUT_LSF, &share_lsf));
	/* hand-computed 0.69325^2 / 1.3642655762350673^2 = 0.25821765... */
	assert_close(share_activity, 0.69325 * 0.69325 / (0.69325 * 0.69325 + 1.175 * 1.175),
		     1e-7);
	assert_close(share_activity + share_lsf, 1.0, 1e-12);
	/* P(lung > 30 Gy): z = (30 - 13.865) / 1.3643 = 11.8; Q(z) = 1.4174853576208897e-32 */
	assert_ok(radioembo_propagation_get_probability(p, RADIOEMBO_RISK_LUNG_SESSION_LIMIT, 0,
							&probability));
	assert_close(probability, 1.4174853576208897e-32, 1e-5);
	/* perfused dose falls with the LSF: component 50 * 2.35 / 1.648 * 0.01 */
	s = summary_of(p, RADIOEMBO_FIGURE_PERFUSED_DOSE, 0);
	assert_close(s.sd, hypot(3.1442657766990291262, 0.71298543689320388350), 1e-7);
	radioembo_propagation_free(p);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

static void test_uncertainty_monte_carlo_agrees_with_analytic_on_linear_plan(void **state)
{
	const size_t samples = 40000;
	radioembo_plan *plan = linear_plan();
	radioembo_uncertainty *u;
	radioembo_propagation *p;
	radioembo_propagation_method method;
	struct summary s;
	size_t count;
	double share;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.05));
	assert_ok(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, u,
						       20261126, samples, &p));
	assert_ok(radioembo_propagation_get_method(p, &method));
	assert_int_equal(method, RADIOEMBO_PROPAGATION_MONTE_CARLO);
	assert_ok(radioembo_propagation_sample_count(p, &count));
	assert_int_equal(count, samples);
	s = summary_of(p, RADIOEMBO_FIGURE_PERFUSED_DOSE, 0);
	assert_close(s.planned, LINEAR_PERFUSED_GY, 1e-12);
	/* standard error of the mean: 3.144 / sqrt(40000) = 0.0157; allow 4 of them */
	assert_true(fabs(s.mean - LINEAR_PERFUSED_GY) < 4 * 0.0157);
	/* sd within 3 % and percentiles within 1 % of the normal ones */
	assert_close(s.sd, 3.1442657766990291262, 0.03);
	assert_close(s.p05, 57.713458567077794, 0.01);
	assert_close(s.p50, LINEAR_PERFUSED_GY, 0.005);
	assert_close(s.p95, 68.05717250088337, 0.01);
	assert_fails(radioembo_propagation_get_contribution(p, RADIOEMBO_FIGURE_PERFUSED_DOSE, 0,
							    RADIOEMBO_INPUT_ACTIVITY, &share),
		     RADIOEMBO_ENOTFOUND, "analytic");
	radioembo_propagation_free(p);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

static void test_uncertainty_monte_carlo_is_reproducible_for_a_seed(void **state)
{
	radioembo_plan *plan = partition_plan();
	radioembo_uncertainty *u;
	radioembo_propagation *a, *b, *c;
	struct summary sa, sb, sc;
	double pa, pb;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TNR,
						  RADIOEMBO_DISTRIBUTION_LOGNORMAL, 0.2));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LESION_VOLUME,
						  RADIOEMBO_DISTRIBUTION_UNIFORM, 0.15));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LSF,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.02));
	assert_ok(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, u, 77,
						       3000, &a));
	assert_ok(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, u, 77,
						       3000, &b));
	assert_ok(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, u, 78,
						       3000, &c));
	sa = summary_of(a, RADIOEMBO_FIGURE_LESION_DOSE, 1);
	sb = summary_of(b, RADIOEMBO_FIGURE_LESION_DOSE, 1);
	sc = summary_of(c, RADIOEMBO_FIGURE_LESION_DOSE, 1);
	assert_memory_equal(&sa, &sb, sizeof sa);
	assert_true(sa.mean != sc.mean);
	assert_ok(radioembo_propagation_get_probability(a, RADIOEMBO_RISK_TUMOR_UNDER_TARGET, 2,
							&pa));
	assert_ok(radioembo_propagation_get_probability(b, RADIOEMBO_RISK_TUMOR_UNDER_TARGET, 2,
							&pb));
	assert_true(pa == pb && pa >= 0.0 && pa <= 1.0);
	radioembo_propagation_free(a);
	radioembo_propagation_free(b);
	radioembo_propagation_free(c);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

static void test_uncertainty_planned_values_match_the_plan(void **state)
{
	radioembo_plan *plan = partition_plan();
	radioembo_uncertainty *u;
	radioembo_propagation *p;
	radioembo_result *result;
	struct summary s;
	double dose, shares = 0.0, share;
	size_t lesion;
	int input;

	(void)state;
	assert_ok(radioembo_plan_compute(plan, &result));
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TREATED_VOLUME,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.08));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LIVER_DENSITY,
						  RADIOEMBO_DISTRIBUTION_UNIFORM, 0.05));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TNR,
						  RADIOEMBO_DISTRIBUTION_LOGNORMAL, 0.25));
	assert_ok(radioembo_plan_propagate_analytic(plan, RADIOEMBO_MODEL_PARTITION, u, &p));
	/* with no perturbation the evaluation reproduces the plan's own figures */
	for (lesion = 0; lesion < 3; lesion++) {
		s = summary_of(p, RADIOEMBO_FIGURE_LESION_DOSE, lesion);
		assert_ok(radioembo_result_get_lesion_dose_gy(result, RADIOEMBO_MODEL_PARTITION,
							      lesion, &dose));
		assert_close(s.planned, dose, 1e-12);
	}
	s = summary_of(p, RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE, 0);
	assert_ok(radioembo_result_get_normal_liver_dose_gy(result, RADIOEMBO_MODEL_PARTITION,
							    &dose));
	assert_close(s.planned, dose, 1e-12);
	for (input = RADIOEMBO_INPUT_ACTIVITY; input <= RADIOEMBO_INPUT_LUNG_MASS; input++) {
		assert_ok(radioembo_propagation_get_contribution(
			p, RADIOEMBO_FIGURE_LESION_DOSE, 0, (radioembo_uncertain_input)input, &share));
		shares += share;
	}
	assert_close(shares, 1.0, 1e-12);
	radioembo_propagation_free(p);
	radioembo_result_free(result);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

static void test_uncertainty_input_settings_round_trip_and_copy(void **state)
{
	radioembo_uncertainty *u, *copy;
	radioembo_distribution distribution;
	double spread;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_get_input(u, RADIOEMBO_INPUT_LUNG_MASS, &distribution,
						  &spread));
	assert_int_equal(distribution, RADIOEMBO_DISTRIBUTION_NONE);
	assert_close(spread, 0.0, 0.0);
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LUNG_MASS,
						  RADIOEMBO_DISTRIBUTION_UNIFORM, 0.125));
	assert_ok(radioembo_uncertainty_copy(u, &copy));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LUNG_MASS,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.0));
	assert_ok(radioembo_uncertainty_get_input(copy, RADIOEMBO_INPUT_LUNG_MASS, &distribution,
						  &spread));
	assert_int_equal(distribution, RADIOEMBO_DISTRIBUTION_UNIFORM);
	assert_close(spread, 0.125, 0.0);
	/* a zero spread means exact, whatever the distribution */
	assert_ok(radioembo_uncertainty_get_input(u, RADIOEMBO_INPUT_LUNG_MASS, &distribution,
						  &spread));
	assert_int_equal(distribution, RADIOEMBO_DISTRIBUTION_NONE);
	radioembo_uncertainty_free(u);
	radioembo_uncertainty_free(copy);
	radioembo_uncertainty_free(NULL);
	radioembo_propagation_free(NULL);
}

static void test_uncertainty_rejects_invalid_arguments(void **state)
{
	radioembo_plan *plan = linear_plan(), *parted = partition_plan();
	radioembo_propagation *p = NULL, *untouched = (radioembo_propagation *)&plan;
	radioembo_uncertainty *u;
	radioembo_distribution distribution;
	double out = TEST_SENTINEL, spread;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_fails(radioembo_uncertainty_set_input(u, (radioembo_uncertain_input)10,
						     RADIOEMBO_DISTRIBUTION_NORMAL, 0.01),
		     RADIOEMBO_EINVAL, "input");
	assert_fails(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LSF,
						     (radioembo_distribution)4, 0.01),
		     RADIOEMBO_EINVAL, "distribution");
	assert_fails(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LSF,
						     RADIOEMBO_DISTRIBUTION_NORMAL, 0.75),
		     RADIOEMBO_EINVAL, "spread");
	assert_fails(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TNR,
						     RADIOEMBO_DISTRIBUTION_NORMAL, 1.0),
		     RADIOEMBO_EINVAL, "spread");
	assert_fails(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TNR,
						     RADIOEMBO_DISTRIBUTION_NORMAL, -0.1),
		     RADIOEMBO_EINVAL, "spread");
	assert_fails(radioembo_uncertainty_get_input(u, (radioembo_uncertain_input)0,
						     &distribution, &spread),
		     RADIOEMBO_EINVAL, "input");

	assert_fails(radioembo_plan_propagate_analytic(plan, (radioembo_model)9, u, &p),
		     RADIOEMBO_EINVAL, "model");
	/* no lesion with a TNR: the partition model does not apply */
	assert_fails(radioembo_plan_propagate_analytic(plan, RADIOEMBO_MODEL_PARTITION, u,
						       &untouched),
		     RADIOEMBO_ENOTFOUND, "does not apply");
	assert_true(untouched == (radioembo_propagation *)&plan);
	assert_fails(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT,
							  u, 1, 1, &p),
		     RADIOEMBO_EINVAL, "samples");
	assert_fails(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, u, 1,
							  100, &p),
		     RADIOEMBO_ENOTFOUND, "does not apply");
	assert_fails(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT,
							  u, 1, SIZE_MAX / 2, &p),
		     RADIOEMBO_ENOMEM, "samples");

	assert_ok(radioembo_plan_propagate_analytic(parted, RADIOEMBO_MODEL_PARTITION, u, &p));
	assert_fails(radioembo_propagation_get_summary(p, (radioembo_figure)8, 0, &out, &out, &out,
						       &out, &out, &out),
		     RADIOEMBO_EINVAL, "figure");
	assert_fails(radioembo_propagation_get_summary(p, RADIOEMBO_FIGURE_LESION_DOSE, 3, &out,
						       &out, &out, &out, &out, &out),
		     RADIOEMBO_EINVAL, "lesion_index");
	assert_fails(radioembo_propagation_get_probability(p, (radioembo_risk)0, 0, &out),
		     RADIOEMBO_EINVAL, "risk");
	/* TheraSphere has no normal-perfused limit */
	assert_fails(radioembo_propagation_get_probability(p, RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT,
							   0, &out),
		     RADIOEMBO_ENOTFOUND, "no limit");
	assert_fails(radioembo_propagation_get_probability(p, RADIOEMBO_RISK_TUMOR_UNDER_TARGET, 5,
							   &out),
		     RADIOEMBO_EINVAL, "lesion_index");
	assert_fails(radioembo_propagation_get_contribution(p, RADIOEMBO_FIGURE_LUNG_DOSE, 0,
							    (radioembo_uncertain_input)12, &out),
		     RADIOEMBO_EINVAL, "input");
	assert_true(out == TEST_SENTINEL);
	radioembo_propagation_free(p);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
	radioembo_plan_free(parted);
}

static void test_uncertainty_untreated_lesion_has_no_figures(void **state)
{
	radioembo_product *product;
	radioembo_liver *liver;
	radioembo_lung *lung;
	radioembo_lesion *lesion;
	radioembo_plan *plan;
	radioembo_uncertainty *u;
	radioembo_propagation *p;
	double out = TEST_SENTINEL;

	(void)state;
	assert_ok(radioembo_product_new_builtin("SIR-Spheres", &product));
	assert_ok(radioembo_liver_new(1820.0, 1.05, &liver));
	assert_ok(radioembo_liver_add_territory(liver, "right", 1150.0, NULL));
	assert_ok(radioembo_liver_add_territory(liver, "left", 670.0, NULL));
	assert_ok(radioembo_lesion_new("L1", 35.0, &lesion));
	assert_ok(radioembo_liver_add_lesion(liver, lesion, NULL));
	assert_ok(radioembo_liver_assign_lesion(liver, 0, 1));
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_set_lsf(lung, 0.041));
	assert_ok(radioembo_plan_new(product, liver, lung, &plan));
	assert_ok(radioembo_plan_set_territory(plan, 0));
	assert_ok(radioembo_plan_prescribe_activity_gbq(plan, 0.85));
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_plan_propagate_analytic(plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, u,
						    &p));
	assert_fails(radioembo_propagation_get_summary(p, RADIOEMBO_FIGURE_LESION_DOSE, 0, &out,
						       &out, &out, &out, &out, &out),
		     RADIOEMBO_ENOTFOUND, "not treated");
	assert_fails(radioembo_propagation_get_probability(p, RADIOEMBO_RISK_TUMOR_UNDER_TARGET, 0,
							   &out),
		     RADIOEMBO_ENOTFOUND, "not treated");
	/* resin limits the normal perfused liver to 40 Gy; planned 49.67 * 0.85 * 0.959 / 1.2075
	 * = 33.5 Gy (hand-computed) with no spread: probability 0 */
	assert_ok(radioembo_propagation_get_probability(p, RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT, 0,
							&out));
	assert_close(out, 0.0, 0.0);
	radioembo_propagation_free(p);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
	radioembo_lesion_free(lesion);
	radioembo_lung_free(lung);
	radioembo_liver_free(liver);
	radioembo_product_free(product);
}

/* Every summary and probability of two propagations, bit for bit. */
static void assert_same_propagation(const radioembo_propagation *a,
				    const radioembo_propagation *b)
{
	static const radioembo_figure scalars[] = {
		RADIOEMBO_FIGURE_DELIVERED_ACTIVITY, RADIOEMBO_FIGURE_PERFUSED_DOSE,
		RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE, RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE,
		RADIOEMBO_FIGURE_LUNG_DOSE, RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE
	};
	struct summary sa, sb;
	double pa, pb;
	size_t i;
	int risk;

	for (i = 0; i < sizeof scalars / sizeof scalars[0]; i++) {
		sa = summary_of(a, scalars[i], 0);
		sb = summary_of(b, scalars[i], 0);
		assert_memory_equal(&sa, &sb, sizeof sa);
	}
	for (i = 0; i < 3; i++) {
		sa = summary_of(a, RADIOEMBO_FIGURE_LESION_DOSE, i);
		sb = summary_of(b, RADIOEMBO_FIGURE_LESION_DOSE, i);
		assert_memory_equal(&sa, &sb, sizeof sa);
	}
	for (risk = RADIOEMBO_RISK_LUNG_SESSION_LIMIT; risk <= RADIOEMBO_RISK_TUMOR_UNDER_TARGET;
	     risk++)
		for (i = 0; i < (risk == RADIOEMBO_RISK_TUMOR_UNDER_TARGET ? 3u : 1u); i++) {
			int ra = radioembo_propagation_get_probability(a, risk, i, &pa);
			int rb = radioembo_propagation_get_probability(b, risk, i, &pb);
			assert_int_equal(ra, rb);
			if (ra == RADIOEMBO_OK)
				assert_true(pa == pb);
		}
}

/*
 * The percentiles come from windows of samples around each one: they must be the exact
 * order statistics, the same as those of the reference run that keeps every sample
 * (window_sd < 0), and the same when every window misses and the sampling is repeated
 * (window_sd 0). Sample counts below, at and across the narrowing stages (4096, 8192, ...)
 * and the block size (256); a prior lung dose makes the cumulative lung dose a shifted copy.
 */
static void test_uncertainty_monte_carlo_percentiles_are_exact_order_statistics(void **state)
{
	static const size_t counts[] = { 2, 3, 257, 4096, 50001 };
	static const char *const generators[] = { "gfsr4", "mt19937", "taus2" };
	radioembo_plan *plan = partition_plan_with_prior(7.385);
	radioembo_uncertainty *u;
	radioembo_propagation *windowed, *reference, *fallback;
	size_t i;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.05));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LSF,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.01));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LESION_VOLUME,
						  RADIOEMBO_DISTRIBUTION_UNIFORM, 0.1));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TNR,
						  RADIOEMBO_DISTRIBUTION_LOGNORMAL, 0.2));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LIVER_VOLUME,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.05));
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		assert_ok(radioembo_uncertainty_set_generator(u, generators[i % 3]));
		assert_ok(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, u,
							       2026 + i, counts[i], &windowed));
		assert_ok(radioembo__plan_propagate_monte_carlo_windowed(
			plan, RADIOEMBO_MODEL_PARTITION, u, 2026 + i, counts[i], -1.0, &reference));
		assert_ok(radioembo__plan_propagate_monte_carlo_windowed(
			plan, RADIOEMBO_MODEL_PARTITION, u, 2026 + i, counts[i], 0.0, &fallback));
		assert_same_propagation(windowed, reference);
		assert_same_propagation(fallback, reference);
		radioembo_propagation_free(windowed);
		radioembo_propagation_free(reference);
		radioembo_propagation_free(fallback);
	}
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

/*
 * The same seed gives the same propagation, bit for bit, on 1, 2, 3 and 8 threads: one
 * chunk of samples (257, every thread count but one idle), four chunks of 65536 samples and
 * a partial one (3 threads leave a round short, 8 threads more than the chunks), with the
 * windows kept, narrowed and missed (window_sd 0 repeats the sampling).
 */
static void test_uncertainty_monte_carlo_is_the_same_on_any_thread_count(void **state)
{
	static const size_t counts[] = { 257, 4 * 65536 + 1001 };
	static const size_t threads[] = { 2, 3, 8 };
	static const double window_sd[] = { 6.0, 0.0 };
	radioembo_plan *plan = partition_plan_with_prior(7.385);
	radioembo_uncertainty *u;
	size_t c, t, w, got;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_get_threads(u, &got));
	assert_int_equal(got, 1);
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.05));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LESION_VOLUME,
						  RADIOEMBO_DISTRIBUTION_UNIFORM, 0.1));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TNR,
						  RADIOEMBO_DISTRIBUTION_LOGNORMAL, 0.2));
	for (c = 0; c < sizeof counts / sizeof counts[0]; c++)
		for (w = 0; w < sizeof window_sd / sizeof window_sd[0]; w++) {
			radioembo_propagation *one = NULL;

			assert_ok(radioembo_uncertainty_set_threads(u, 1));
			assert_ok(radioembo__plan_propagate_monte_carlo_windowed(
				plan, RADIOEMBO_MODEL_PARTITION, u, 4172 + c, counts[c],
				window_sd[w], &one));
			for (t = 0; t < sizeof threads / sizeof threads[0]; t++) {
				radioembo_propagation *many = NULL;

				assert_ok(radioembo_uncertainty_set_threads(u, threads[t]));
				assert_ok(radioembo_uncertainty_get_threads(u, &got));
				assert_int_equal(got, threads[t]);
				assert_ok(radioembo__plan_propagate_monte_carlo_windowed(
					plan, RADIOEMBO_MODEL_PARTITION, u, 4172 + c, counts[c],
					window_sd[w], &many));
				assert_same_propagation(one, many);
				radioembo_propagation_free(many);
			}
			radioembo_propagation_free(one);
		}
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

/*
 * Every allocation of a threaded propagation failing in turn, on whichever thread makes it
 * (a percentile window grows on the thread summarizing its figure): ENOMEM on the calling
 * thread with the output untouched, until it succeeds with the figures of one thread.
 */
static void test_uncertainty_monte_carlo_threads_survive_allocation_failures(void **state)
{
	radioembo_plan *plan = partition_plan_with_prior(7.385);
	radioembo_uncertainty *u;
	radioembo_propagation *one = NULL, *p = NULL;
	long n;
	int rc;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.05));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_TNR,
						  RADIOEMBO_DISTRIBUTION_LOGNORMAL, 0.2));
	assert_ok(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, u, 31,
						       2 * 65536 + 513, &one));
	assert_ok(radioembo_uncertainty_set_threads(u, 3));
	for (n = 0;; n++) {
		alloc_failure_countdown = n;
		rc = radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_PARTITION, u, 31,
							  2 * 65536 + 513, &p);
		if (rc == RADIOEMBO_OK)
			break;
		assert_int_equal(rc, RADIOEMBO_ENOMEM);
		assert_null(p);
		assert_non_null(strstr(radioembo_last_error_message(), "memory"));
	}
	alloc_failure_countdown = -1;
	assert_true(n > 10);
	assert_same_propagation(one, p);
	radioembo_propagation_free(p);
	radioembo_propagation_free(one);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

/*
 * The thread count is the spec's: a copy keeps it; it is checked within [1, 1024].
 */
static void test_uncertainty_threads_are_checked_and_copied(void **state)
{
	radioembo_uncertainty *u, *copy;
	size_t got = 7;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_set_threads(u, 1024));
	assert_ok(radioembo_uncertainty_copy(u, &copy));
	assert_ok(radioembo_uncertainty_get_threads(copy, &got));
	assert_int_equal(got, 1024);
	assert_fails(radioembo_uncertainty_set_threads(u, 0), RADIOEMBO_EINVAL,
		     "threads must be within [1, 1024], got 0");
	assert_fails(radioembo_uncertainty_set_threads(u, 1025), RADIOEMBO_EINVAL, "threads");
	assert_fails(radioembo_uncertainty_set_threads(NULL, 2), RADIOEMBO_EINVAL, "uncertainty");
	assert_fails(radioembo_uncertainty_get_threads(NULL, &got), RADIOEMBO_EINVAL,
		     "uncertainty");
	assert_fails(radioembo_uncertainty_get_threads(u, NULL), RADIOEMBO_EINVAL, "threads_out");
	assert_ok(radioembo_uncertainty_get_threads(u, &got));
	assert_int_equal(got, 1024);
	radioembo_uncertainty_free(copy);
	radioembo_uncertainty_free(u);
}

/*
 * The normal draw (a ziggurat on the generator's 32-bit outputs) against the normal
 * distribution on the linear plan, where the lung dose is 13.865 Gy times the activity
 * factor: with a relative sd of 0.3 the lung limit lies 3.88 sd out, beyond the ziggurat's
 * base layer (R = 3.44), so the exceedance probability tests its tail. 10^6 samples:
 * percentiles within 5 standard errors of the normal ones (se of the q-quantile
 * sd sqrt(q (1 - q) / n) / phi(z_q)), the probability within 5 binomial standard errors
 * of the analytic one (the truncation at a factor of 0, 3.33 sd below, moves it by 4e-4
 * of itself).
 */
static void test_uncertainty_monte_carlo_normal_draws_follow_the_normal_law(void **state)
{
	const size_t n = 1000000;
	static const char *const generators[] = { "gfsr4", "mt19937" };
	radioembo_plan *plan = linear_plan();
	radioembo_uncertainty *u;
	radioembo_propagation *p, *analytic;
	struct summary s;
	double sd = 0.3 * LINEAR_LUNG_GY, se_tail = sd * sqrt(0.05 * 0.95 / (double)n) / 0.10313564;
	double se_median = sd * sqrt(0.25 / (double)n) / 0.39894228, expected, sampled;
	size_t g;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.3));
	assert_ok(radioembo_plan_propagate_analytic(plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, u,
						    &analytic));
	assert_ok(radioembo_propagation_get_probability(
		analytic, RADIOEMBO_RISK_LUNG_SESSION_LIMIT, 0, &expected));
	assert_true(expected > 1e-5 && expected < 1e-4);
	for (g = 0; g < 2; g++) {
		assert_ok(radioembo_uncertainty_set_generator(u, generators[g]));
		assert_ok(radioembo_plan_propagate_monte_carlo(
			plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, u, 5 + g, n, &p));
		s = summary_of(p, RADIOEMBO_FIGURE_LUNG_DOSE, 0);
		assert_true(fabs(s.mean - LINEAR_LUNG_GY) < 5 * sd / sqrt((double)n));
		assert_close(s.sd, sd, 5 * sqrt(0.5 / (double)n));
		assert_true(fabs(s.p05 - (LINEAR_LUNG_GY - 1.6448536269514722 * sd)) < 5 * se_tail);
		assert_true(fabs(s.p50 - LINEAR_LUNG_GY) < 5 * se_median);
		assert_true(fabs(s.p95 - (LINEAR_LUNG_GY + 1.6448536269514722 * sd)) < 5 * se_tail);
		assert_ok(radioembo_propagation_get_probability(
			p, RADIOEMBO_RISK_LUNG_SESSION_LIMIT, 0, &sampled));
		assert_true(fabs(sampled - expected) < 5 * sqrt(expected / (double)n));
		radioembo_propagation_free(p);
	}
	radioembo_propagation_free(analytic);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

/* A figure no uncertain input reaches stays exactly at its planned value. */
static void test_uncertainty_monte_carlo_constant_figure_is_exact(void **state)
{
	radioembo_plan *plan = linear_plan();
	radioembo_uncertainty *u;
	radioembo_propagation *p;
	struct summary s;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_LSF,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.02));
	assert_ok(radioembo_plan_propagate_monte_carlo(plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, u,
						       11, 30000, &p));
	s = summary_of(p, RADIOEMBO_FIGURE_DELIVERED_ACTIVITY, 0);
	assert_true(s.planned == 2.35 && s.mean == 2.35 && s.sd == 0.0);
	assert_true(s.p05 == 2.35 && s.p50 == 2.35 && s.p95 == 2.35);
	s = summary_of(p, RADIOEMBO_FIGURE_LUNG_DOSE, 0);
	assert_true(s.sd > 0.0 && s.p05 < s.p50 && s.p50 < s.p95);
	radioembo_propagation_free(p);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

/* The generator: gfsr4 by default, one of three by name, copied, and part of the stream. */
static void test_uncertainty_generator_is_chosen_by_name(void **state)
{
	static const char *const names[] = { "gfsr4", "mt19937", "taus2" };
	radioembo_plan *plan = linear_plan();
	radioembo_uncertainty *u, *copy;
	radioembo_propagation *p;
	double means[3];
	size_t i, j;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	assert_string_equal(radioembo_uncertainty_generator(u), "gfsr4");
	assert_null(radioembo_uncertainty_generator(NULL));
	assert_ok(radioembo_uncertainty_set_input(u, RADIOEMBO_INPUT_ACTIVITY,
						  RADIOEMBO_DISTRIBUTION_NORMAL, 0.05));
	for (i = 0; i < 3; i++) {
		assert_ok(radioembo_uncertainty_set_generator(u, names[i]));
		assert_string_equal(radioembo_uncertainty_generator(u), names[i]);
		assert_ok(radioembo_plan_propagate_monte_carlo(
			plan, RADIOEMBO_MODEL_SINGLE_COMPARTMENT, u, 3, 1000, &p));
		means[i] = summary_of(p, RADIOEMBO_FIGURE_PERFUSED_DOSE, 0).mean;
		radioembo_propagation_free(p);
		for (j = 0; j < i; j++)
			assert_true(means[i] != means[j]);
	}
	assert_ok(radioembo_uncertainty_copy(u, &copy));
	assert_string_equal(radioembo_uncertainty_generator(copy), "taus2");
	assert_fails(radioembo_uncertainty_set_generator(u, "taus"), RADIOEMBO_EINVAL, "name");
	assert_string_equal(radioembo_uncertainty_generator(u), "taus2");
	radioembo_uncertainty_free(copy);
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

/*
 * Three lesions of different densities (two their own, one the liver's) and TNRs in a
 * territory, a residual and a prior lung dose: every term of the engine differs from the
 * others, so a figure computed another way would not round alike.
 */
static radioembo_plan *engine_plan(void)
{
	static const double volumes[] = {84.6, 27.3, 13.15}, densities[] = {1.12, 0.985, NAN};
	static const double tnrs[] = {4.35, 2.7, 6.05};
	radioembo_product *product;
	radioembo_liver *liver;
	radioembo_lung *lung;
	radioembo_plan *plan;
	size_t i, index;

	assert_ok(radioembo_product_new_builtin("TheraSphere", &product));
	assert_ok(radioembo_liver_new(1712.5, 1.047, &liver));
	assert_ok(radioembo_liver_add_territory(liver, "right lobe", 1135.0, NULL));
	for (i = 0; i < 3; i++) {
		radioembo_lesion *lesion;
		assert_ok(radioembo_lesion_new(i == 0	? "A"
					       : i == 1 ? "B"
							: "C",
					       volumes[i], &lesion));
		if (!isnan(densities[i]))
			assert_ok(radioembo_lesion_set_density_g_per_ml(lesion, densities[i]));
		assert_ok(radioembo_lesion_set_tnr(lesion, tnrs[i]));
		assert_ok(radioembo_liver_add_lesion(liver, lesion, &index));
		assert_ok(radioembo_liver_assign_lesion(liver, index, 0));
		radioembo_lesion_free(lesion);
	}
	assert_ok(radioembo_lung_new(&lung));
	assert_ok(radioembo_lung_set_lsf(lung, 0.0815));
	assert_ok(radioembo_lung_add_prior_dose_gy(lung, 7.35));
	assert_ok(radioembo_plan_new(product, liver, lung, &plan));
	assert_ok(radioembo_plan_set_territory(plan, 0));
	assert_ok(radioembo_plan_set_residual_fraction(plan, 0.035));
	radioembo_product_free(product);
	radioembo_liver_free(liver);
	radioembo_lung_free(lung);
	return plan;
}

/* Every summary of a figure is the plan's value, to the bit. */
static void assert_bit_identical(const radioembo_propagation *p, radioembo_figure figure,
				 size_t lesion, double plan_value)
{
	struct summary s = summary_of(p, figure, lesion);
	const double values[] = {s.planned, s.mean, s.p05, s.p50, s.p95};
	size_t i;

	for (i = 0; i < sizeof values / sizeof values[0]; i++)
		assert_memory_equal(&values[i], &plan_value, sizeof plan_value);
	assert_true(s.sd == 0.0);
}

static void assert_propagation_is_the_plan(const radioembo_propagation *p,
					   const radioembo_result *result, radioembo_model model)
{
	double value;
	size_t lesion;

	assert_ok(radioembo_result_get_delivered_activity_gbq(result, model, &value));
	assert_bit_identical(p, RADIOEMBO_FIGURE_DELIVERED_ACTIVITY, 0, value);
	assert_ok(radioembo_result_get_perfused_dose_gy(result, model, &value));
	assert_bit_identical(p, RADIOEMBO_FIGURE_PERFUSED_DOSE, 0, value);
	assert_ok(radioembo_result_get_normal_perfused_dose_gy(result, model, &value));
	assert_bit_identical(p, RADIOEMBO_FIGURE_NORMAL_PERFUSED_DOSE, 0, value);
	assert_ok(radioembo_result_get_normal_liver_dose_gy(result, model, &value));
	assert_bit_identical(p, RADIOEMBO_FIGURE_NORMAL_LIVER_DOSE, 0, value);
	assert_ok(radioembo_result_get_lung_dose_gy(result, model, &value));
	assert_bit_identical(p, RADIOEMBO_FIGURE_LUNG_DOSE, 0, value);
	assert_ok(radioembo_result_get_lung_cumulative_dose_gy(result, model, &value));
	assert_bit_identical(p, RADIOEMBO_FIGURE_LUNG_CUMULATIVE_DOSE, 0, value);
	for (lesion = 0; lesion < 3; lesion++) {
		assert_ok(radioembo_result_get_lesion_dose_gy(result, model, lesion, &value));
		assert_bit_identical(p, RADIOEMBO_FIGURE_LESION_DOSE, lesion, value);
	}
}

static void test_uncertainty_zero_width_propagation_is_the_plan(void **state)
{
	static const radioembo_model models[] = {RADIOEMBO_MODEL_SINGLE_COMPARTMENT,
						 RADIOEMBO_MODEL_PARTITION};
	radioembo_plan *plan = engine_plan();
	radioembo_uncertainty *u;
	size_t prescription, m;
	int input;

	(void)state;
	assert_ok(radioembo_uncertainty_new(&u));
	for (input = 1; input <= RADIOEMBO_INPUT_LUNG_MASS; input++)
		assert_ok(radioembo_uncertainty_set_input(u, (radioembo_uncertain_input)input,
							  RADIOEMBO_DISTRIBUTION_NORMAL, 0.0));
	/* the maximum safe activity puts an organ at its limit; a prescribed dose does not */
	for (prescription = 0; prescription < 2; prescription++) {
		radioembo_result *result;
		double lesion_a, lesion_b;

		if (prescription == 1)
			assert_ok(radioembo_plan_prescribe_perfused_dose_gy(plan, 118.5));
		assert_ok(radioembo_plan_compute(plan, &result));
		/* the case tells the models apart: lesions of their own dose in the partition */
		assert_ok(radioembo_result_get_lesion_dose_gy(result, RADIOEMBO_MODEL_PARTITION, 0,
							      &lesion_a));
		assert_ok(radioembo_result_get_lesion_dose_gy(result, RADIOEMBO_MODEL_PARTITION, 1,
							      &lesion_b));
		assert_true(lesion_a != lesion_b);
		for (m = 0; m < sizeof models / sizeof models[0]; m++) {
			radioembo_propagation *p;

			assert_ok(radioembo_plan_propagate_analytic(plan, models[m], u, &p));
			assert_propagation_is_the_plan(p, result, models[m]);
			radioembo_propagation_free(p);
			assert_ok(radioembo_plan_propagate_monte_carlo(plan, models[m], u, 7193,
								       4099, &p));
			assert_propagation_is_the_plan(p, result, models[m]);
			radioembo_propagation_free(p);
		}
		radioembo_result_free(result);
	}
	radioembo_uncertainty_free(u);
	radioembo_plan_free(plan);
}

/* The spellings of the case file's "uncertainty" section; nothing for a non-value. */
static void test_uncertainty_names_are_the_case_file_vocabulary(void **state)
{
	(void)state;
	assert_string_equal(radioembo_uncertain_input_name(RADIOEMBO_INPUT_ACTIVITY), "activity");
	assert_string_equal(radioembo_uncertain_input_name(RADIOEMBO_INPUT_RESIDUAL_FRACTION),
			    "residual_fraction");
	assert_string_equal(radioembo_uncertain_input_name(RADIOEMBO_INPUT_LUNG_MASS), "lung_mass");
	assert_null(radioembo_uncertain_input_name((radioembo_uncertain_input)0));
	assert_null(radioembo_uncertain_input_name((radioembo_uncertain_input)10));
	assert_string_equal(radioembo_distribution_name(RADIOEMBO_DISTRIBUTION_LOGNORMAL),
			    "lognormal");
	assert_string_equal(radioembo_distribution_name(RADIOEMBO_DISTRIBUTION_UNIFORM), "uniform");
	assert_null(radioembo_distribution_name(RADIOEMBO_DISTRIBUTION_NONE));
	assert_null(radioembo_distribution_name((radioembo_distribution)-1));
	assert_string_equal(radioembo_propagation_method_name(RADIOEMBO_PROPAGATION_MONTE_CARLO),
			    "monte_carlo");
	assert_string_equal(radioembo_propagation_method_name(RADIOEMBO_PROPAGATION_ANALYTIC),
			    "analytic");
	assert_null(radioembo_propagation_method_name((radioembo_propagation_method)3));
	assert_string_equal(radioembo_figure_name(RADIOEMBO_FIGURE_DELIVERED_ACTIVITY),
			    "delivered_activity_gbq");
	assert_string_equal(radioembo_figure_name(RADIOEMBO_FIGURE_LESION_DOSE), "lesion_dose_gy");
	assert_null(radioembo_figure_name((radioembo_figure)0));
	assert_null(radioembo_figure_name((radioembo_figure)8));
	assert_string_equal(radioembo_risk_name(RADIOEMBO_RISK_NORMAL_PERFUSED_LIMIT),
			    "normal_perfused_limit");
	assert_string_equal(radioembo_risk_name(RADIOEMBO_RISK_TUMOR_UNDER_TARGET),
			    "tumor_under_target");
	assert_null(radioembo_risk_name((radioembo_risk)6));
}

/* A method from its name, in any letter case; each error code once. */
static void test_uncertainty_propagation_method_from_name(void **state)
{
	radioembo_propagation_method method = (radioembo_propagation_method)77;
	int i;

	(void)state;
	for (i = 1; radioembo_propagation_method_name((radioembo_propagation_method)i); i++) {
		assert_ok(radioembo_propagation_method_from_name(
			radioembo_propagation_method_name((radioembo_propagation_method)i),
			&method));
		assert_int_equal(method, i);
	}
	assert_int_equal(i, 3);
	assert_ok(radioembo_propagation_method_from_name("Monte_Carlo", &method));
	assert_int_equal(method, RADIOEMBO_PROPAGATION_MONTE_CARLO);
	method = (radioembo_propagation_method)77;
	assert_fails(radioembo_propagation_method_from_name("monte carlo", &method),
		     RADIOEMBO_ENOTFOUND, "monte carlo");
	assert_string_equal(radioembo_last_error_parameter(), "name");
	assert_fails(radioembo_propagation_method_from_name("", &method), RADIOEMBO_ENOTFOUND,
		     "name");
	assert_int_equal(method, 77);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_uncertainty_analytic_activity_only_is_exact),
		TEST(test_uncertainty_analytic_combines_inputs_and_risks),
		TEST(test_uncertainty_monte_carlo_agrees_with_analytic_on_linear_plan),
		TEST(test_uncertainty_monte_carlo_is_reproducible_for_a_seed),
		TEST(test_uncertainty_planned_values_match_the_plan),
		TEST(test_uncertainty_input_settings_round_trip_and_copy),
		TEST(test_uncertainty_rejects_invalid_arguments),
		TEST(test_uncertainty_untreated_lesion_has_no_figures),
		TEST(test_uncertainty_monte_carlo_percentiles_are_exact_order_statistics),
		TEST(test_uncertainty_monte_carlo_is_the_same_on_any_thread_count),
		TEST(test_uncertainty_threads_are_checked_and_copied),
		TEST(test_uncertainty_monte_carlo_threads_survive_allocation_failures),
		TEST(test_uncertainty_monte_carlo_normal_draws_follow_the_normal_law),
		TEST(test_uncertainty_monte_carlo_constant_figure_is_exact),
		TEST(test_uncertainty_generator_is_chosen_by_name),
		TEST(test_uncertainty_zero_width_propagation_is_the_plan),
		TEST(test_uncertainty_names_are_the_case_file_vocabulary),
		TEST(test_uncertainty_propagation_method_from_name),
	};
	return cmocka_run_group_tests_name("uncertainty", tests, NULL, NULL);
}
