/*
 * The case file and the report through the shared library and the public header only:
 * every example with an expected report gives that report (the same text, numbers within
 * the tolerance of tests/cli/compare_json.py, the library's version aside), a failure names
 * its key, and every error code of radioembo_case(3) is provoked.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define TOP GOLDEN_DIR "/../.."

/* A small case: a lobar glass plan with one lesion and an uncertainty section. */
static const char small_case[] =
	"{\"schema_version\": 1, \"id\": \"small-7\", \"description\": \"two keys, read back\","
	" \"product\": \"TheraSphere\","
	" \"liver\": {\"volume_ml\": 1683.4, \"density_g_per_ml\": 1.05},"
	" \"lesions\": [{\"label\": \"HCC-1\", \"volume_ml\": 112.6, \"tnr\": 3.719}],"
	" \"lungs\": {\"lsf\": 0.0735},"
	" \"uncertainty\": {\"inputs\": {\"activity\": {\"distribution\": \"normal\","
	" \"spread\": 0.05}}}}";

static char *read_text(const char *path)
{
	FILE *file = fopen(path, "rb");
	char *text;
	long size;

	assert_non_null(file);
	assert_int_equal(fseek(file, 0, SEEK_END), 0);
	size = ftell(file);
	assert_true(size > 0);
	rewind(file);
	text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, file), (size_t)size);
	text[size] = '\0';
	fclose(file);
	return text;
}

/* The expected report with its "library_version" made the running library's. */
static char *expected_report(const char *name)
{
	char path[512], *golden, *start, *end, *text;
	const char *key = "\"library_version\": \"", *version = radioembo_version_string();

	snprintf(path, sizeof path, TOP "/tests/cli/expected/%s", name);
	golden = read_text(path);
	start = strstr(golden, key);
	assert_non_null(start);
	start += strlen(key);
	end = strchr(start, '"');
	assert_non_null(end);
	text = malloc(strlen(golden) + strlen(version) + 1);
	assert_non_null(text);
	memcpy(text, golden, (size_t)(start - golden));
	strcpy(text + (start - golden), version);
	strcat(text, end);
	free(golden);
	return text;
}

/*
 * actual is expected, character for character outside numbers (keys, order, strings,
 * layout); numbers agree within 1e-9 relative plus 1e-12 absolute, the tolerance the CLI's
 * golden reports are held to (the last digits may move when a formula is rewritten).
 */
static void assert_same_report(const char *actual, const char *expected, const char *name)
{
	const char *a = actual, *e = expected;
	char *a_end, *e_end;

	while (*e != '\0' || *a != '\0') {
		if (*e == '"') {
			/* a string, escapes included, byte for byte */
			do {
				if (*e == '\\') {
					if (*a != *e)
						break;
					a++, e++;
				}
				if (*a != *e)
					break;
				a++, e++;
			} while (*e != '"' && *e != '\0');
		} else if (*e == '-' || isdigit((unsigned char)*e)) {
			double x = strtod(a, &a_end), y = strtod(e, &e_end);
			if (a_end == a || fabs(x - y) > 1e-9 * fmax(fabs(x), fabs(y)) + 1e-12)
				fail_msg("%s: at byte %ld, got %.17g, expected %.17g", name,
					 (long)(e - expected), x, y);
			a = a_end;
			e = e_end;
			continue;
		}
		if (*a != *e)
			fail_msg("%s: at byte %ld, got '%.20s', expected '%.20s'", name,
				 (long)(e - expected), a, e);
		a++, e++;
	}
}

static void test_api_case_reports_equal_the_expected_reports(void **state)
{
	static const char *const names[] = {
		"glass-lobar-two-lesions.json",	  "glass-lobar-uncertainty.json",
		"glass-second-session-lung.json", "glass-segmentectomy.json",
		"ho166-whole-liver.json",	  "resin-bsa-lobar-offset-term.json",
		"resin-bsa-lsf12.json",		  "resin-partition-monte-carlo.json",
		"resin-partition.json",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		radioembo_case *c = NULL;
		radioembo_report *report = NULL;
		char path[512], *expected = expected_report(names[i]);
		int violation = -1;
		snprintf(path, sizeof path, TOP "/examples/%s", names[i]);
		assert_ok(radioembo_case_new_from_file(path, &c));
		assert_ok(radioembo_case_compute(c, &report));
		/* the report stands alone: the case may go first */
		radioembo_case_free(c);
		assert_same_report(radioembo_report_json(report), expected, names[i]);
		assert_ok(radioembo_report_has_violation(report, &violation));
		assert_int_equal(violation, strstr(expected, "\"exit_status\": 1") != NULL);
		assert_non_null(radioembo_report_result(report));
		radioembo_report_free(report);
		free(expected);
	}
}

/*
 * A case's product overrides and unsets replace catalogue values, so the plan's product no
 * longer cites the catalogue for them; every other value keeps its citation.
 */
static void test_api_case_overrides_drop_their_sources(void **state)
{
	static const char text[] =
		"{\"schema_version\": 1, \"id\": \"overrides-3\","
		" \"product\": {\"name\": \"TheraSphere\","
		" \"overrides\": {\"lung_dose_limit_session_gy\": 27.5},"
		" \"unset\": [\"lung_activity_limit_gbq\"]},"
		" \"liver\": {\"volume_ml\": 1683.4, \"density_g_per_ml\": 1.05},"
		" \"lesions\": [{\"label\": \"HCC-1\", \"volume_ml\": 112.6, \"tnr\": 3.719}],"
		" \"lungs\": {\"lsf\": 0.0735}}";
	radioembo_case *c = NULL;
	const radioembo_product *product;
	const char *source;

	(void)state;
	assert_ok(radioembo_case_new_from_json(text, sizeof text - 1, &c));
	product = radioembo_plan_product(radioembo_case_plan(c));
	assert_non_null(product);
	assert_null(radioembo_product_field_source(
		product, RADIOEMBO_PRODUCT_FIELD_LUNG_DOSE_LIMIT_SESSION_GY));
	assert_null(radioembo_product_field_source(
		product, RADIOEMBO_PRODUCT_FIELD_LUNG_ACTIVITY_LIMIT_GBQ));
	source = radioembo_product_field_source(product, RADIOEMBO_PRODUCT_FIELD_HALF_LIFE_H);
	assert_non_null(source);
	assert_string_equal(source,
			    "radioembo-sources(7) PHYSICAL: TheraSphere package insert v12 [V]");
	assert_non_null(radioembo_product_identity_source(product));
	assert_non_null(radioembo_product_vial_sizes_source(product));
	radioembo_case_free(c);
}

static void test_api_case_reads_identity_and_settings(void **state)
{
	radioembo_case *c = NULL;
	radioembo_report *report = NULL;
	radioembo_propagation_method method = RADIOEMBO_PROPAGATION_ANALYTIC;
	size_t samples = 0;
	uint64_t seed = 0;

	(void)state;
	/* the text need not end with a NUL: a length one short drops the final brace */
	assert_fails(radioembo_case_new_from_json(small_case, sizeof small_case - 2, &c),
		     RADIOEMBO_EINVAL, "malformed JSON");
	assert_ok(radioembo_case_new_from_json(small_case, sizeof small_case - 1, &c));
	assert_string_equal(radioembo_case_id(c), "small-7");
	assert_string_equal(radioembo_case_description(c), "two keys, read back");
	assert_non_null(radioembo_case_plan(c));
	assert_non_null(radioembo_case_uncertainty(c));
	/* radioembo-case(5): no method, 10000 samples and seed 1 unless the case says */
	assert_ok(radioembo_case_get_propagation_method(c, &method));
	assert_int_equal(method, 0);
	assert_ok(radioembo_case_get_samples(c, &samples));
	assert_int_equal(samples, 10000);
	assert_ok(radioembo_case_get_seed(c, &seed));
	assert_int_equal(seed, 1);
	assert_ok(radioembo_case_set_propagation_method(c, RADIOEMBO_PROPAGATION_MONTE_CARLO));
	assert_ok(radioembo_case_set_samples(c, 2385));
	assert_ok(radioembo_case_set_seed(c, 9007199254740991u));
	assert_ok(radioembo_case_set_generator(c, "taus2"));
	assert_ok(radioembo_case_get_samples(c, &samples));
	assert_int_equal(samples, 2385);
	assert_ok(radioembo_case_get_seed(c, &seed));
	assert_true(seed == 9007199254740991u);
	assert_ok(radioembo_case_compute(c, &report));
	/* the thread count changes no figure of the report */
	{
		radioembo_report *threaded = NULL;

		assert_ok(radioembo_case_set_threads(c, 3));
		assert_ok(radioembo_case_compute(c, &threaded));
		assert_string_equal(radioembo_report_json(report), radioembo_report_json(threaded));
		radioembo_report_free(threaded);
	}
	assert_non_null(strstr(radioembo_report_json(report), "\"samples\": 2385,"));
	assert_non_null(strstr(radioembo_report_json(report), "\"seed\": 9007199254740991,"));
	assert_non_null(strstr(radioembo_report_json(report), "\"generator\": \"taus2\""));
	radioembo_report_free(report);
	radioembo_case_free(c);
	/* NULL is accepted by the free functions and gives NULL from the borrowed getters */
	radioembo_case_free(NULL);
	radioembo_report_free(NULL);
	assert_null(radioembo_case_id(NULL));
	assert_null(radioembo_case_description(NULL));
	assert_null(radioembo_case_plan(NULL));
	assert_null(radioembo_case_uncertainty(NULL));
	assert_null(radioembo_report_json(NULL));
	assert_null(radioembo_report_result(NULL));
}

/* A case with one key replaced: fails with status, naming key, blaming parameter "text". */
static void fails_at(const char *text, int status, const char *key)
{
	radioembo_case *c = NULL;

	assert_int_equal(radioembo_case_new_from_json(text, strlen(text), &c), status);
	assert_null(c);
	assert_string_equal(radioembo_case_error_key(), key);
	assert_string_equal(radioembo_last_error_parameter(), "text");
	/* the message starts with the key, as radioembo(1) prints it */
	assert_int_equal(strncmp(radioembo_last_error_message(), key, strlen(key)), 0);
}

#define CASE_WITH(liver, lungs, extra)                                                             \
	"{\"schema_version\": 1, \"product\": \"TheraSphere\", \"liver\": " liver                  \
	", \"lesions\": [{\"label\": \"HCC-1\", \"volume_ml\": 112.6, \"tnr\": 3.719}],"           \
	" \"lungs\": " lungs extra "}"
#define LIVER "{\"volume_ml\": 1683.4, \"density_g_per_ml\": 1.05}"
#define LUNGS "{\"lsf\": 0.0735}"

static void test_api_case_failures_name_the_key(void **state)
{
	(void)state;
	fails_at(CASE_WITH("{\"volume_ml\": 1683.4, \"density_g_per_ml\": 1050}", LUNGS, ""),
		 RADIOEMBO_EINVAL, "liver.density_g_per_ml");
	fails_at(CASE_WITH("{\"volume_ml\": -1683.4, \"density_g_per_ml\": 1.05}", LUNGS, ""),
		 RADIOEMBO_EINVAL, "liver.volume_ml");
	fails_at(CASE_WITH(LIVER,
			   "{\"lsf\": 0.0735, \"volume_ml\": 998.2, \"density_g_per_ml\": 0}", ""),
		 RADIOEMBO_EINVAL, "lungs.density_g_per_ml");
	fails_at(CASE_WITH(LIVER, LUNGS,
			   ", \"patient\": {\"height_cm\": 172.5, \"weight_kg\": -71.3}"),
		 RADIOEMBO_EINVAL, "patient.weight_kg");
	fails_at(CASE_WITH(LIVER, LUNGS, ", \"residual_fraction\": 1.5"), RADIOEMBO_EINVAL,
		 "residual_fraction");
	fails_at(CASE_WITH(LIVER, LUNGS, ", \"tratment\": 1"), RADIOEMBO_EINVAL, "tratment");
	fails_at("{\"schema_version\": 1, \"product\": \"TheraSpheres\"}", RADIOEMBO_ENOTFOUND,
		 "product");
	fails_at("[1, 2]", RADIOEMBO_EINVAL, "(the case)");
}

/* One read reports every error, in file order, each with its key path. */
static void test_api_case_reports_every_error(void **state)
{
	static const char *const keys[] = { "colour", "liver.density_g_per_ml", "lungs.lsf",
					    "lungs.mass_kg", "lungs.prior_doses_gy[1]" };
	const char *text = "{\"schema_version\": 1, \"colour\": 3, \"product\": \"TheraSphere\","
			   " \"liver\": {\"volume_ml\": 1683.4, \"density_g_per_ml\": null},"
			   " \"lungs\": {\"lsf\": 1.5, \"mass_kg\": 100,"
			   " \"prior_doses_gy\": [12.5, -3]}}";
	radioembo_case *c = NULL;
	size_t i, count = 99;

	(void)state;
	assert_int_equal(radioembo_case_new_from_json(text, strlen(text), &c), RADIOEMBO_EINVAL);
	assert_ok(radioembo_case_error_count(&count));
	assert_int_equal(count, 5);
	for (i = 0; i < count; i++)
		assert_string_equal(radioembo_case_error_key_at(i), keys[i]);
	assert_null(radioembo_case_error_key_at(count));
	assert_null(radioembo_case_error_message_at(count));
	/* the first error is the call's */
	assert_string_equal(radioembo_case_error_key(), "colour");
	assert_non_null(strstr(radioembo_last_error_message(), "colour: unknown key"));
	assert_string_equal(
		radioembo_case_error_message_at(1),
		"liver.density_g_per_ml: null is not allowed here (a value is required)");
	assert_string_equal(radioembo_case_error_message_at(3),
			    "lungs.mass_kg = 100: mass_kg must be within [0.05, 10] kg (a sanity "
			    "bound of human lungs), got 100");

	/* a byte-order mark before the JSON is skipped; a NULL argument is no file error */
	assert_ok(radioembo_case_new_from_json("\xEF\xBB\xBF" CASE_WITH(LIVER, LUNGS, ""),
					       (size_t)-1, &c));
	radioembo_case_free(c);
	assert_fails(radioembo_case_new_from_json(NULL, 4, &c), RADIOEMBO_EINVAL, "text");
	assert_ok(radioembo_case_error_count(&count));
	assert_int_equal(count, 0);
	assert_null(radioembo_case_error_message_at(0));
}

/* before, then n zeros separated by commas, then after. */
static char *case_with_zeros(const char *before, size_t n, const char *after)
{
	size_t size = strlen(before) + 2 * n + strlen(after) + 1, i;
	char *text = malloc(size), *p;

	assert_non_null(text);
	p = text + sprintf(text, "%s", before);
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s0", i ? "," : "");
	strcpy(p, after);
	return text;
}

/*
 * The documented limits (radioembo-case(5), LIMITS): 100,000 lesions, 10,000 territories,
 * 100,000 prior lung doses, 64 MiB of text. One element past a limit is refused by its
 * count, before any element is read (zeros, not objects: the element's own error shows
 * that a count at the limit is read on).
 */
static void test_api_case_size_limits(void **state)
{
	static const char head[] = "{\"schema_version\": 1, \"product\": \"TheraSphere\", "
				   "\"liver\": " LIVER ", ";
	radioembo_case *c = NULL;
	char *text;
	size_t big = ((size_t)64 << 20) + 1;

	(void)state;
	{
		char before[256];
		snprintf(before, sizeof before, "%s\"lesions\": [", head);
		text = case_with_zeros(before, 100001, "], \"lungs\": " LUNGS "}");
		fails_at(text, RADIOEMBO_EINVAL, "lesions");
		assert_non_null(strstr(radioembo_last_error_message(),
				       "100001 lesions, more than the limit of 100000"));
		free(text);
		text = case_with_zeros(before, 100000, "], \"lungs\": " LUNGS "}");
		fails_at(text, RADIOEMBO_EINVAL, "lesions[0]");
		free(text);
		snprintf(before, sizeof before, "%s\"territories\": [", head);
		text = case_with_zeros(before, 10001, "], \"lungs\": " LUNGS "}");
		fails_at(text, RADIOEMBO_EINVAL, "territories");
		assert_non_null(
			strstr(radioembo_last_error_message(), "more than the limit of 10000"));
		free(text);
		text = case_with_zeros(before, 10000, "], \"lungs\": " LUNGS "}");
		fails_at(text, RADIOEMBO_EINVAL, "territories[0]");
		free(text);
		snprintf(before, sizeof before,
			 "%s\"lungs\": {\"lsf\": 0.0735, \"prior_doses_gy\": [", head);
		text = case_with_zeros(before, 100001, "]}}");
		fails_at(text, RADIOEMBO_EINVAL, "lungs.prior_doses_gy");
		assert_non_null(strstr(radioembo_last_error_message(),
				       "100001 prior doses, more than the limit of 100000"));
		free(text);
	}
	/* text past 64 MiB is refused before it is parsed (spaces: valid JSON whitespace) */
	text = malloc(big);
	assert_non_null(text);
	memset(text, ' ', big);
	assert_fails(radioembo_case_new_from_json(text, big, &c), RADIOEMBO_EINVAL,
		     "more than the limit of 67108864");
	assert_string_equal(radioembo_last_error_parameter(), "length");
	assert_null(c);
	free(text);
}

/*
 * The people of the signed report: patient.id and patient.name (without a size, which
 * only the BSA method needs) and sign_off come back in the report's "case" object, an
 * absent signer as null; a wrong type or an unknown signer names the key.
 */
static void test_api_case_reads_the_people_who_sign(void **state)
{
	static const char named[] = CASE_WITH(
		LIVER, LUNGS,
		", \"patient\": {\"id\": \"MRN-0042-7731\", \"name\": \"A. Patient\"},"
		" \"sign_off\": {\"planned_by\": \"B. Physicist\", \"approved_by\": \"C. Chief\"}");
	static const char *const shown[] = {
		"\"height_cm\": null",	    "\"id\": \"MRN-0042-7731\"",
		"\"name\": \"A. Patient\"", "\"planned_by\": \"B. Physicist\"",
		"\"checked_by\": null",	    "\"approved_by\": \"C. Chief\"",
	};
	radioembo_case *c = NULL;
	radioembo_report *report = NULL;
	size_t i;

	(void)state;
	assert_ok(radioembo_case_new_from_json(named, sizeof named - 1, &c));
	assert_ok(radioembo_case_compute(c, &report));
	radioembo_case_free(c);
	for (i = 0; i < sizeof shown / sizeof shown[0]; i++)
		if (strstr(radioembo_report_json(report), shown[i]) == NULL)
			fail_msg("the report lacks %s", shown[i]);
	radioembo_report_free(report);
	fails_at(CASE_WITH(LIVER, LUNGS, ", \"patient\": {\"id\": 42}"), RADIOEMBO_EINVAL,
		 "patient.id");
	fails_at(CASE_WITH(LIVER, LUNGS, ", \"patient\": {\"name\": \"A\", \"height_cm\": 172.5}"),
		 RADIOEMBO_EINVAL, "patient.weight_kg");
	fails_at(CASE_WITH(LIVER, LUNGS, ", \"sign_off\": {\"reviewed_by\": \"D\"}"),
		 RADIOEMBO_EINVAL, "sign_off.reviewed_by");
	fails_at(CASE_WITH(LIVER, LUNGS, ", \"sign_off\": {\"checked_by\": [\"D\"]}"),
		 RADIOEMBO_EINVAL, "sign_off.checked_by");
	fails_at(CASE_WITH(LIVER, LUNGS, ", \"sign_off\": \"B. Physicist\""), RADIOEMBO_EINVAL,
		 "sign_off");
}

static void test_api_case_every_error_code(void **state)
{
	radioembo_case *c = NULL, *bare = NULL;
	radioembo_report *report = NULL;
	radioembo_propagation_method method;
	size_t samples;
	uint64_t seed;
	int violation;

	(void)state;
	assert_fails(radioembo_case_new_from_json(NULL, 4, &c), RADIOEMBO_EINVAL, "text");
	assert_fails(radioembo_case_new_from_json("{}", 2, NULL), RADIOEMBO_EINVAL, "case_out");
	assert_fails(radioembo_case_error_count(NULL), RADIOEMBO_EINVAL, "count_out");
	assert_fails(radioembo_case_new_from_json("{\"schema", 9, &c), RADIOEMBO_EINVAL,
		     "malformed JSON");
	assert_string_equal(radioembo_case_error_key(), "");
	assert_fails(radioembo_case_new_from_file(NULL, &c), RADIOEMBO_EINVAL, "path");
	assert_fails(radioembo_case_new_from_file(TOP "/examples/no-such-case.json", &c),
		     RADIOEMBO_ENOTFOUND, "cannot open the case file");
	assert_string_equal(radioembo_last_error_parameter(), "path");
	/* a file whose content is at fault: the key, and the argument that names the file */
	assert_fails(radioembo_case_new_from_file(TOP "/tests/cli/bad/out-of-range.json", &c),
		     RADIOEMBO_EINVAL, "lesions[0].volume_ml = -118");
	assert_string_equal(radioembo_case_error_key(), "lesions[0].volume_ml");
	assert_string_equal(radioembo_last_error_parameter(), "path");
	assert_null(c);

	assert_ok(radioembo_case_new_from_json(small_case, (size_t)-1, &c));
	assert_ok(radioembo_case_new_from_file(TOP "/examples/glass-segmentectomy.json", &bare));
	assert_fails(radioembo_case_get_propagation_method(NULL, &method), RADIOEMBO_EINVAL, "c");
	assert_fails(radioembo_case_get_propagation_method(c, NULL), RADIOEMBO_EINVAL,
		     "method_out");
	assert_fails(radioembo_case_set_propagation_method(NULL, RADIOEMBO_PROPAGATION_ANALYTIC),
		     RADIOEMBO_EINVAL, "c");
	assert_fails(radioembo_case_set_propagation_method(c, (radioembo_propagation_method)7),
		     RADIOEMBO_EINVAL, "method");
	assert_fails(radioembo_case_set_propagation_method(bare, RADIOEMBO_PROPAGATION_ANALYTIC),
		     RADIOEMBO_ENOTFOUND, "uncertainty");
	assert_fails(radioembo_case_get_samples(NULL, &samples), RADIOEMBO_EINVAL, "c");
	assert_fails(radioembo_case_get_samples(c, NULL), RADIOEMBO_EINVAL, "samples_out");
	assert_fails(radioembo_case_set_samples(NULL, 2385), RADIOEMBO_EINVAL, "c");
	assert_fails(radioembo_case_set_samples(c, 1), RADIOEMBO_EINVAL,
		     "expected an integer from 2 to 10000000");
	assert_fails(radioembo_case_set_samples(c, 10000001), RADIOEMBO_EINVAL, "2 to 10000000");
	assert_fails(radioembo_case_get_seed(NULL, &seed), RADIOEMBO_EINVAL, "c");
	assert_fails(radioembo_case_get_seed(c, NULL), RADIOEMBO_EINVAL, "seed_out");
	assert_fails(radioembo_case_set_seed(NULL, 42), RADIOEMBO_EINVAL, "c");
	assert_fails(radioembo_case_set_seed(c, 9007199254740992u), RADIOEMBO_EINVAL,
		     "expected an integer from 0 to 9007199254740991");
	assert_string_equal(radioembo_last_error_parameter(), "seed");
	assert_fails(radioembo_case_set_generator(NULL, "taus2"), RADIOEMBO_EINVAL, "c");
	assert_fails(radioembo_case_set_generator(c, NULL), RADIOEMBO_EINVAL, "name");
	assert_fails(radioembo_case_set_generator(c, "ranlux"), RADIOEMBO_EINVAL,
		     "gfsr4, mt19937, taus2");
	assert_fails(radioembo_case_set_generator(bare, "taus2"), RADIOEMBO_ENOTFOUND,
		     "uncertainty");
	assert_fails(radioembo_case_set_threads(NULL, 2), RADIOEMBO_EINVAL, "c");
	assert_fails(radioembo_case_set_threads(c, 0), RADIOEMBO_EINVAL,
		     "threads must be within [1, 1024], got 0");
	assert_string_equal(radioembo_last_error_parameter(), "threads");
	assert_ok(radioembo_case_set_threads(bare, 2)); /* accepted, nothing to thread */
	assert_fails(radioembo_case_compute(NULL, &report), RADIOEMBO_EINVAL, "c");
	assert_fails(radioembo_case_compute(c, NULL), RADIOEMBO_EINVAL, "report_out");
	assert_fails(radioembo_report_has_violation(NULL, &violation), RADIOEMBO_EINVAL, "report");
	radioembo_case_free(bare);
	radioembo_case_free(c);

	/* the BSA model applies to resin only: propagating it on glass names the key */
	assert_ok(radioembo_case_new_from_file(TOP "/tests/cli/bad/uncertainty-model.json", &c));
	assert_fails(radioembo_case_compute(c, &report), RADIOEMBO_EINVAL,
		     "uncertainty.model = \"bsa\": the model does not apply");
	assert_string_equal(radioembo_case_error_key(), "uncertainty.model");
	assert_null(report);
	radioembo_case_free(c);
}

/* Every key of a JSON document: each string followed by a colon (json_dumps' layout). */
static void assert_every_key_has_words(const char *json, const char *name)
{
	const char *p = json, *start;
	char key[128];
	size_t length;

	while ((p = strchr(p, '"')) != NULL) {
		start = ++p;
		while (*p != '\0' && *p != '"')
			p += *p == '\\' && p[1] != '\0' ? 2 : 1;
		if (*p == '\0')
			break;
		length = (size_t)(p - start);
		p++;
		if (*p != ':')
			continue;
		assert_true(length < sizeof key);
		memcpy(key, start, length);
		key[length] = '\0';
		if (radioembo_report_key_label(key) == NULL ||
		    radioembo_report_key_unit(key) == NULL ||
		    radioembo_report_key_group(key) == NULL)
			fail_msg("%s: the report's key \"%s\" has no label, unit or group", name,
				 key);
		assert_true(radioembo_report_key_label(key)[0] != '\0');
	}
}

static void test_api_case_every_report_key_has_words(void **state)
{
	DIR *dir = opendir(TOP "/examples");
	struct dirent *entry;
	size_t reports = 0, length;

	(void)state;
	assert_non_null(dir);
	while ((entry = readdir(dir)) != NULL) {
		radioembo_case *c = NULL;
		radioembo_report *report = NULL;
		char path[512];
		length = strlen(entry->d_name);
		if (length < 5 || strcmp(entry->d_name + length - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof path, TOP "/examples/%s", entry->d_name);
		assert_ok(radioembo_case_new_from_file(path, &c));
		assert_ok(radioembo_case_compute(c, &report));
		assert_every_key_has_words(radioembo_report_json(report), entry->d_name);
		radioembo_report_free(report);
		radioembo_case_free(c);
		reports++;
	}
	closedir(dir);
	assert_true(reports >= 8);
}

static void test_api_case_report_words(void **state)
{
	(void)state;
	assert_string_equal(radioembo_report_key_label("lsf"), "lung shunt fraction");
	assert_string_equal(radioembo_report_key_unit("lsf"), "fraction");
	assert_string_equal(radioembo_report_key_group("lsf"), "constant");
	assert_string_equal(radioembo_report_key_unit("dose_factor_gy_kg_per_gbq"), "Gy kg/GBq");
	assert_string_equal(radioembo_report_key_group("normal_liver_limit_gy"), "limit");
	assert_string_equal(radioembo_report_key_label("delivered_activity_gbq"),
			    "delivered activity");
	assert_string_equal(radioembo_report_key_group("delivered_activity_gbq"), "activity");
	assert_string_equal(radioembo_report_key_unit("sphere_count"), "");
	assert_string_equal(radioembo_report_key_group("lesion_doses_gy"), "dose");
	assert_string_equal(radioembo_report_key_group("normal_liver_bed_gy"), "bed");
	assert_string_equal(radioembo_report_key_group("lung_cumulative_limit"), "risk");
	assert_string_equal(radioembo_report_key_unit("lung_cumulative_limit"), "fraction");
	assert_string_equal(radioembo_report_key_label("tnr"), "tumour-to-normal ratio");
	assert_string_equal(radioembo_report_key_group("schema_version"), "");
	/* keys are spelled exactly, as the report writes them */
	assert_null(radioembo_report_key_label("LSF"));
	assert_null(radioembo_report_key_unit("lung_shunt_fraction"));
	assert_null(radioembo_report_key_group("lsf "));
	assert_null(radioembo_report_key_label(""));
	assert_null(radioembo_report_key_label(NULL));
	assert_null(radioembo_report_key_unit(NULL));
	assert_null(radioembo_report_key_group(NULL));
}

static void test_api_case_path_labels(void **state)
{
	char longest[400];

	(void)state;
	/* a leaf written in several objects takes its label from its place */
	assert_string_equal(radioembo_report_path_label("case.id"), "case identifier");
	assert_string_equal(radioembo_report_path_label("case.patient.id"), "patient identifier");
	assert_string_equal(radioembo_report_path_label("case.patient.name"), "patient name");
	assert_string_equal(radioembo_report_path_label("case.product.name"), "product name");
	assert_string_equal(radioembo_report_path_label("generator.name"), "generator name");
	/* the leaf's own label elsewhere; array positions written or left out */
	assert_string_equal(radioembo_report_path_label("constants.lsf"), "lung shunt fraction");
	assert_string_equal(radioembo_report_path_label("lesions[1].applied_target_dose_gy"),
			    "target dose applied");
	assert_string_equal(radioembo_report_path_label("lesions.target_source"),
			    "target dose from");
	assert_string_equal(
		radioembo_report_path_label("uncertainty.figures.lesion_doses_gy[0].p95"),
		"95th percentile");
	assert_string_equal(radioembo_report_path_label("lsf"), "lung shunt fraction");
	/* the leaf-key lookup is unchanged */
	assert_string_equal(radioembo_report_key_label("id"), "case identifier");
	assert_string_equal(radioembo_report_key_label("name"), "name");
	/* not a path of the report */
	assert_null(radioembo_report_path_label(NULL));
	assert_null(radioembo_report_path_label(""));
	assert_null(radioembo_report_path_label("case..id"));
	assert_null(radioembo_report_path_label("case.id."));
	assert_null(radioembo_report_path_label(".case"));
	assert_null(radioembo_report_path_label("case.ID"));
	assert_null(radioembo_report_path_label("lesions[].label"));
	assert_null(radioembo_report_path_label("lesions[x].label"));
	assert_null(radioembo_report_path_label("lesions[0"));
	assert_null(radioembo_report_path_label("lesions[0]label"));
	memset(longest, 'a', sizeof longest - 1);
	longest[sizeof longest - 1] = '\0';
	assert_null(radioembo_report_path_label(longest));
}

static void test_api_case_every_model_has_a_label(void **state)
{
	int model;

	(void)state;
	for (model = 1; radioembo_model_name((radioembo_model)model) != NULL; model++) {
		assert_non_null(radioembo_model_label((radioembo_model)model));
		assert_true(radioembo_model_label((radioembo_model)model)[0] != '\0');
	}
	assert_true(model > 4);
	assert_string_equal(radioembo_model_label(RADIOEMBO_MODEL_BSA), "BSA (resin)");
	assert_string_equal(radioembo_model_label(RADIOEMBO_MODEL_HO166_WHOLE_LIVER),
			    "Ho-166 whole liver");
	assert_null(radioembo_model_label(RADIOEMBO_MODEL_NONE));
	assert_null(radioembo_model_label((radioembo_model)model));
	assert_null(radioembo_model_label((radioembo_model)-3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_api_case_reports_equal_the_expected_reports),
		TEST(test_api_case_overrides_drop_their_sources),
		TEST(test_api_case_reads_identity_and_settings),
		TEST(test_api_case_failures_name_the_key),
		TEST(test_api_case_reports_every_error),
		TEST(test_api_case_size_limits),
		TEST(test_api_case_reads_the_people_who_sign),
		TEST(test_api_case_every_error_code),
		TEST(test_api_case_every_report_key_has_words),
		TEST(test_api_case_report_words),
		TEST(test_api_case_path_labels),
		TEST(test_api_case_every_model_has_a_label),
	};
	return cmocka_run_group_tests_name("api_case", tests, NULL, NULL);
}
