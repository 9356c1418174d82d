/*
 * radioembo(1): the bedside calculators, from flags: decay, order, lsf, bsa. Each prints
 * its inputs and results as text or JSON; every formula is the library's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <radioembo.h>

#include "commands.h"
#include "image_voi.h"
#include "options.h"
#include "output.h"
#include "report_walk.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Results of a calculator: named numbers, printed as text lines or one JSON object. */
struct line {
	const char *key;   /* JSON key, units in the name */
	const char *label; /* text label */
	double value;
	const char *unit;
	const char *text;  /* instead of value, when set */
};

/* -0 (a negative zero input, or a product with one) is shown as 0. */
static double shown(double value)
{
	return value == 0.0 ? 0.0 : value;
}

static int emit(const char *command, const struct line *lines, size_t n, int json,
		struct cli_error *err)
{
	char figure[REPORT_FIGURE_SIZE];
	struct output output;
	size_t i;
	int rc;

	if ((rc = output_open(&output, err)))
		return rc;
	if (json) {
		json_t *root = json_object();
		int failed = root == NULL ||
			     json_object_set_new(root, "command", json_string(command)) != 0;
		for (i = 0; i < n && !failed; i++) {
			json_t *value = lines[i].text != NULL ? json_string(lines[i].text)
					: isfinite(lines[i].value)
						? json_real(shown(lines[i].value))
						: json_null();
			failed = json_object_set_new(root, lines[i].key, value) != 0;
		}
		failed = failed || cli_write_json(output.stream, root) != 0;
		json_decref(root);
		if (failed) {
			output_discard(&output);
			return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
		}
	} else {
		for (i = 0; i < n; i++) {
			if (lines[i].text != NULL)
				fprintf(output.stream, "%-28s %s\n", lines[i].label, lines[i].text);
			else if (*lines[i].unit) /* by the report's rule of digits per unit */
				fprintf(output.stream, "%-28s %s %s\n", lines[i].label,
					report_figure(figure, 1, lines[i].value, lines[i].unit),
					lines[i].unit);
			else /* factors and fractions: to six significant digits */
				fprintf(output.stream, "%-28s %.6g\n", lines[i].label,
					shown(lines[i].value));
		}
	}
	rc = output_commit(&output, NULL, err);
	output_discard(&output);
	return rc;
}

static int library_error(struct cli_error *err, int rc, const char *what)
{
	return cli_fail(err, cli_status_from_library(rc), "%s: %s", what,
			radioembo_last_error_message());
}

/* A half-life from --half-life-h, --nuclide or --product (default Y-90). */
static int half_life_from(const char *half_life, const char *nuclide_name,
			  const char *product_name, double *half_life_h, struct cli_error *err)
{
	radioembo_nuclide nuclide = RADIOEMBO_NUCLIDE_Y90;
	radioembo_product *product;
	int rc, given = (half_life != NULL) + (nuclide_name != NULL) + (product_name != NULL);

	if (given > 1)
		return cli_fail(err, CLI_EXIT_USAGE,
				"give at most one of --half-life-h, --nuclide and --product");
	if (half_life != NULL) {
		if (cli_parse_double(half_life, half_life_h) != 0)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--half-life-h \"%s\": expected a finite number", half_life);
		return 0;
	}
	if (product_name != NULL) {
		if ((rc = radioembo_product_new_builtin(product_name, &product)))
			return cli_fail(err, CLI_EXIT_USAGE, "--product \"%s\": unknown product",
					product_name);
		rc = radioembo_product_get_half_life_h(product, half_life_h);
		radioembo_product_free(product);
		return rc ? library_error(err, rc, "--product") : 0;
	}
	if (nuclide_name != NULL &&
	    radioembo_nuclide_from_name(nuclide_name, &nuclide) != RADIOEMBO_OK)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--nuclide \"%s\": unknown nuclide (Y-90 or Ho-166)", nuclide_name);
	rc = radioembo_nuclide_half_life_h(nuclide, half_life_h);
	return rc ? library_error(err, rc, "--nuclide") : 0;
}

static int parse_instant(const char *flag, const char *text, int64_t *seconds,
			 struct cli_error *err)
{
	if (radioembo_time_parse_iso8601(text, seconds) != RADIOEMBO_OK)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s \"%s\": %s", flag, text,
				radioembo_last_error_message());
	return 0;
}

/* ---- decay --------------------------------------------------------------------------- */

enum { D_ACTIVITY, D_ELAPSED, D_FROM, D_TO, D_HALF_LIFE, D_NUCLIDE, D_PRODUCT, D_FORMAT };
static const struct option_spec decay_specs[] = {
	[D_ACTIVITY] = { "activity-gbq", "GBQ", "activity at the start, GBq (required)" },
	[D_ELAPSED] = { "elapsed-h", "H", "hours elapsed (negative: back in time)" },
	[D_FROM] = { "from", "ISO8601", "start instant, with its offset (instead of --elapsed-h)" },
	[D_TO] = { "to", "ISO8601", "end instant, with its offset" },
	[D_HALF_LIFE] = { "half-life-h", "H", "half-life in hours" },
	[D_NUCLIDE] = { "nuclide", "NAME", "Y-90 (default) or Ho-166: its default half-life" },
	[D_PRODUCT] = { "product", "NAME", "a catalogue product: its half-life" },
	[D_FORMAT] = { "format", "text|json", "output format (default text)" },
};

int command_decay(int argc, char **argv, struct cli_error *err)
{
	const char *values[COUNT(decay_specs)], *positional[1];
	double activity, elapsed_h = 0.0, half_life_h, factor, result;
	int64_t from_s, to_s;
	size_t npos;
	int help, json, has_elapsed, rc;

	if ((rc = options_parse(argc, argv, decay_specs, COUNT(decay_specs), values, positional, 0,
				&npos, &help, err)))
		return rc;
	if (help) {
		options_help(stdout, "radioembo decay --activity-gbq GBQ (--elapsed-h H | --from ISO8601 --to ISO8601) [--half-life-h H | --nuclide NAME | --product NAME]",
			     "Decays an activity: A = A0 * 2^(-t / T).", decay_specs,
			     COUNT(decay_specs));
		return CLI_EXIT_OK;
	}
	if ((rc = options_format(values[D_FORMAT], &json, err)) ||
	    (rc = options_number(decay_specs, values, D_ACTIVITY, 1, &activity, NULL, err)) ||
	    (rc = options_number(decay_specs, values, D_ELAPSED, 0, &elapsed_h, &has_elapsed, err)))
		return rc;
	if (has_elapsed == (values[D_FROM] != NULL || values[D_TO] != NULL))
		return cli_fail(err, CLI_EXIT_USAGE, "give either --elapsed-h or both --from and --to");
	if (!has_elapsed) {
		if (values[D_FROM] == NULL || values[D_TO] == NULL)
			return cli_fail(err, CLI_EXIT_USAGE, "--from and --to go together");
		if ((rc = parse_instant("from", values[D_FROM], &from_s, err)) ||
		    (rc = parse_instant("to", values[D_TO], &to_s, err)))
			return rc;
		elapsed_h = ((double)to_s - (double)from_s) / 3600.0;
	}
	if ((rc = half_life_from(values[D_HALF_LIFE], values[D_NUCLIDE], values[D_PRODUCT],
				 &half_life_h, err)))
		return rc;
	if ((rc = radioembo_decay_factor(half_life_h, elapsed_h, &factor)) ||
	    (rc = radioembo_decay_activity_gbq(activity, half_life_h, elapsed_h, &result)))
		return options_library_error(decay_specs, COUNT(decay_specs), rc, err);
	{
		const struct line lines[] = {
			{ "activity_gbq", "activity at start", activity, "GBq", NULL },
			{ "elapsed_h", "elapsed", elapsed_h, "h", NULL },
			{ "half_life_h", "half-life", half_life_h, "h", NULL },
			{ "decay_factor", "decay factor", factor, "", NULL },
			{ "decayed_activity_gbq", "activity at end", result, "GBq", NULL },
		};
		return emit("decay", lines, COUNT(lines), json, err);
	}
}

/* ---- order --------------------------------------------------------------------------- */

enum { O_PRODUCT, O_REQUIRED, O_TREATMENT, O_CALIBRATION, O_FORMAT };
static const struct option_spec order_specs[] = {
	[O_PRODUCT] = { "product", "NAME", "catalogue product (required)" },
	[O_REQUIRED] = { "required-gbq", "GBQ", "activity needed at treatment, GBq (required)" },
	[O_TREATMENT] = { "treatment", "ISO8601", "treatment instant, with offset (required)" },
	[O_CALIBRATION] = { "calibration", "ISO8601", "vial calibration instant (required)" },
	[O_FORMAT] = { "format", "text|json", "output format (default text)" },
};

int command_order(int argc, char **argv, struct cli_error *err)
{
	const char *values[COUNT(order_specs)], *positional[1];
	radioembo_product *product = NULL;
	double required, half_life_h = NAN, calibration_gbq, vial_gbq, elapsed_h;
	double start_h = NAN, end_h = NAN;
	char warning[160];
	int64_t treatment_s, calibration_s;
	size_t npos;
	int help, json, rc;

	if ((rc = options_parse(argc, argv, order_specs, COUNT(order_specs), values, positional, 0,
				&npos, &help, err)))
		return rc;
	if (help) {
		options_help(stdout, "radioembo order --product NAME --required-gbq GBQ --treatment ISO8601 --calibration ISO8601",
			     "The activity to order at calibration, A_cal = A * 2^(dt / T), and the "
			     "smallest vial of the\nproduct that covers it.",
			     order_specs, COUNT(order_specs));
		return CLI_EXIT_OK;
	}
	if ((rc = options_format(values[O_FORMAT], &json, err)) ||
	    (rc = options_number(order_specs, values, O_REQUIRED, 1, &required, NULL, err)))
		return rc;
	if (values[O_PRODUCT] == NULL || values[O_TREATMENT] == NULL ||
	    values[O_CALIBRATION] == NULL)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--product, --treatment and --calibration are required");
	if ((rc = parse_instant("treatment", values[O_TREATMENT], &treatment_s, err)) ||
	    (rc = parse_instant("calibration", values[O_CALIBRATION], &calibration_s, err)))
		return rc;
	if (radioembo_product_new_builtin(values[O_PRODUCT], &product) != RADIOEMBO_OK)
		return cli_fail(err, CLI_EXIT_USAGE, "--product \"%s\": unknown product",
				values[O_PRODUCT]);
	radioembo_product_get_half_life_h(product, &half_life_h);
	radioembo_product_get_use_window_start_h(product, &start_h);
	radioembo_product_get_use_window_end_h(product, &end_h);
	rc = radioembo_vial_order_gbq(product, required, treatment_s, calibration_s,
				      &calibration_gbq, &vial_gbq);
	radioembo_product_free(product);
	if (rc)
		return options_library_error(order_specs, COUNT(order_specs), rc, err);
	/* the warning the plan gives (its diagnostic outside_use_window), in the same words */
	elapsed_h = ((double)treatment_s - (double)calibration_s) / 3600.0;
	snprintf(warning, sizeof warning,
		 "treatment %.1f h after calibration is outside the product's use window "
		 "(%g to %g h)",
		 elapsed_h, start_h, end_h);
	{
		const struct line lines[] = {
			{ "product", "product", 0, "", values[O_PRODUCT] },
			{ "required_gbq", "needed at treatment", required, "GBq", NULL },
			{ "elapsed_h", "calibration to treatment", elapsed_h, "h", NULL },
			{ "half_life_h", "half-life", half_life_h, "h", NULL },
			{ "calibration_activity_gbq", "needed at calibration", calibration_gbq,
			  "GBq", NULL },
			{ "vial_gbq", "vial to order", vial_gbq, "GBq", NULL },
			{ "warning", "warning", 0, "", warning },
		};
		int outside = (!isnan(start_h) && elapsed_h < start_h) ||
			      (!isnan(end_h) && elapsed_h > end_h);
		return emit("order", lines, COUNT(lines) - !outside, json, err);
	}
}

/* ---- lsf ----------------------------------------------------------------------------- */

enum {
	L_LUNG_ANT, L_LUNG_POST, L_LIVER_ANT, L_LIVER_POST, L_FORMAT, L_COUNTS, L_VOI_LABELS,
	L_LUNG_LABELS, L_LIVER_LABELS
};
static const struct option_spec lsf_specs[] = {
	[L_LUNG_ANT] = { "lung-anterior", "COUNTS", "lung counts, anterior view (planar)" },
	[L_LUNG_POST] = { "lung-posterior", "COUNTS", "lung counts, posterior view (planar)" },
	[L_LIVER_ANT] = { "liver-anterior", "COUNTS", "liver counts, anterior view (planar)" },
	[L_LIVER_POST] = { "liver-posterior", "COUNTS", "liver counts, posterior view (planar)" },
	[L_FORMAT] = { "format", "text|json", "output format (default text)" },
	[L_COUNTS] = { "counts", "IMAGE", "SPECT counts (SPECT/CT: with the three below)" },
	[L_VOI_LABELS] = { "voi-labels", "IMAGE", "label map of the volumes of interest" },
	[L_LUNG_LABELS] = { "lung-labels", "L,...", "labels of the lung VOI" },
	[L_LIVER_LABELS] = { "liver-labels", "L,...", "labels of the liver VOI" },
};

/* The SPECT/CT method's known bias, printed with its result (radioembo(1) lsf). */
static const char VOI_BIAS[] =
	"high if the lung VOI reaches the diaphragm (breathing misregistration) or scatter "
	"spills into the lungs; low if lung lies outside the field of view; lower than planar";

int command_lsf(int argc, char **argv, struct cli_error *err)
{
	const char *values[COUNT(lsf_specs)], *positional[1];
	double counts[4], lsf, reduction;
	size_t npos, i;
	int help, json, rc, voi;

	if ((rc = options_parse(argc, argv, lsf_specs, COUNT(lsf_specs), values, positional, 0,
				&npos, &help, err)))
		return rc;
	if (help) {
		options_help(stdout, "radioembo lsf (--lung-anterior N --lung-posterior N --liver-anterior N --liver-posterior N | --counts IMAGE --voi-labels IMAGE --lung-labels L,... --liver-labels L,...)",
			     "Lung shunt fraction from planar MAA counts, with geometric means:\n"
			     "LSF = GM_lung / (GM_lung + GM_liver), GM = sqrt(anterior * posterior);\n"
			     "or from SPECT/CT: LSF = C_lung / (C_lung + C_liver) over two VOIs.",
			     lsf_specs, COUNT(lsf_specs));
		return CLI_EXIT_OK;
	}
	if ((rc = options_format(values[L_FORMAT], &json, err)))
		return rc;
	voi = values[L_COUNTS] != NULL || values[L_VOI_LABELS] != NULL ||
	      values[L_LUNG_LABELS] != NULL || values[L_LIVER_LABELS] != NULL;
	if (voi) {
		for (i = L_LUNG_ANT; i <= L_LIVER_POST; i++)
			if (values[i] != NULL)
				return cli_fail(err, CLI_EXIT_USAGE,
						"give planar counts or SPECT/CT volumes of interest, "
						"not both");
		for (i = L_COUNTS; i <= L_LIVER_LABELS; i++)
			if (values[i] == NULL)
				return cli_fail(err, CLI_EXIT_USAGE,
						"--%s is required with SPECT/CT volumes of interest",
						lsf_specs[i].name);
		if ((rc = image_lsf_from_vois(values[L_COUNTS], values[L_VOI_LABELS],
					      values[L_LUNG_LABELS], values[L_LIVER_LABELS], &lsf,
					      err)))
			return rc;
	} else {
		for (i = 0; i < 4; i++)
			if ((rc = options_number(lsf_specs, values, i, 1, &counts[i], NULL, err)))
				return rc;
		if ((rc = radioembo_lsf_from_counts(counts[0], counts[1], counts[2], counts[3],
						    &lsf)))
			return options_library_error(lsf_specs, COUNT(lsf_specs), rc, err);
	}
	if ((rc = radioembo_bsa_lsf_reduction(lsf, &reduction)))
		return options_library_error(lsf_specs, COUNT(lsf_specs), rc, err);
	{
		const struct line lines[] = {
			{ "lsf", "lung shunt fraction", lsf, "", NULL },
			{ "lsf_percent", "lung shunt fraction", 100.0 * lsf, "%", NULL },
			{ "bsa_lsf_reduction", "resin BSA reduction factor", reduction, "", NULL },
			{ "method", "method", 0.0, "",
			  voi ? "SPECT/CT volumes of interest" : "planar geometric means" },
			{ "known_bias", "known bias", 0.0, "",
			  voi ? VOI_BIAS : "overestimates the shunt compared with SPECT/CT" },
		};
		return emit("lsf", lines, COUNT(lines), json, err);
	}
}

/* ---- bsa ----------------------------------------------------------------------------- */

enum { B_HEIGHT, B_WEIGHT, B_LIVER, B_TUMOR, B_TREATED, B_LSF, B_FORMAT };
static const struct option_spec bsa_specs[] = {
	[B_HEIGHT] = { "height-cm", "CM", "patient height, cm (required)" },
	[B_WEIGHT] = { "weight-kg", "KG", "patient weight, kg (required)" },
	[B_LIVER] = { "liver-volume-ml", "ML", "whole liver with tumour, mL (for the activity)" },
	[B_TUMOR] = { "tumor-volume-ml", "ML", "tumour volume, mL (default 0)" },
	[B_TREATED] = { "treated-fraction", "F", "treated share of the liver, 0..1 (default 1)" },
	[B_LSF] = { "lsf", "F", "lung shunt fraction, 0..1 (default 0)" },
	[B_FORMAT] = { "format", "text|json", "output format (default text)" },
};

int command_bsa(int argc, char **argv, struct cli_error *err)
{
	const char *values[COUNT(bsa_specs)], *positional[1];
	double height, weight, liver = NAN, tumor = 0.0, treated = 1.0, lsf = 0.0;
	double bsa, activity = NAN, reduction = NAN;
	int help, json, has_liver, rc;
	size_t npos;

	if ((rc = options_parse(argc, argv, bsa_specs, COUNT(bsa_specs), values, positional, 0,
				&npos, &help, err)))
		return rc;
	if (help) {
		options_help(stdout, "radioembo bsa --height-cm CM --weight-kg KG [--liver-volume-ml ML [--tumor-volume-ml ML] [--treated-fraction F] [--lsf F]]",
			     "DuBois body surface area, and with a liver volume the resin BSA-method\n"
			     "activity: A = (BSA - 0.2 + tumour / liver) * treated fraction * LSF "
			     "reduction.",
			     bsa_specs, COUNT(bsa_specs));
		return CLI_EXIT_OK;
	}
	if ((rc = options_format(values[B_FORMAT], &json, err)) ||
	    (rc = options_number(bsa_specs, values, B_HEIGHT, 1, &height, NULL, err)) ||
	    (rc = options_number(bsa_specs, values, B_WEIGHT, 1, &weight, NULL, err)) ||
	    (rc = options_number(bsa_specs, values, B_LIVER, 0, &liver, &has_liver, err)) ||
	    (rc = options_number(bsa_specs, values, B_TUMOR, 0, &tumor, NULL, err)) ||
	    (rc = options_number(bsa_specs, values, B_TREATED, 0, &treated, NULL, err)) ||
	    (rc = options_number(bsa_specs, values, B_LSF, 0, &lsf, NULL, err)))
		return rc;
	if (!has_liver && (values[B_TUMOR] || values[B_TREATED] || values[B_LSF]))
		return cli_fail(err, CLI_EXIT_USAGE,
				"--tumor-volume-ml, --treated-fraction and --lsf need --liver-volume-ml");
	if ((rc = radioembo_bsa_dubois_m2(height, weight, &bsa)))
		return options_library_error(bsa_specs, COUNT(bsa_specs), rc, err);
	if (has_liver &&
	    ((rc = radioembo_bsa_lsf_reduction(lsf, &reduction)) ||
	     (rc = radioembo_bsa_activity_gbq(bsa, tumor, liver, treated, lsf, &activity))))
		return options_library_error(bsa_specs, COUNT(bsa_specs), rc, err);
	{
		/* no activity above 20 % LSF: resin treatment is contraindicated */
		int contraindicated = has_liver && reduction == 0.0;
		const struct line lines[] = {
			{ "bsa_m2", "body surface area (DuBois)", bsa, "m2", NULL },
			{ "lsf_reduction", "LSF reduction factor", reduction, "", NULL },
			{ "activity_gbq", "BSA-method activity", activity, "GBq", NULL },
			{ "contraindication", "contraindication", 0, "",
			  "contraindicated: LSF above 20 % (radioembo-sources(7) BSA)" },
		};
		rc = emit("bsa", lines, has_liver ? COUNT(lines) - !contraindicated : 1, json, err);
		return rc == 0 && contraindicated ? CLI_EXIT_VIOLATION : rc;
	}
}
