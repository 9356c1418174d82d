# The case file and its report through the generated functions (radioembo_case(3)).

# The source tree: r.sh says where it is; from the test directory otherwise.
top <- Sys.getenv("RADIOEMBO_TOP", file.path(test_path(), "..", "..", "..", "..", ".."))
example <- file.path(top, "examples", "glass-lobar-two-lesions.json")

# The report's numbers are checked against the result object, never against themselves.
report_number <- function(json, key) {
	m <- regmatches(json, regexec(paste0('"', key, '": ([-0-9.eE+]+)'), json))[[1]]
	as.numeric(m[2])
}

test_that("case: an example file read, computed and reported as JSON", {
	expect_true(file.exists(example))
	c <- case_new_from_file(example)
	expect_identical(case_id(c), "glass-lobar-two-lesions")
	expect_match(case_description(c), "two lesions in the right lobe")
	expect_null(case_uncertainty(c))
	expect_identical(product_name(plan_product(case_plan(c))), "TheraSphere")
	expect_identical(case_get_propagation_method(c), "0")
	expect_identical(case_get_samples(c), 10000)
	expect_identical(case_get_seed(c), 1)

	report <- case_compute(c)
	expect_false(report_has_violation(report))
	result <- report_result(report)
	partition_gbq <- result_get_inject_activity_gbq(result, "PARTITION")
	expect_equal(partition_gbq, 4.197547380286866, tolerance = 1e-12)
	json <- report_json(report)
	expect_type(json, "character")
	expect_length(json, 1)
	rm(c, result); gc() # the report keeps what it hands out
	if (requireNamespace("jsonlite", quietly = TRUE)) {
		d <- jsonlite::fromJSON(json, simplifyVector = FALSE)
		expect_identical(d$case$id, "glass-lobar-two-lesions")
		expect_identical(d$case$prescription$kind, "max_safe")
		models <- vapply(d$models, function(m) m$model, "")
		expect_identical(models, c("single_compartment", "partition", "bsa", "ho166_whole_liver"))
		partition <- d$models[[2]]
		expect_true(partition$applies)
		expect_identical(partition$limiting_organ, "normal_liver")
		expect_equal(partition$inject_activity_gbq, partition_gbq, tolerance = 1e-15)
		expect_length(partition$lesion_doses_gy, 2)
		expect_identical(d$dose_activity_table$model, "partition")
		expect_equal(d$dose_activity_table$chosen_activity_gbq, partition_gbq, tolerance = 1e-15)
		expect_length(d$dose_activity_table$rows, 7)
		expect_null(d$uncertainty)
		expect_false(d$has_violation)
		expect_identical(d$exit_status, 0L)
	} else {
		expect_match(json, '"id": "glass-lobar-two-lesions"', fixed = TRUE)
		expect_match(json, '"model": "partition"', fixed = TRUE)
		expect_match(json, '"limiting_organ": "normal_liver"', fixed = TRUE)
		expect_match(json, '"uncertainty": null', fixed = TRUE)
		expect_match(json, '"has_violation": false', fixed = TRUE)
		# the first inject_activity_gbq is single_compartment's; partition's follows it
		expect_true(any(abs(as.numeric(regmatches(json, gregexpr(
			'(?<="inject_activity_gbq": )[-0-9.eE+]+', json, perl = TRUE))[[1]]) -
			partition_gbq) <= 1e-15 * partition_gbq))
	}
	expect_match(json, "\n$")
	expect_identical(report_number(json, "schema_version"), 1)
})

test_that("case: read from JSON text, uncertainty settings through the setters", {
	text <- paste0('{"schema_version": 1, "id": "r-small", "product": "TheraSphere",',
		' "liver": {"volume_ml": 1683.4, "density_g_per_ml": 1.05}, "lungs": {"lsf": 0.0735},',
		' "uncertainty": {"inputs": {"activity": {"distribution": "normal", "spread": 0.05}}}}')
	c <- case_new_from_json(text, nchar(text, type = "bytes"))
	expect_identical(case_id(c), "r-small")
	expect_identical(case_description(c), NA_character_) # the case has none
	expect_false(is.null(case_uncertainty(c)))
	method <- propagation_method_from_name("monte_carlo")
	expect_identical(method, "MONTE_CARLO")
	case_set_propagation_method(c, method)
	expect_identical(case_get_propagation_method(c), "MONTE_CARLO")
	case_set_samples(c, 257)
	case_set_seed(c, 20261207)
	case_set_generator(c, "taus2")
	expect_identical(case_get_samples(c), 257)
	expect_identical(case_get_seed(c), 20261207)
	json <- report_json(case_compute(c))
	expect_match(json, '"method": "monte_carlo"', fixed = TRUE)
	expect_match(json, '"generator": "taus2"', fixed = TRUE)
	expect_identical(report_number(json, "samples"), 257)
	expect_identical(report_number(json, "seed"), 20261207)
})

test_that("case: every error of a file, each with its key", {
	e <- tryCatch(case_new_from_file(file.path(top, "tests", "cli", "several-errors.json")),
		radioembo_error = function(e) e)
	expect_s3_class(e, "radioembo_einval")
	n <- case_error_count()
	expect_identical(n, 4)
	# R counts from 1
	expect_identical(vapply(seq_len(n), case_error_key_at, ""),
		c("colour", "lesions[0].volume_ml", "lesions[1].volume_ml", "lungs.mass_kg"))
	expect_match(case_error_message_at(4), "^lungs\\.mass_kg = 100: ")
	expect_identical(case_error_key_at(n + 1), NA_character_)
})

test_that("case: a bad case names its key, a bad setting its parameter", {
	bad <- file.path(top, "tests", "cli", "bad", "out-of-range.json")
	e <- tryCatch(case_new_from_file(bad), radioembo_error = function(e) e)
	expect_s3_class(e, "radioembo_einval")
	expect_identical(case_error_key(), "lesions[0].volume_ml")
	expect_identical(e$parameter, "path") # the file's content is at fault
	expect_match(e$detail, "^lesions\\[0\\]\\.volume_ml = -118: ")

	text <- '{"schema_version": 1, "product": "TheraSphere", "liver": {"volume_ml": "1650 mL"}}'
	e <- tryCatch(case_new_from_json(text, nchar(text, type = "bytes")),
		radioembo_error = function(e) e)
	expect_s3_class(e, "radioembo_einval")
	expect_identical(case_error_key(), "liver.volume_ml")
	expect_identical(e$parameter, "text")

	e <- tryCatch(case_new_from_file(file.path(top, "examples", "no-such-case.json")),
		radioembo_error = function(e) e)
	expect_s3_class(e, "radioembo_enotfound")
	expect_identical(e$parameter, "path")
	expect_identical(case_error_key(), "")

	c <- case_new_from_file(example)
	e <- tryCatch(case_set_propagation_method(c, "ANALYTIC"), radioembo_error = function(e) e)
	expect_s3_class(e, "radioembo_enotfound") # no "uncertainty" section: nothing to propagate
	expect_identical(e$parameter, "c")
	e <- tryCatch(case_set_samples(c, 1), radioembo_error = function(e) e)
	expect_s3_class(e, "radioembo_einval")
	expect_identical(e$parameter, "samples")
	expect_identical(case_error_key(), "")
	e <- tryCatch(propagation_method_from_name("bootstrap"), radioembo_error = function(e) e)
	expect_s3_class(e, "radioembo_enotfound")
	expect_identical(e$parameter, "name")
})
