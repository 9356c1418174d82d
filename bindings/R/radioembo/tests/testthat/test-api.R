# The flat functions: names and units as in C, vectors in and out, errors as conditions.

expect_library_error <- function(expr, code) {
	e <- tryCatch(expr, radioembo_error = function(e) e)
	expect_s3_class(e, "radioembo_error")
	expect_s3_class(e, paste0("radioembo_", tolower(code)))
	expect_identical(e$status, STATUS[[code]])
	expect_identical(e$detail, last_error_message())
	expect_true(nzchar(e$detail))
	expect_match(conditionMessage(e), paste0("^", code, ": "))
	invisible(e)
}

test_that("decay: C names and keywords", {
	a <- decay_activity_gbq(activity_gbq = 3.0, half_life_h = 64.1, elapsed_h = 24.0)
	expect_equal(a, 3.0 * 2^(-24 / 64.1), tolerance = 1e-14)
	expect_equal(decay_factor(64.1, 12.5), 2^(-12.5 / 64.1), tolerance = 1e-14)
	expect_equal(decay_elapsed_h(2.385, 2.385 / 4, 64.1), 2 * 64.1, tolerance = 1e-12)
	expect_equal(decay_cumulated_gbq_h(2.385, 64.1, Inf), 2.385 * 64.1 / log(2), tolerance = 1e-12)
	expect_equal(decay_delivered_fraction(64.1, 64.1), 0.5, tolerance = 1e-14)
})

test_that("scalar functions are vectorised with recycling", {
	a <- decay_activity_gbq(c(3, 5, 7.5), 64.1, c(0, 24, 48))
	expect_equal(a, c(3, 5, 7.5) * 2^(-c(0, 24, 48) / 64.1), tolerance = 1e-14)
	expect_length(decay_factor(64.1, numeric(0)), 0)
	r <- shunt_lsf_from_counts(c(1200, 900), 1000, 20000, 18500)
	expect_equal(r, sqrt(c(1200, 900) * 1000) / (sqrt(c(1200, 900) * 1000) + sqrt(2e4 * 1.85e4)),
		tolerance = 1e-14)
	# functions with arrays or objects take single values
	expect_error(partition_max_activity_gbq(70, 30, c(0.045, 0.2), 49.67, c(0.0612, 0.1945),
		c(3.25, 4.5), 1.3525, 1.0), "single values")
})

test_that("mird, tissue, lung and bsa", {
	d <- mird_dose_gy(activity_gbq = 2.385, mass_kg = 1.2345, lsf = 0.0625, residual_fraction = 0.015,
		dose_factor = 49.67)
	expect_equal(d, 49.67 * 2.385 * 0.985 * 0.9375 / 1.2345, tolerance = 1e-13)
	expect_equal(mird_activity_gbq(d, 1.2345, 0.0625, 0.015, 49.67), 2.385, tolerance = 1e-13)
	expect_equal(mass_kg(1523.5, 1.03), 1.569205, tolerance = 1e-14)
	lsf <- shunt_lsf_from_counts(1200, 1000, 20000, 18500)
	expect_equal(lsf, sqrt(1.2e6) / (sqrt(1.2e6) + sqrt(2e4 * 1.85e4)), tolerance = 1e-14)
	expect_equal(shunt_lung_dose_gy(2.385, 0.07, 1.0, 49.67), 49.67 * 2.385 * 0.07,
		tolerance = 1e-13)
	expect_equal(shunt_max_activity_gbq(30, c(0.07, 0), 1.0, 49.67), c(30 / (49.67 * 0.07), Inf),
		tolerance = 1e-13)
	# the compatibility names are the same functions
	expect_identical(lsf_from_counts(1200, 1000, 20000, 18500), lsf)
	expect_identical(lung_dose_gy(2.385, 0.07, 1.0, 49.67), shunt_lung_dose_gy(2.385, 0.07, 1.0, 49.67))
	expect_identical(lung_max_activity_gbq(30, 0, 1.0, 49.67), Inf)
	bsa <- bsa_dubois_m2(height_cm = 172.5, weight_kg = 68.3)
	expect_equal(bsa, 0.007184 * 68.3^0.425 * 172.5^0.725, tolerance = 1e-13)
	expect_equal(bsa_lsf_reduction(c(0.05, 0.12, 0.17, 0.25)), c(1, 0.8, 0.6, 0))
	expect_equal(bsa_activity_gbq(bsa, 150, 1500, 0.6, 0.05), (bsa - 0.2 + 0.1) * 0.6,
		tolerance = 1e-13)
})

test_that("partition model: arrays in, arrays out (indices from 1)", {
	masses <- c(0.0612, 0.1945); tnr <- c(3.25, 4.5)
	s <- sum(masses * tnr) + 1.3525
	r <- partition_doses(activity_gbq = 2.385, lsf = 0.045, dose_factor = 49.67,
		tumor_mass_kg = masses, tnr = tnr, normal_mass_kg = 1.3525, lung_mass_kg = 1.0)
	expect_named(r, c("tumor_dose_gy", "normal_dose_gy", "lung_dose_gy"))
	dn <- 49.67 * 2.385 * 0.955 / s
	expect_equal(r$tumor_dose_gy, tnr * dn, tolerance = 1e-13)
	expect_equal(r$normal_dose_gy, dn, tolerance = 1e-13)
	expect_equal(r$lung_dose_gy, 49.67 * 2.385 * 0.045, tolerance = 1e-13)
	expect_equal(partition_doses(2.385, 0.045, 49.67, NULL, NULL, 1.3525, 1)$tumor_dose_gy,
		numeric(0))
	a <- partition_activity_for_tumor_dose_gbq(205, target_index = 2, lsf = 0.045,
		dose_factor = 49.67, tumor_mass_kg = masses, tnr = tnr, normal_mass_kg = 1.3525)
	expect_equal(a, 205 * s / (49.67 * 0.955 * 4.5), tolerance = 1e-13)
	m <- partition_max_activity_gbq(70, 30, 0.045, 49.67, masses, tnr, 1.3525, 1)
	expect_identical(m$limiting, "NORMAL_LIVER")
	expect_equal(m$activity_gbq, 70 * s / (49.67 * 0.955), tolerance = 1e-13)
	expect_error(partition_doses(2.385, 0.045, 49.67, 0.1, c(3, 4), 1.3, 1), "same length")
	expect_equal(tnr_from_counts(5400, 42.5, 12000, 1320), (5400 / 42.5) / (12000 / 1320),
		tolerance = 1e-14)
})

test_that("nuclides and enums", {
	expect_identical(nuclide_from_name(c("yttrium-90", "166Ho")), c("Y90", "HO166"))
	expect_identical(nuclide_name(c("Y90", "HO166")), c("Y-90", "Ho-166"))
	expect_identical(nuclide_name(NUCLIDE[["HO166"]]), "Ho-166")
	expect_true(is.na(nuclide_name(99L)))
	expect_equal(nuclide_half_life_h("y90"), 64.1)
	expect_equal(nuclide_dose_factor(2L), 15.87)
	expect_error(nuclide_half_life_h("Tc99m"), "not one of")
	expect_identical(PRODUCT_KIND[["PLLA"]], 3L)
})

test_that("the report's words are the library's", {
	expect_identical(model_label(c("PARTITION", "BSA")), c("partition", "BSA (resin)"))
	expect_true(is.na(model_label("NONE")))
	expect_identical(report_key_label("lsf"), "lung shunt fraction")
	expect_identical(report_key_unit("normal_liver_dose_gy"), "Gy")
	expect_identical(report_key_group("lung_session_limit_gy"), "limit")
	expect_true(is.na(report_key_unit("no_such_key")))
	expect_identical(report_path_label("case.patient.id"), "patient identifier")
	expect_true(is.na(report_path_label("case.no_such_key")))
})

test_that("enum names are the case file's vocabulary", {
	expect_identical(model_name(c("SINGLE_COMPARTMENT", "BSA")), c("single_compartment", "bsa"))
	expect_true(is.na(model_name("NONE")))
	expect_identical(model_from_name("Ho166_Whole_Liver"), "HO166_WHOLE_LIVER")
	expect_error(model_from_name("single compartment"), "not a known model")
	expect_identical(severity_name("WARNING"), "warning")
	expect_identical(limiting_organ_name("NORMAL_LIVER"), "normal_liver")
	expect_identical(product_field_name("HALF_LIFE_H"), "half_life_h")
	expect_identical(distribution_name("LOGNORMAL"), "lognormal")
	expect_identical(uncertain_input_name("LIVER_DENSITY"), "liver_density")
	expect_identical(propagation_method_name("ANALYTIC"), "analytic")
	expect_identical(figure_name("PERFUSED_DOSE"), "perfused_dose_gy")
	expect_identical(risk_name("LUNG_CUMULATIVE_LIMIT"), "lung_cumulative_limit")
})

test_that("time: POSIXct in, POSIXct out", {
	s <- time_parse_iso8601(c("2024-05-02T10:30:00+02:00", "1970-01-01T00:00Z"))
	expect_s3_class(s, "POSIXct")
	expect_equal(as.numeric(s), c(1714638600, 0))
	expect_identical(time_format_iso8601_utc(s), c("2024-05-02T08:30:00Z", "1970-01-01T00:00:00Z"))
	expect_identical(time_format_iso8601_utc(as.POSIXct("2024-05-02 10:30:00", tz = "Europe/Berlin")),
		"2024-05-02T08:30:00Z")
	expect_identical(time_format_iso8601_utc(1714638600), "2024-05-02T08:30:00Z")
	expect_library_error(time_format_iso8601_utc(1e15), "ERANGE")
})

test_that("errors are conditions carrying the library's message", {
	e <- expect_library_error(decay_factor(half_life_h = -64.1, elapsed_h = 2), "EINVAL")
	expect_match(e$detail, "half_life_h")
	expect_identical(e$parameter, "half_life_h")
	expect_library_error(nuclide_from_name("unobtainium-7"), "ENOTFOUND")
	expect_library_error(decay_activity_gbq(1e308, 1, -10000), "ERANGE")
	for (code in names(STATUS)) expect_true(nzchar(strerror(STATUS[[code]])))
	expect_error(suppressWarnings(decay_factor(64.1, "x")), class = "radioembo_einval")
	expect_error(nuclide_half_life_h(NA_integer_), "NA")
})

test_that("every function reports bad input through a condition", {
	bad <- list(double = NaN, string = NA_character_, handle = NULL, enum = 9999L,
		size_t = 1, uint64 = 1, int = 9999L, instant = 1e15, int64 = 1e15, array = NULL)
	for (name in names(.re_api)) {
		api <- .re_api[[name]]
		if (api$ret != "status" || length(api$args) == 0) next
		args <- lapply(api$args, function(kind) bad[[kind]])
		names(args) <- names(api$args)
		e <- tryCatch(do.call(name, args), radioembo_error = function(e) e)
		expect_s3_class(e, "radioembo_error")
		if (identical(e$code, "EINVAL"))
			expect_true(any(vapply(names(api$args), grepl, NA, x = e$detail, fixed = TRUE)),
				label = paste(name, e$detail))
	}
})

test_that("strings, values and the version", {
	expect_identical(version_number(), .re_version_number)
	expect_identical(version_string(), as.character(packageVersion("radioembo")))
	expect_identical(product_count_builtin(), 3L)
	names <- product_builtin_name(1:4)
	expect_true("TheraSphere" %in% names)
	expect_true(is.na(names[4]))
	expect_true(all(names(.re_api) %in% getNamespaceExports("radioembo")))
})

test_that("bed_array_gy returns one BED per dose (an element-wise output)", {
	doses <- c(12.5, 40, 81.25, 3, 4, 5, 6, 7)
	bed <- bed_array_gy(doses, 10, 1.5, 64.1)
	expect_length(bed, length(doses))
	expect_equal(bed, vapply(doses, function(d) bed_gy(d, 10, 1.5, 64.1), 0.0))
})
