/*
 * The case object: read from JSON text or a file, the accessors front ends need, the
 * uncertainty settings a caller may override, and the key path of the last failure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L /* fileno(), fstat(): a case file's size before reading it */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case/case_internal.h"

/* The key path of the last failing case call on this thread ("" for none). */
static _Thread_local char last_key[RADIOEMBO__CASE_PATH_SIZE];
/* The errors of the last failing read of a case on this thread. */
static _Thread_local struct radioembo__case_error last_errors[RADIOEMBO__CASE_MAX_ERRORS];
static _Thread_local size_t last_error_count;

void radioembo__case_set_error_key(const char *key)
{
	snprintf(last_key, sizeof last_key, "%s", key);
}

void radioembo__case_set_errors(const struct radioembo__case_error *errors, size_t count)
{
	last_error_count = count;
	if (count > 0)
		memcpy(last_errors, errors, count * sizeof *errors);
}

const char *radioembo_case_error_key(void)
{
	return last_key;
}

int radioembo_case_error_count(size_t *count_out)
{
	int rc;

	if ((rc = radioembo__require_pointer("count_out", count_out)))
		return rc;
	*count_out = last_error_count;
	return RADIOEMBO_OK;
}

const char *radioembo_case_error_key_at(size_t index)
{
	return index < last_error_count ? last_errors[index].key : NULL;
}

const char *radioembo_case_error_message_at(size_t index)
{
	return index < last_error_count ? last_errors[index].message : NULL;
}

/* A failure of a call that no key of the case file is at fault for. */
static int fail(int status, const char *parameter, const char *format, ...)
	RADIOEMBO__PRINTF(3, 4);

static int fail(int status, const char *parameter, const char *format, ...)
{
	char message[512];
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof message, format, args);
	va_end(args);
	radioembo__case_set_error_key("");
	return radioembo__fail(status, parameter, "%s", message);
}

int radioembo_case_new_from_json(const char *text, size_t length, radioembo_case **case_out)
{
	struct radioembo__case_reader r;
	const char *end;
	json_error_t error;
	json_t *root;
	int rc;

	if ((rc = radioembo__require_pointer("text", text)) ||
	    (rc = radioembo__require_pointer("case_out", case_out))) {
		radioembo__case_set_error_key("");
		radioembo__case_set_errors(NULL, 0);
		return rc;
	}
	memset(&r, 0, sizeof r);
	/* a NUL byte ends the text: a caller may pass the length of its buffer, or SIZE_MAX */
	if ((end = memchr(text, '\0', length)) != NULL)
		length = (size_t)(end - text);
	/* a UTF-8 byte-order mark, as some editors write, is no part of the JSON text */
	if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		length -= 3;
	}
	if (length > RADIOEMBO__CASE_MAX_BYTES) {
		radioembo__case_set_error_key("");
		radioembo__case_set_errors(NULL, 0);
		return radioembo__fail(RADIOEMBO_EINVAL, "length",
				       "the case text is %zu bytes, more than the limit of %zu",
				       length, RADIOEMBO__CASE_MAX_BYTES);
	}
	if ((root = json_loadb(text, length, JSON_REJECT_DUPLICATES, &error)) == NULL) {
		radioembo__case_set_error_key("");
		radioembo__case_set_errors(NULL, 0);
		if (json_error_code(&error) == json_error_out_of_memory)
			return radioembo__fail(RADIOEMBO_ENOMEM, NULL,
					       "out of memory reading JSON");
		r.error_count = 1;
		r.errors[0].status = RADIOEMBO_EINVAL;
		snprintf(r.errors[0].message, sizeof r.errors[0].message,
			 "line %d, column %d: malformed JSON: %s", error.line, error.column,
			 error.text);
		radioembo__case_set_errors(r.errors, 1);
		return radioembo__fail(RADIOEMBO_EINVAL, "text", "%s", r.errors[0].message);
	}
	if ((r.c = radioembo__allocate(sizeof *r.c, "a case")) == NULL) {
		json_decref(root);
		radioembo__case_set_error_key("");
		radioembo__case_set_errors(NULL, 0);
		return RADIOEMBO_ENOMEM;
	}
	r.c->seed = RADIOEMBO__CASE_DEFAULT_SEED;
	r.c->samples = RADIOEMBO__CASE_DEFAULT_SAMPLES;
	rc = radioembo__case_read_root(&r, root);
	radioembo__case_labels_free(&r.territory_labels);
	radioembo__case_labels_free(&r.lesion_labels);
	json_decref(root);
	if (rc != 0) {
		radioembo_case_free(r.c);
		if (rc == RADIOEMBO_ENOMEM || r.error_count == 0) {
			radioembo__case_set_error_key(r.key);
			radioembo__case_set_errors(NULL, 0);
			return rc;
		}
		/* the first error is the call's: its key and message */
		radioembo__case_set_error_key(r.errors[0].key);
		radioembo__case_set_errors(r.errors, r.error_count);
		return radioembo__fail(r.errors[0].status, "text", "%s", r.errors[0].message);
	}
	*case_out = r.c;
	return 0;
}

/*
 * The whole file, NUL-terminated, in *data_out (to free), its size in *size_out. A file
 * over the size limit is refused: a regular file by its size, before any byte is read; a
 * pipe or device (of no size known ahead) once it has given one byte more than the limit.
 */
static int read_file(const char *path, char **data_out, size_t *size_out)
{
	FILE *file = fopen(path, "rb");
	char *data = NULL;
	size_t size = 0, capacity = 0, got;
	struct stat st;
	int failed;

	if (file == NULL)
		return fail(RADIOEMBO_ENOTFOUND, "path", "cannot open the case file: %s",
			    strerror(errno));
	if (fstat(fileno(file), &st) == 0 && S_ISREG(st.st_mode) &&
	    (uintmax_t)st.st_size > RADIOEMBO__CASE_MAX_BYTES) {
		fclose(file);
		return fail(RADIOEMBO_EINVAL, "path",
			    "the case file is %jd bytes, more than the limit of %zu",
			    (intmax_t)st.st_size, RADIOEMBO__CASE_MAX_BYTES);
	}
	do {
		/* room for a read and the NUL: a file may be a pipe, of no size known ahead */
		if (radioembo__reserve((void **)&data, size, &capacity, size + 65536 + 1, 65536, 1,
				       "the case file")) {
			free(data);
			fclose(file);
			radioembo__case_set_error_key("");
			return RADIOEMBO_ENOMEM;
		}
		got = fread(data + size, 1, capacity - size - 1, file);
		size += got;
	} while (got > 0 && size <= RADIOEMBO__CASE_MAX_BYTES);
	failed = ferror(file);
	fclose(file);
	if (failed) {
		free(data);
		return fail(RADIOEMBO_EINVAL, "path", "cannot read the case file");
	}
	if (size > RADIOEMBO__CASE_MAX_BYTES) {
		free(data);
		return fail(RADIOEMBO_EINVAL, "path",
			    "the case file is more than the limit of %zu bytes",
			    RADIOEMBO__CASE_MAX_BYTES);
	}
	*data_out = data;
	*size_out = size;
	return 0;
}

int radioembo_case_new_from_file(const char *path, radioembo_case **case_out)
{
	char *data = NULL;
	size_t size = 0;
	int rc;

	if ((rc = radioembo__require_pointer("path", path)) ||
	    (rc = radioembo__require_pointer("case_out", case_out))) {
		radioembo__case_set_error_key("");
		radioembo__case_set_errors(NULL, 0);
		return rc;
	}
	if ((rc = read_file(path, &data, &size))) {
		radioembo__case_set_errors(NULL, 0);
		return rc;
	}
	rc = radioembo_case_new_from_json(data, size, case_out);
	free(data);
	if (rc != 0 && rc != RADIOEMBO_ENOMEM) {
		/* the file's content is at fault: the argument that names it is path */
		char message[512];
		snprintf(message, sizeof message, "%s", radioembo_last_error_message());
		radioembo__fail(rc, "path", "%s", message);
	}
	return rc;
}

void radioembo_case_free(radioembo_case *c)
{
	if (c == NULL)
		return;
	radioembo_uncertainty_free(c->uncertainty);
	radioembo_plan_free(c->plan);
	radioembo_lung_free(c->lung);
	radioembo_liver_free(c->liver);
	radioembo_product_free(c->product);
	free(c->treated_territory);
	free(c->patient_id);
	free(c->patient_name);
	for (size_t i = 0; i < RADIOEMBO__CASE_SIGN_OFF_COUNT; i++)
		free(c->sign_off[i]);
	free(c->description);
	free(c->id);
	free(c);
}

const char *radioembo_case_id(const radioembo_case *c)
{
	return c != NULL ? c->id : NULL;
}

const char *radioembo_case_description(const radioembo_case *c)
{
	return c != NULL ? c->description : NULL;
}

const radioembo_plan *radioembo_case_plan(const radioembo_case *c)
{
	return c != NULL ? c->plan : NULL;
}

const radioembo_uncertainty *radioembo_case_uncertainty(const radioembo_case *c)
{
	return c != NULL ? c->uncertainty : NULL;
}

static int require_case(const char *name, const void *c, const char *out, const void *pointer)
{
	int rc;

	if ((rc = radioembo__require_pointer(name, c)) ||
	    (out != NULL && (rc = radioembo__require_pointer(out, pointer))))
		radioembo__case_set_error_key("");
	return rc;
}

int radioembo_case_get_propagation_method(const radioembo_case *c,
					  radioembo_propagation_method *method_out)
{
	int rc;

	if ((rc = require_case("c", c, "method_out", method_out)))
		return rc;
	*method_out = c->uncertainty_method;
	return 0;
}

int radioembo_case_set_propagation_method(radioembo_case *c, radioembo_propagation_method method)
{
	int rc;

	if ((rc = require_case("c", c, NULL, NULL)))
		return rc;
	if (method != 0 && radioembo_propagation_method_name(method) == NULL) {
		radioembo__case_set_error_key("");
		return radioembo__fail(RADIOEMBO_EINVAL, "method",
				       "method must be 0 or a radioembo_propagation_method, got %d",
				       (int)method);
	}
	if (method != 0 && c->uncertainty == NULL)
		return fail(RADIOEMBO_ENOTFOUND, "c",
			    "c has no \"uncertainty\" section with inputs: nothing to propagate");
	c->uncertainty_method = method;
	return 0;
}

int radioembo_case_get_samples(const radioembo_case *c, size_t *samples_out)
{
	int rc;

	if ((rc = require_case("c", c, "samples_out", samples_out)))
		return rc;
	*samples_out = c->samples;
	return 0;
}

/* The range is worded as in a case file, where the key and value come first. */
int radioembo_case_set_samples(radioembo_case *c, size_t samples)
{
	int rc;

	if ((rc = require_case("c", c, NULL, NULL)))
		return rc;
	if (samples < RADIOEMBO__CASE_MIN_SAMPLES || samples > RADIOEMBO__CASE_MAX_SAMPLES) {
		radioembo__case_set_error_key("");
		return radioembo__fail(RADIOEMBO_EINVAL, "samples",
				       "expected an integer from %d to %d",
				       RADIOEMBO__CASE_MIN_SAMPLES, RADIOEMBO__CASE_MAX_SAMPLES);
	}
	c->samples = samples;
	return 0;
}

int radioembo_case_get_seed(const radioembo_case *c, uint64_t *seed_out)
{
	int rc;

	if ((rc = require_case("c", c, "seed_out", seed_out)))
		return rc;
	*seed_out = c->seed;
	return 0;
}

int radioembo_case_set_seed(radioembo_case *c, uint64_t seed)
{
	int rc;

	if ((rc = require_case("c", c, NULL, NULL)))
		return rc;
	if (seed > (uint64_t)RADIOEMBO__CASE_MAX_SEED) {
		radioembo__case_set_error_key("");
		return radioembo__fail(RADIOEMBO_EINVAL, "seed",
				       "expected an integer from 0 to %.17g",
				       RADIOEMBO__CASE_MAX_SEED);
	}
	c->seed = seed;
	return 0;
}

int radioembo_case_set_generator(radioembo_case *c, const char *name)
{
	int rc;

	if ((rc = require_case("c", c, "name", name)))
		return rc;
	if (c->uncertainty == NULL)
		return fail(RADIOEMBO_ENOTFOUND, "c",
			    "c has no \"uncertainty\" section with inputs: no generator to set");
	if ((rc = radioembo_uncertainty_set_generator(c->uncertainty, name)))
		radioembo__case_set_error_key("");
	return rc;
}

int radioembo_case_set_threads(radioembo_case *c, size_t threads)
{
	int rc;

	if ((rc = require_case("c", c, NULL, NULL)))
		return rc;
	if ((rc = radioembo__require_threads("threads", threads))) {
		radioembo__case_set_error_key("");
		return rc;
	}
	/* a case without uncertainty inputs has no Monte Carlo propagation to thread */
	if (c->uncertainty != NULL)
		radioembo_uncertainty_set_threads(c->uncertainty, threads);
	return RADIOEMBO_OK;
}
