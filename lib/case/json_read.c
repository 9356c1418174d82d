/*
 * Generic access to a case file's JSON that names the key at fault: types, required and
 * unknown keys, numbers, strings, instants, and the library's refusals of a value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/case_internal.h"

int radioembo__case_fail(struct radioembo__case_reader *r, int status, const char *key,
			 const char *format, ...)
{
	char message[RADIOEMBO__CASE_MESSAGE_SIZE];
	va_list args;

	snprintf(r->key, sizeof r->key, "%s", key);
	va_start(args, format);
	vsnprintf(message, sizeof message, format, args);
	va_end(args);
	if (status != RADIOEMBO_ENOMEM && r->error_count < RADIOEMBO__CASE_MAX_ERRORS) {
		struct radioembo__case_error *error = &r->errors[r->error_count++];
		error->status = status;
		snprintf(error->key, sizeof error->key, "%s", key);
		snprintf(error->message, sizeof error->message, "%s", message);
	}
	return radioembo__fail(status, status == RADIOEMBO_ENOMEM ? NULL : "text", "%s", message);
}

int radioembo__case_go_on(const struct radioembo__case_reader *r, int rc)
{
	if (rc == 0)
		return 0;
	if ((rc != RADIOEMBO_EINVAL && rc != RADIOEMBO_ERANGE && rc != RADIOEMBO_ENOTFOUND &&
	     rc != RADIOEMBO_ENOCONV) ||
	    r->error_count == 0 || r->error_count >= RADIOEMBO__CASE_MAX_ERRORS)
		return rc;
	return 0;
}

void radioembo__case_value_text(json_t *value, char *text, size_t size)
{
	char *dump = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT | JSON_REAL_PRECISION(15));

	if (dump == NULL) {
		snprintf(text, size, "(a value)");
		return;
	}
	if (strlen(dump) > 60)
		snprintf(text, size, "%.57s...", dump);
	else
		snprintf(text, size, "%s", dump);
	free(dump);
}

int radioembo__case_require_count(struct radioembo__case_reader *r, json_t *array, const char *path,
				  size_t limit, const char *noun)
{
	if (json_array_size(array) <= limit)
		return 0;
	return radioembo__case_fail(r, RADIOEMBO_EINVAL, path,
				    "%s: %zu %s, more than the limit of %zu", path,
				    json_array_size(array), noun, limit);
}

static const char *type_name(json_t *value)
{
	switch (json_typeof(value)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

int radioembo__case_wrong_type(struct radioembo__case_reader *r, const char *path, json_t *value,
			       const char *expected)
{
	char text[80];

	radioembo__case_value_text(value, text, sizeof text);
	return radioembo__case_fail(r, RADIOEMBO_EINVAL, path, "%s: expected %s, got %s %s", path,
				    expected, type_name(value), text);
}

int radioembo__case_refused(struct radioembo__case_reader *r, int rc, const char *path,
			    json_t *value)
{
	/* copied first: the failure recorded below overwrites the library's message */
	char text[80], detail[512];

	snprintf(detail, sizeof detail, "%s",
		 rc == RADIOEMBO_ENOMEM ? "out of memory" : radioembo_last_error_message());
	radioembo__case_value_text(value, text, sizeof text);
	return radioembo__case_fail(r, rc, path, "%s = %s: %s", path, text, detail);
}

void radioembo__case_join(char *out, const char *parent, const char *key)
{
	int n = parent[0] == '\0' ? snprintf(out, RADIOEMBO__CASE_PATH_SIZE, "%s", key)
				  : snprintf(out, RADIOEMBO__CASE_PATH_SIZE, "%s.%s", parent, key);
	if (n < 0)
		out[0] = '\0';
}

void radioembo__case_join_index(char *out, const char *parent, size_t index)
{
	if (snprintf(out, RADIOEMBO__CASE_PATH_SIZE, "%s[%zu]", parent, index) < 0)
		out[0] = '\0';
}

int radioembo__case_refused_member(struct radioembo__case_reader *r, int rc, const char *path,
				   json_t *object)
{
	const char *parameter = radioembo_last_error_parameter();
	char where[RADIOEMBO__CASE_PATH_SIZE];
	json_t *value;

	if (parameter[0] != '\0' && (value = json_object_get(object, parameter)) != NULL) {
		radioembo__case_join(where, path, parameter);
		return radioembo__case_refused(r, rc, where, value);
	}
	return radioembo__case_refused(r, rc, path, object);
}

int radioembo__case_apply(struct radioembo__case_reader *r, int rc, json_t *object,
			  const char *path, const char *key)
{
	char where[RADIOEMBO__CASE_PATH_SIZE];

	if (rc == RADIOEMBO_OK)
		return 0;
	radioembo__case_join(where, path, key);
	return radioembo__case_refused(r, rc, where, json_object_get(object, key));
}

int radioembo__case_check_keys(struct radioembo__case_reader *r, json_t *object, const char *path,
			       const char *const *allowed)
{
	const char *key;
	json_t *value;
	char where[RADIOEMBO__CASE_PATH_SIZE], list[400];
	size_t i, used;
	int rc = 0;

	/* every unknown key is reported */
	json_object_foreach(object, key, value)
	{
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] != NULL)
			continue;
		list[0] = '\0';
		for (i = 0, used = 0; allowed[i] != NULL && used < sizeof list; i++)
			used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
						 i ? ", " : "", allowed[i]);
		radioembo__case_join(where, path, key);
		rc = radioembo__case_fail(r, RADIOEMBO_EINVAL, where,
					  "%s: unknown key (expected one of: %s)", where, list);
		if (radioembo__case_go_on(r, rc))
			return rc;
	}
	return rc;
}

int radioembo__case_require_object(struct radioembo__case_reader *r, json_t *value,
				   const char *path, const char *const *allowed)
{
	if (!json_is_object(value))
		return radioembo__case_wrong_type(r, path, value, "an object");
	return radioembo__case_check_keys(r, value, path, allowed);
}

json_t *radioembo__case_member(json_t *object, const char *key)
{
	json_t *value = json_object_get(object, key);

	return json_is_null(value) ? NULL : value;
}

int radioembo__case_missing(struct radioembo__case_reader *r, json_t *object, const char *path,
			    const char *key)
{
	char where[RADIOEMBO__CASE_PATH_SIZE];

	radioembo__case_join(where, path, key);
	if (json_is_null(json_object_get(object, key)))
		return radioembo__case_fail(r, RADIOEMBO_EINVAL, where,
					    "%s: null is not allowed here (a value is required)",
					    where);
	return radioembo__case_fail(r, RADIOEMBO_EINVAL, where, "%s: required key is missing",
				    where);
}

int radioembo__case_get_number(struct radioembo__case_reader *r, json_t *object, const char *path,
			       const char *key, int required, double *value_out, int *present_out)
{
	json_t *value = radioembo__case_member(object, key);
	char where[RADIOEMBO__CASE_PATH_SIZE];

	if (present_out != NULL)
		*present_out = 0;
	if (value == NULL)
		return required ? radioembo__case_missing(r, object, path, key) : 0;
	radioembo__case_join(where, path, key);
	if (!json_is_number(value))
		return radioembo__case_wrong_type(r, where, value, "a number");
	*value_out = json_number_value(value);
	if (present_out != NULL)
		*present_out = 1;
	return 0;
}

int radioembo__case_get_string(struct radioembo__case_reader *r, json_t *object, const char *path,
			       const char *key, int required, const char **value_out)
{
	json_t *value = radioembo__case_member(object, key);
	char where[RADIOEMBO__CASE_PATH_SIZE];

	*value_out = NULL;
	if (value == NULL)
		return required ? radioembo__case_missing(r, object, path, key) : 0;
	radioembo__case_join(where, path, key);
	if (!json_is_string(value))
		return radioembo__case_wrong_type(r, where, value, "a string");
	*value_out = json_string_value(value);
	return 0;
}

int radioembo__case_get_instant(struct radioembo__case_reader *r, json_t *object, const char *path,
				const char *key, int required, int64_t *seconds_out,
				int *present_out)
{
	int offset_minutes;

	return radioembo__case_get_instant_at(r, object, path, key, required, seconds_out,
					      &offset_minutes, present_out);
}

int radioembo__case_get_instant_at(struct radioembo__case_reader *r, json_t *object,
				   const char *path, const char *key, int required,
				   int64_t *seconds_out, int *offset_minutes_out, int *present_out)
{
	const char *text;
	int rc;

	*present_out = 0;
	if ((rc = radioembo__case_get_string(r, object, path, key, required, &text)) ||
	    text == NULL)
		return rc;
	if ((rc = radioembo__case_apply(
		     r, radioembo__time_parse(text, seconds_out, offset_minutes_out), object, path,
		     key)))
		return rc;
	*present_out = 1;
	return 0;
}

int radioembo__case_get_whole(struct radioembo__case_reader *r, json_t *object, const char *path,
			      const char *key, double low, double high, double *value_out,
			      int *present_out)
{
	json_t *value = radioembo__case_member(object, key);
	char where[RADIOEMBO__CASE_PATH_SIZE], text[80];

	*present_out = 0;
	if (value == NULL)
		return 0;
	radioembo__case_join(where, path, key);
	if (!json_is_integer(value) || (double)json_integer_value(value) < low ||
	    (double)json_integer_value(value) > high) {
		radioembo__case_value_text(value, text, sizeof text);
		return radioembo__case_fail(r, RADIOEMBO_EINVAL, where,
					    "%s = %s: expected an integer from %.17g to %.17g",
					    where, text, low, high);
	}
	*value_out = (double)json_integer_value(value);
	*present_out = 1;
	return 0;
}

int radioembo__case_duplicate(struct radioembo__case_reader *r, const char *text, char **copy_out)
{
	size_t size = strlen(text) + 1;

	if ((*copy_out = radioembo__allocate(size, "a string of the case")) == NULL) {
		r->key[0] = '\0';
		return RADIOEMBO_ENOMEM;
	}
	memcpy(*copy_out, text, size);
	return 0;
}
