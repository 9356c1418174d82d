/*
 * radioembo(1): all-or-nothing output (see output.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE /* mkstemps() */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

int output_open(struct output *output, struct cli_error *err)
{
	output->data = NULL;
	output->size = 0;
	output->stream = open_memstream(&output->data, &output->size);
	if (output->stream == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	return 0;
}

static int write_all(int fd, const char *data, size_t size)
{
	while (size > 0) {
		ssize_t written = write(fd, data, size);
		if (written < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += written;
		size -= (size_t)written;
	}
	return 0;
}

/* mkstemps(3) replaces the six X of the template */
#define TEMPORARY_MARK ".tmp-XXXXXX"

int output_temporary_sibling(const char *path, size_t stem_length, const char *suffix,
			     char **name_out)
{
	size_t size = stem_length + sizeof TEMPORARY_MARK + strlen(suffix);
	char *name;
	int fd;

	*name_out = NULL;
	if ((name = malloc(size)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(name, size, "%.*s" TEMPORARY_MARK "%s", (int)stem_length, path, suffix);
	if ((fd = mkstemps(name, (int)strlen(suffix))) < 0) {
		int saved = errno;
		free(name);
		errno = saved;
		return -1;
	}
	*name_out = name;
	return fd;
}

int output_commit(struct output *output, const char *path, struct cli_error *err)
{
	char *temporary;
	int fd, failed;

	if (output->stream == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "no output");
	failed = fclose(output->stream) != 0;
	output->stream = NULL;
	if (failed)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory building the output");
	if (path == NULL) {
		if (fwrite(output->data, 1, output->size, stdout) != output->size ||
		    fflush(stdout) != 0)
			return cli_fail(err, CLI_EXIT_INTERNAL, "writing to standard output: %s",
					strerror(errno));
		return 0;
	}
	if ((fd = output_temporary_sibling(path, strlen(path), "", &temporary)) < 0) {
		if (errno == ENOMEM)
			return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
		return cli_fail(err, CLI_EXIT_USAGE, "%s: cannot create the output file: %s",
				path, strerror(errno));
	}
	failed = fchmod(fd, 0644) != 0 || write_all(fd, output->data, output->size) != 0 ||
		 fsync(fd) != 0;
	failed = close(fd) != 0 || failed;
	if (failed || rename(temporary, path) != 0) {
		int saved = errno;
		unlink(temporary);
		free(temporary);
		return cli_fail(err, CLI_EXIT_INTERNAL, "%s: cannot write the output file: %s", path,
				strerror(saved));
	}
	free(temporary);
	return 0;
}

void output_discard(struct output *output)
{
	if (output->stream != NULL)
		fclose(output->stream);
	output->stream = NULL;
	free(output->data);
	output->data = NULL;
	output->size = 0;
}
