/*
 * Allocation, the copies of labels that objects keep, and matching of names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _POSIX_C_SOURCE 200809L /* strnlen */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"

void *radioembo__allocate(size_t size, const char *what)
{
	void *memory = calloc(1, size);

	if (memory == NULL)
		radioembo__fail(RADIOEMBO_ENOMEM, NULL, "out of memory allocating %s (%zu bytes)",
				what, size);
	return memory;
}

int radioembo__reserve(void **array, size_t count, size_t *capacity, size_t needed, size_t minimum,
		       size_t element_size, const char *what)
{
	size_t grown_capacity = *capacity > minimum ? *capacity : minimum;
	char *grown;

	if (needed <= *capacity)
		return RADIOEMBO_OK;
	while (grown_capacity < needed) {
		if (grown_capacity > SIZE_MAX / 2 / element_size)
			return radioembo__fail(RADIOEMBO_ENOMEM, NULL, "too many %s (%zu)", what,
					       needed);
		grown_capacity *= 2;
	}
	if ((grown = radioembo__allocate(grown_capacity * element_size, what)) == NULL)
		return RADIOEMBO_ENOMEM;
	if (count > 0)
		memcpy(grown, *array, count * element_size);
	free(*array);
	*array = grown;
	*capacity = grown_capacity;
	return RADIOEMBO_OK;
}

int radioembo__is_utf8(const char *text, size_t length)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + length;

	while (p < end) {
		unsigned char c = *p;
		size_t n, i;
		unsigned long code;
		if (c < 0x80) {
			p++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			n = 1, code = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 2, code = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 3, code = c & 0x07;
		else
			return 0;
		if ((size_t)(end - p) <= n)
			return 0;
		for (i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			code = (code << 6) | (p[i] & 0x3F);
		}
		/* overlong forms, UTF-16 surrogates and code points past U+10FFFF */
		if ((n == 2 && code < 0x800) || (n == 3 && code < 0x10000) || code > 0x10FFFF ||
		    (code >= 0xD800 && code <= 0xDFFF))
			return 0;
		p += n + 1;
	}
	return 1;
}

int radioembo__copy_label(const char *name, const char *text, char **copy_out)
{
	size_t length;
	char *copy;
	int rc;

	if ((rc = radioembo__require_pointer(name, text)))
		return rc;
	length = strnlen(text, RADIOEMBO__MAX_LABEL + 1);
	if (length == 0 || length > RADIOEMBO__MAX_LABEL)
		return radioembo__fail(RADIOEMBO_EINVAL, name,
				       "%s must be 1 to %d bytes long, got %s", name,
				       RADIOEMBO__MAX_LABEL, length == 0 ? "\"\"" : "a longer one");
	/* labels reach JSON reports and terminals, which need valid UTF-8 */
	if (!radioembo__is_utf8(text, length))
		return radioembo__fail(RADIOEMBO_EINVAL, name,
				       "%s must be valid UTF-8 text, got bytes that are not", name);
	if ((copy = radioembo__allocate(length + 1, name)) == NULL)
		return RADIOEMBO_ENOMEM;
	memcpy(copy, text, length);
	*copy_out = copy;
	return RADIOEMBO_OK;
}

int radioembo__replace_label(const char *name, const char *text, char **label)
{
	char *copy;
	int rc;

	if ((rc = radioembo__copy_label(name, text, &copy)))
		return rc;
	free(*label);
	*label = copy;
	return RADIOEMBO_OK;
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int radioembo__names_match(const char *a, const char *b)
{
	while (*a != '\0' && ascii_lower(*a) == ascii_lower(*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}
