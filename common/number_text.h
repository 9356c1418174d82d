/*
 * The text of a number, shared by the library and the radioembo command (compiled into
 * both, so that both write numbers the same way): the shortest decimal that reads back as
 * the same double, in messages and in every JSON document the project writes. Private:
 * never installed, not part of the API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_NUMBER_TEXT_H
#define RADIOEMBO_NUMBER_TEXT_H

#include <stddef.h>

/* jansson's JSON value; only the JSON writers include jansson */
struct json_t;

/* Room for any double printed by radioembo__format_double, with its NUL. */
#define RADIOEMBO__DOUBLE_TEXT_SIZE 32

/* The shortest decimal text that reads back as exactly value ("64.1", "-inf", "nan"). */
const char *radioembo__format_double(double value, char buffer[RADIOEMBO__DOUBLE_TEXT_SIZE]);

/*
 * json_dumps(json, flags) with every real written in its shortest round-trip form
 * ("64.1", not "64.099999999999994"), still as a real ("2.0", not "2"); any
 * JSON_REAL_PRECISION in flags is replaced. Free the text with free(); NULL when jansson
 * fails or memory runs out.
 */
char *radioembo__json_dumps(const struct json_t *json, size_t flags);

#endif /* RADIOEMBO_NUMBER_TEXT_H */
