/*
 * radioembo(1): all-or-nothing output (see output.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
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

int output_commit(struct output *output, const char *path, struct cli_error *err)
{
	char *temporary;
	size_t length;
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
	length = strlen(path);
	if ((temporary = malloc(length + sizeof ".tmp-XXXXXX")) == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	memcpy(temporary, path, length);
	memcpy(temporary + length, ".tmp-XXXXXX", sizeof ".tmp-XXXXXX");
	if ((fd = mkstemp(temporary)) < 0) {
		cli_fail(err, CLI_EXIT_USAGE, "%s: cannot create the output file: %s", path,
			 strerror(errno));
		free(temporary);
		return err != NULL ? err->status : CLI_EXIT_USAGE;
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
