# Hand-written part of the R bindings: argument conversion used by the generated wrappers
# (R/generated.R), error conditions, as.list() and print() for every object.
# SPDX-License-Identifier: GPL-3.0-or-later

.onLoad <- function(libname, pkgname) {
	v <- version_number()
	if (v %/% 10000L != .re_version_major || v < .re_version_number)
		stop(sprintf("radioembo: the loaded libradioembo is version %d; this package needs %d.x, at least %d",
			v, .re_version_major, .re_version_number), call. = FALSE)
}

# ---- arguments ---------------------------------------------------------------------------
.re_double <- function(x) as.double(x)
.re_int <- function(x) as.integer(x)
.re_size <- function(x) as.double(x)
.re_string <- function(x) if (is.null(x)) NA_character_ else as.character(x)
.re_array <- function(x) if (is.null(x)) NULL else as.double(x)
.re_int64 <- function(x) as.double(x)  # whole numbers; the C glue checks the range
.re_instant <- function(x) {
	if (inherits(x, "POSIXt")) x <- as.numeric(as.POSIXct(x))
	floor(as.double(x))
}
.re_enum <- function(x, table) {
	if (is.character(x)) {
		value <- table[toupper(x)]
		if (anyNA(value))
			stop(sprintf("radioembo: %s is not one of %s", paste(x[is.na(value)], collapse = ", "),
				paste(names(table), collapse = ", ")), call. = FALSE)
		return(unname(value))
	}
	as.integer(x)
}

# ---- results -----------------------------------------------------------------------------
.re_enum_name <- function(x, table) {
	name <- names(table)[match(x, table)]
	ifelse(is.na(name), as.character(x), name)
}
.re_time <- function(x) as.POSIXct(x, origin = "1970-01-01", tz = "UTC")

.re_check <- function(r) {
	if (inherits(r, "radioembo_failure")) {
		code <- names(STATUS)[match(r$status, STATUS)]
		if (is.na(code)) code <- as.character(r$status)
		cond <- structure(class = c(paste0("radioembo_", tolower(code)), "radioembo_error",
			"error", "condition"),
			list(message = paste0(code, ": ", r$message), call = sys.call(-1),
				status = r$status, code = code, detail = r$message,
				parameter = r$parameter))
		stop(cond)
	}
	r
}

# ---- objects -----------------------------------------------------------------------------
#' Every const query of an object as plain R data; NULL where a value is unset.
as.list.radioembo_object <- function(x, ...) {
	type <- class(x)[1]
	out <- list()
	for (g in .re_getters[[type]]) {
		value <- .re_query(x, match.fun(g$fun), g$dims, list())
		if (!is.null(value)) out[[g$key]] <- value
	}
	out
}

.re_query <- function(x, fun, dims, fixed) {
	if (length(dims) == 0) {
		value <- tryCatch(do.call(fun, c(list(x), fixed)), radioembo_error = function(e) NULL)
		if (inherits(value, "radioembo_object")) value <- as.list(value)
		return(value)
	}
	d <- dims[[1]]
	if (d$kind == "enum") {
		table <- get(d$what)
		found <- list()
		for (name in names(table)) {
			v <- .re_query(x, fun, dims[-1], c(fixed, list(table[[name]])))
			if (!is.null(v) && length(v) > 0 && !(is.list(v) && all(vapply(v, is.null, NA))))
				found[[tolower(name)]] <- v
		}
		return(if (length(found)) found else NULL)
	}
	count <- match.fun(d$what)(x)
	lapply(seq_len(count), function(i) .re_query(x, fun, dims[-1], c(fixed, list(i))))
}

.re_format <- function(value) {
	if (is.null(value)) return("unset")
	if (is.list(value) && is.null(names(value)))
		return(paste0("[", paste(vapply(value, .re_format, ""), collapse = ", "), "]"))
	if (is.list(value)) {
		return(paste0("{", paste(names(value), vapply(value, .re_format, ""), sep = " = ",
			collapse = ", "), "}"))
	}
	if (is.numeric(value)) value <- format(value, digits = 6)
	paste(value, collapse = ", ")
}

print.radioembo_object <- function(x, ...) {
	cat(format(x), "\n", sep = "")
	ok <- tryCatch({ .re_live(x); TRUE }, error = function(e) FALSE)
	if (!ok) return(invisible(x))
	fields <- as.list(x)
	for (name in names(fields)) {
		value <- fields[[name]]
		# nested tables (per-field sources, flags, per-lesion lists): their size only
		text <- if (is.list(value) && length(value) > 1)
			sprintf("(%d entries: as.list(x)$%s)", length(value), name) else .re_format(value)
		cat(sprintf("  %-30s %s\n", name, text))
	}
	invisible(x)
}

# Plans and results: the same listing (their families may be absent from older libraries).
print.radioembo_plan <- function(x, ...) print.radioembo_object(x, ...)
print.radioembo_result <- function(x, ...) print.radioembo_object(x, ...)

.re_live <- function(x) {
	# any getter of the object runs the dead-handle check in C
	g <- .re_getters[[class(x)[1]]]
	if (length(g)) tryCatch(match.fun(g[[1]]$fun)(x), radioembo_error = function(e) NULL)
	invisible(TRUE)
}

# ---- volumes: R arrays with dim c(nx, ny, nz) ------------------------------------------
# The library keeps voxels as C floats, x fastest: the same order as an R array with
# dim c(nx, ny, nz). R has no single-precision vectors, so as.array() copies (and widens)
# the voxels, and volume_from_array() copies them in: a view without a copy is not
# possible from R.

#' An R array of the voxels, dim c(nx, ny, nz) (a copy, as doubles).
as.array.radioembo_volume <- function(x, ...) {
	d <- volume_get_dimensions(x)
	array(volume_get_data(x, d$nx * d$ny * d$nz), dim = c(d$nx, d$ny, d$nz))
}

#' A new volume from an R array (dim c(nx, ny, nz); a vector or matrix counts as
#' nz = 1 or ny = nz = 1), spacing_mm one number or c(x, y, z), optional origin_mm, or
#' instead affine: the 4 x 4 voxel-to-patient matrix in LPS mm (a matrix, or 16 numbers row
#' by row as in C), which sets spacing, direction and origin.
volume_from_array <- function(x, spacing_mm = 1, origin_mm = NULL, affine = NULL) {
	d <- dim(x)
	if (is.null(d)) d <- length(x)
	if (length(d) > 3) stop("radioembo: volume_from_array needs at most 3 dimensions", call. = FALSE)
	d <- c(d, 1, 1)[1:3]
	s <- rep_len(as.double(spacing_mm), 3)
	v <- volume_new_from_data(as.double(x), d[1], d[2], d[3], s[1], s[2], s[3])
	if (!is.null(origin_mm)) {
		o <- rep_len(as.double(origin_mm), 3)
		volume_set_origin_mm(v, o[1], o[2], o[3])
	}
	if (!is.null(affine)) {
		if (is.matrix(affine)) affine <- t(affine)  # R is column-major, C row by row
		volume_set_affine_mm(v, as.double(affine))
	}
	v
}

# ---- objects as text and as data frames ------------------------------------------------

#' One line: the object's type and, where it has one, its label or name.
format.radioembo_object <- function(x, ...) {
	type <- sub("^radioembo_", "", class(x)[1])
	ok <- tryCatch({ .re_live(x); TRUE }, error = function(e) FALSE)
	if (!ok) return(paste0("<radioembo ", type, ": no longer valid>"))
	fields <- as.list(x)
	label <- fields$label
	if (is.null(label)) label <- fields$name
	if (is.null(label)) label <- fields$id
	paste0("<radioembo ", type, if (!is.null(label)) paste0(" \"", label[1], "\""), ">")
}

#' A one-row data frame of the object's queries: numbers, strings and flags as columns,
#' vectors and nested values as list columns.
as.data.frame.radioembo_object <- function(x, row.names = NULL, optional = FALSE, ...) {
	.re_records(list(.re_flatten(as.list(x))))
}

.re_flatten <- function(fields, prefix = "") {
	out <- list()
	for (name in names(fields)) {
		value <- fields[[name]]
		key <- paste0(prefix, name)
		if (is.list(value) && !is.null(names(value)) && !is.data.frame(value))
			out <- c(out, .re_flatten(value, paste0(key, ".")))
		else
			out[[key]] <- value
	}
	out
}

# A list of records (named lists) as a data frame: a column per name (NA where a record
# lacks it or holds null), list columns where a value is not one number, string or flag.
.re_records <- function(records) {
	keys <- unique(unlist(lapply(records, names)))
	columns <- lapply(keys, function(k) {
		values <- lapply(records, function(r) r[[k]])
		scalar <- vapply(values, function(v) is.null(v) || (is.atomic(v) && length(v) == 1), NA)
		if (all(scalar)) {
			values[vapply(values, is.null, NA)] <- list(NA)
			unlist(values)
		} else {
			I(values)
		}
	})
	names(columns) <- keys
	df <- as.data.frame(columns, stringsAsFactors = FALSE, optional = TRUE)
	if (!length(keys)) df <- data.frame(row.names = seq_along(records))
	df
}

# ---- a case in one call ---------------------------------------------------------------

#' Plans a case file (radioembo-case(5)) and returns its report, the document of
#' `radioembo plan CASE --format json`, as a list whose tables are data frames: lesions,
#' models, dose_activity_table (its rows; the table's other fields are attributes) and
#' diagnostics. case: a path, JSON text (starting with "{"), or a case object
#' (case_new_from_file) whose settings were changed. threads: the Monte Carlo threads
#' (1 to 1024; the report is the same on any count); NULL keeps a case object's setting and
#' uses the processors online otherwise, as the command line does.
plan_case <- function(case, threads = NULL) {
	if (!inherits(case, "radioembo_case")) {
		if (!is.character(case) || length(case) != 1 || is.na(case))
			stop("radioembo: plan_case needs a path, JSON text or a case object", call. = FALSE)
		case <- if (grepl("^[[:space:]]*\\{", case)) {
			case_new_from_json(case, nchar(case, type = "bytes"))
		} else {
			case_new_from_file(path.expand(case))
		}
		if (is.null(threads))
			threads <- max(1L, min(1024L, parallel::detectCores()), na.rm = TRUE)
	}
	if (!is.null(threads)) case_set_threads(case, threads)
	doc <- .Call(C_re_json_parse, report_json(case_compute(case)))
	for (table in c("lesions", "models", "diagnostics"))
		if (is.list(doc[[table]])) doc[[table]] <- .re_records(doc[[table]])
	t <- doc$dose_activity_table
	if (is.list(t) && is.list(t$rows)) {
		rows <- .re_records(t$rows)
		for (name in setdiff(names(t), "rows")) attr(rows, name) <- t[[name]]
		doc$dose_activity_table <- rows
	}
	doc
}
