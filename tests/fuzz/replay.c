/*
 * Replays the fuzz corpus of the case reader (tests/fuzz/case/, or the files and
 * directories given as arguments) through LLVMFuzzerTestOneInput, one TAP line per input.
 * A crash, a sanitizer report or a valgrind error fails the suite.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count;
static int failures;

static void replay_file(const char *path)
{
	FILE *file = fopen(path, "rb");
	unsigned char *data = NULL;
	long size;

	count++;
	if (file == NULL || fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) < 0 ||
	    fseek(file, 0, SEEK_SET) != 0 || (data = malloc((size_t)size + 1)) == NULL ||
	    fread(data, 1, (size_t)size, file) != (size_t)size) {
		printf("not ok %d - %s (cannot read)\n", count, path);
		failures++;
	} else {
		LLVMFuzzerTestOneInput(data, (size_t)size);
		printf("ok %d - replay %s\n", count, path);
	}
	free(data);
	if (file != NULL)
		fclose(file);
	fflush(stdout);
}

static void replay(const char *path)
{
	struct dirent **entries;
	struct stat st;
	char child[4096];
	int n, i;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	/* Sorted, so that the TAP output is the same on every run. */
	if ((n = scandir(path, &entries, NULL, alphasort)) < 0) {
		printf("not ok %d - %s (cannot list)\n", ++count, path);
		failures++;
		return;
	}
	for (i = 0; i < n; i++) {
		if (entries[i]->d_name[0] != '.') {
			snprintf(child, sizeof child, "%s/%s", path, entries[i]->d_name);
			replay_file(child);
		}
		free(entries[i]);
	}
	free(entries);
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 2)
		replay(FUZZ_CORPUS_DIR);
	for (i = 1; i < argc; i++)
		replay(argv[i]);
	printf("1..%d\n", count);
	return failures != 0;
}
