# plan_case(): the CLI's report document, tables as data frames.

top <- Sys.getenv("RADIOEMBO_TOP", file.path(test_path(), "..", "..", "..", "..", ".."))

test_that("plan_case: every example gives data frames and the CLI's numbers", {
	examples <- list.files(file.path(top, "examples"), pattern = "\\.json$", full.names = TRUE)
	expect_gt(length(examples), 5)
	cli <- file.path(top, "cli", "radioembo")
	for (path in examples) {
		r <- plan_case(path)
		expect_s3_class(r$lesions, "data.frame")
		expect_s3_class(r$models, "data.frame")
		expect_s3_class(r$diagnostics, "data.frame")
		expect_type(r$has_violation, "logical")
		expect_type(r$models$applies, "logical")
		if (!is.null(r$dose_activity_table)) {
			expect_s3_class(r$dose_activity_table, "data.frame")
			expect_type(r$dose_activity_table$violation, "logical")
		}
		if (requireNamespace("jsonlite", quietly = TRUE) && file.exists(cli)) {
			out <- suppressWarnings(system2(cli, c("plan", shQuote(path), "--format", "json"), stdout = TRUE,
				env = paste0("LD_LIBRARY_PATH=", file.path(top, "lib"))))
			d <- jsonlite::fromJSON(paste(out, collapse = "\n"), simplifyVector = FALSE)
			expect_identical(r$case$id, d$case$id)
			expect_identical(nrow(r$models), length(d$models))
			expect_identical(r$models$model, vapply(d$models, function(m) m$model, ""))
			got <- r$models$inject_activity_gbq
			want <- vapply(d$models, function(m) if (is.null(m$inject_activity_gbq)) NA_real_
				else m$inject_activity_gbq, 0)
			expect_identical(got, want)
			expect_identical(nrow(r$lesions), length(d$lesions))
			expect_identical(nrow(r$diagnostics), length(d$diagnostics))
		}
	}
})

test_that("plan_case: JSON text and an edited case object", {
	path <- file.path(top, "examples", "resin-partition-monte-carlo.json")
	text <- paste(readLines(path), collapse = "\n")
	expect_identical(plan_case(text)$case$id, plan_case(path)$case$id)
	c <- case_new_from_file(path)
	case_set_samples(c, 257)
	case_set_seed(c, 2385)
	r <- plan_case(c)
	expect_identical(r$uncertainty$samples, 257)
	expect_identical(r$uncertainty$seed, 2385)
	e <- tryCatch(plan_case(file.path(top, "examples", "no-such-case.json")),
		radioembo_error = function(e) e)
	expect_s3_class(e, "radioembo_enotfound")
})

test_that("plan_case: the same report on any thread count", {
	path <- file.path(top, "examples", "resin-partition-monte-carlo.json")
	c <- case_new_from_file(path)
	case_set_samples(c, 200000)  # several chunks of 65536 samples
	one <- plan_case(c, threads = 1)
	expect_identical(plan_case(c, threads = 3), one)
	expect_identical(plan_case(path, threads = 2), plan_case(path))
	e <- tryCatch(plan_case(path, threads = 0), radioembo_error = function(e) e)
	expect_match(conditionMessage(e), "threads")
})

test_that("objects: format() is one line, as.data.frame() one row", {
	p <- product_new_builtin("TheraSphere")
	expect_identical(format(p), "<radioembo product \"TheraSphere\">")
	df <- as.data.frame(p)
	expect_s3_class(df, "data.frame")
	expect_identical(nrow(df), 1L)
	expect_identical(df$name, "TheraSphere")
	expect_true(is.numeric(df$half_life_h))
	s <- albi_score(c(12.5, 17.1, 34.2), 40.5)  # several outputs: one row per element
	expect_s3_class(s, "data.frame")
	expect_identical(names(s), c("score", "grade"))
	expect_identical(nrow(s), 3L)
	expect_identical(s$score[2], albi_score(17.1, 40.5)$score)
})

test_that("objects: print() shows nested tables by their size", {
	p <- product_new_builtin("TheraSphere")
	out <- capture.output(print(p))
	expect_identical(out[1], "<radioembo product \"TheraSphere\">")
	expect_true(any(grepl("^  field_source +\\([0-9]+ entries: as.list\\(x\\)\\$field_source\\)$", out)))
	expect_true(any(grepl("^  half_life_h +64.1$", out)))
})
