/*
 * The text of a number: the shortest of %.15g, %.16g and %.17g that reads back exactly.
 * Every double has such a form within 17 significant digits (IEEE 754 binary64), and the
 * C library's strtod rounds correctly, so the test is exact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "number_text.h"

const char *radioembo__format_double(double value, char buffer[RADIOEMBO__DOUBLE_TEXT_SIZE])
{
	int digits;

	for (digits = 15; digits <= 17; digits++) {
		snprintf(buffer, RADIOEMBO__DOUBLE_TEXT_SIZE, "%.*g", digits, value);
		if (isnan(value) || strtod(buffer, NULL) == value)
			break;
	}
	return buffer;
}

/* A number token of JSON text: "-", digits, ".", exponent. */
static size_t number_length(const char *text)
{
	return strspn(text, "-+0123456789.eE");
}

/*
 * jansson writes a real with %.17g and a ".0" when that has neither '.' nor 'e': such a
 * token reads back as the double it holds, which is rewritten in its shortest form.
 * Integers (no '.', 'e' or 'E') are copied as they are.
 */
static char *shorten(const char *text)
{
	size_t length = strlen(text), in = 0, out = 0, n;
	/*
	 * A token grows only when %.17g wrote it in full (16 or more characters) and the
	 * shortest form needs an exponent (at most 24, "-1.2345678901234567e-308"): twice the
	 * length is room enough.
	 */
	char *result = malloc(2 * length + 1), number[RADIOEMBO__DOUBLE_TEXT_SIZE];
	int in_string = 0;

	if (result == NULL)
		return NULL;
	while (in < length) {
		char c = text[in];
		if (in_string) {
			result[out++] = c;
			in++;
			if (c == '\\' && in < length)
				result[out++] = text[in++];
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
			result[out++] = text[in++];
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			n = number_length(text + in);
			if (n < RADIOEMBO__DOUBLE_TEXT_SIZE && strcspn(text + in, ".eE") < n) {
				memcpy(number, text + in, n);
				number[n] = '\0';
				radioembo__format_double(strtod(number, NULL), number);
				if (strcspn(number, ".e") == strlen(number))
					strcat(number, ".0");
				memcpy(result + out, number, strlen(number));
				out += strlen(number);
			} else {
				memcpy(result + out, text + in, n);
				out += n;
			}
			in += n;
		} else {
			result[out++] = text[in++];
		}
	}
	result[out] = '\0';
	return result;
}

char *radioembo__json_dumps(const struct json_t *json, size_t flags)
{
	char *text = json_dumps(json, (flags & ~(size_t)JSON_REAL_PRECISION(31)) |
					      JSON_REAL_PRECISION(17)),
	     *result;

	if (text == NULL)
		return NULL;
	result = shorten(text);
	free(text);
	return result;
}
