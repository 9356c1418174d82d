/*
 * radioembo(1): flag parsing for the subcommands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <radioembo.h>

#include "options.h"

int options_parse(int argc, char **argv, const struct option_spec *specs, size_t n,
		  const char **values, const char **positional, size_t max_positional,
		  size_t *positional_count_out, int *help_out, struct cli_error *err)
{
	size_t i, count = 0, length;
	int arg, only_positional = 0;

	*help_out = 0;
	for (i = 0; i < n; i++)
		values[i] = NULL;
	for (arg = 0; arg < argc; arg++) {
		const char *word = argv[arg], *equals;
		if (only_positional || word[0] != '-' || word[1] == '\0') {
			if (count == max_positional)
				return cli_fail(err, CLI_EXIT_USAGE, "unexpected argument \"%s\"",
						word);
			positional[count++] = word;
			continue;
		}
		if (strcmp(word, "--") == 0) {
			only_positional = 1;
			continue;
		}
		if (strcmp(word, "--help") == 0 || strcmp(word, "-h") == 0) {
			*help_out = 1;
			continue;
		}
		if (strncmp(word, "--", 2) != 0)
			return cli_fail(err, CLI_EXIT_USAGE, "unknown option \"%s\"", word);
		word += 2;
		equals = strchr(word, '=');
		length = equals != NULL ? (size_t)(equals - word) : strlen(word);
		for (i = 0; i < n; i++)
			if (strlen(specs[i].name) == length &&
			    strncmp(specs[i].name, word, length) == 0)
				break;
		if (i == n)
			return cli_fail(err, CLI_EXIT_USAGE, "unknown option \"--%.*s\"",
					(int)length, word);
		/* every option takes one value: a second one would silently win */
		if (values[i] != NULL)
			return cli_fail(err, CLI_EXIT_USAGE, "--%s is given twice", specs[i].name);
		if (equals != NULL) {
			values[i] = equals + 1;
		} else {
			if (arg + 1 == argc)
				return cli_fail(err, CLI_EXIT_USAGE, "--%s needs a value (%s)",
						specs[i].name, specs[i].value);
			values[i] = argv[++arg];
		}
	}
	*positional_count_out = count;
	return 0;
}

void options_help(FILE *out, const char *usage, const char *about,
		  const struct option_spec *specs, size_t n)
{
	size_t i;

	fprintf(out, "usage: %s\n\n%s\n\n", usage, about);
	for (i = 0; i < n; i++) {
		char flag[64];
		snprintf(flag, sizeof flag, "--%s %s", specs[i].name, specs[i].value);
		fprintf(out, "  %-28s %s\n", flag, specs[i].help);
	}
	fprintf(out, "  %-28s %s\n", "--help", "this text");
}

int options_number(const struct option_spec *specs, const char **values, size_t index,
		   int required, double *value_out, int *present_out, struct cli_error *err)
{
	if (present_out != NULL)
		*present_out = 0;
	if (values[index] == NULL) {
		if (required)
			return cli_fail(err, CLI_EXIT_USAGE, "--%s is required (%s)",
					specs[index].name, specs[index].value);
		return 0;
	}
	if (cli_parse_double(values[index], value_out) != 0)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s \"%s\": expected a finite number",
				specs[index].name, values[index]);
	if (present_out != NULL)
		*present_out = 1;
	return 0;
}

/* The spec whose flag is the library parameter name (underscores as dashes, no "_s"). */
static const struct option_spec *flag_of(const struct option_spec *specs, size_t n,
					 const char *parameter)
{
	char name[64];
	size_t i, length = strlen(parameter);

	if (length == 0 || length >= sizeof name)
		return NULL;
	for (i = 0; i <= length; i++)
		name[i] = parameter[i] == '_' ? '-' : parameter[i];
	for (i = 0; i < n; i++)
		if (strcmp(specs[i].name, name) == 0)
			return &specs[i];
	/* an instant's parameter ends in "_s" (seconds); its flag takes ISO 8601 text */
	if (length > 2 && strcmp(name + length - 2, "-s") == 0) {
		name[length - 2] = '\0';
		for (i = 0; i < n; i++)
			if (strcmp(specs[i].name, name) == 0)
				return &specs[i];
	}
	return NULL;
}

int options_library_error(const struct option_spec *specs, size_t n, int rc, struct cli_error *err)
{
	const char *parameter = radioembo_last_error_parameter();
	const char *message =
		rc == RADIOEMBO_ENOMEM ? "out of memory" : radioembo_last_error_message();
	const struct option_spec *flag = flag_of(specs, n, parameter);
	size_t length = strlen(parameter);

	if (flag != NULL && strncmp(message, parameter, length) == 0)
		return cli_fail(err, cli_status_from_library(rc), "--%s%s", flag->name,
				message + length);
	if (flag != NULL)
		return cli_fail(err, cli_status_from_library(rc), "--%s: %s", flag->name, message);
	return cli_fail(err, cli_status_from_library(rc), "%s", message);
}

int options_format(const char *value, int *json_out, struct cli_error *err)
{
	*json_out = 0;
	if (value == NULL || strcmp(value, "text") == 0)
		return 0;
	if (strcmp(value, "json") == 0) {
		*json_out = 1;
		return 0;
	}
	return cli_fail(err, CLI_EXIT_USAGE, "--format \"%s\": expected text or json", value);
}
