/*
 * Replays the fuzz corpora through their targets' entry points, one TAP line per input:
 * tests/fuzz/case/ through the library's case reader (fuzz_case.c), tests/fuzz/iso8601/ through
 * the ISO 8601 parser and formatter (fuzz_iso8601.c), tests/fuzz/api/ through the
 * API-sequence interpreter (fuzz_api.c), tests/fuzz/image/ through the command's NIfTI and
 * DICOM readers (fuzz_image.c), tests/fuzz/voxel/ through the voxel-API interpreter
 * (fuzz_voxel.c). A crash, a broken invariant (abort), a sanitizer
 * report or a valgrind error fails the suite.
 *
 * Each target is compiled on its own with LLVMFuzzerTestOneInput renamed to
 * fuzz_<target>_one_input, so that one plain program (gcc, SANITIZE, VALGRIND alike) links
 * them all. Without arguments every corpus is replayed; `replay TARGET PATH...` replays
 * the given files and directories (e.g. a crash artifact) through one target.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef int (*entry_point)(const uint8_t *data, size_t size);

int fuzz_case_one_input(const uint8_t *data, size_t size);
int fuzz_iso8601_one_input(const uint8_t *data, size_t size);
int fuzz_api_one_input(const uint8_t *data, size_t size);
int fuzz_image_one_input(const uint8_t *data, size_t size);
int fuzz_voxel_one_input(const uint8_t *data, size_t size);

/* The targets, each with its corpus directory under FUZZ_CORPUS_DIR. */
static const struct target {
	const char *name;
	entry_point run;
} targets[] = {
	{"case", fuzz_case_one_input},
	{"iso8601", fuzz_iso8601_one_input},
	{"api", fuzz_api_one_input},
	{"image", fuzz_image_one_input},
	{"voxel", fuzz_voxel_one_input},
};
#define TARGET_COUNT (sizeof targets / sizeof targets[0])

static int count;
static int failures;

static void replay_file(const struct target *target, const char *path)
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
		/* announced first, so that a crash names its input */
		fprintf(stderr, "# %s: %s\n", target->name, path);
		target->run(data, (size_t)size);
		printf("ok %d - replay %s %s\n", count, target->name, path);
	}
	free(data);
	if (file != NULL)
		fclose(file);
	fflush(stdout);
}

static void replay(const struct target *target, const char *path)
{
	struct dirent **entries;
	struct stat st;
	char child[4096];
	int n, i;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
		replay_file(target, path);
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
			replay_file(target, child);
		}
		free(entries[i]);
	}
	free(entries);
}

int main(int argc, char **argv)
{
	char directory[4096];
	size_t t;
	int i;

	if (argc < 2) {
		for (t = 0; t < TARGET_COUNT; t++) {
			snprintf(directory, sizeof directory, "%s/%s", FUZZ_CORPUS_DIR,
				 targets[t].name);
			replay(&targets[t], directory);
		}
	} else {
		for (t = 0; t < TARGET_COUNT && strcmp(argv[1], targets[t].name) != 0; t++)
			;
		if (t == TARGET_COUNT || argc < 3) {
			fprintf(stderr, "usage: %s [case|iso8601|api|image|voxel PATH...]\n", argv[0]);
			return 2;
		}
		for (i = 2; i < argc; i++)
			replay(&targets[t], argv[i]);
	}
	printf("1..%d\n", count);
	return failures != 0;
}
