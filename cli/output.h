/*
 * radioembo(1): every file the command writes goes through here (radioembo(1), OUTPUT
 * FILES). A run declares its outputs before any work (struct output_set): each is resolved
 * and checked then, and the run's outputs are written together at the end or none is.
 *
 *   "-"                standard output, written directly.
 *   a device, a FIFO   opened and written directly, never replaced.
 *   a symbolic link    written through to the file it names; a link to a missing file
 *                      is refused.
 *   a directory        refused (bad input).
 *   a regular file,    staged: a temporary file beside it, every write, gzclose and
 *   or a new name      fsync checked, then renamed over it once every output of the run
 *                      is staged. The old file's mode (and owner, where allowed) is kept;
 *                      a new file gets 0666 & ~umask.
 *
 * Two outputs naming one file, or an output naming an input, are refused (compared by
 * device and inode, so links and other spellings are caught). Temporary files are removed
 * on failure and on SIGINT, SIGTERM, SIGHUP, SIGPIPE and SIGXFSZ.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_OUTPUT_H
#define RADIOEMBO_CLI_OUTPUT_H

#include <stdio.h>
#include <sys/types.h>

#include "cli.h"

/* A report built in memory (open_memstream) before it is written. */
struct output {
	FILE *stream; /* write the report here */
	char *data;
	size_t size;
};

int output_open(struct output *output, struct cli_error *err);
/* Frees the buffer; safe after a failed output_open(). */
void output_discard(struct output *output);

/*
 * Writes an output's bytes to fd (a staged temporary file or a direct target). context is
 * the one given to output_set_add(); flag and path name the output in messages. Returns 0
 * or the exit status, with err set; every write must be checked.
 */
typedef int (*output_writer)(int fd, void *context, const char *flag, const char *path,
			     struct cli_error *err);

#define OUTPUT_SET_MAX 8

struct output_target {
	const char *flag; /* the option, for messages ("output", "dose-out") */
	const char *path; /* as given */
	char *final;	  /* the file staged and renamed over: path, or a link's target */
	int direct;	  /* written in place: standard output, a device, a FIFO */
	int exists, is_stdout;
	int shareable; /* a character device: outputs may share it (/dev/null) */
	dev_t dev;     /* the target's, or its directory's while it does not exist */
	ino_t ino;
	mode_t mode; /* of the file to create or replace */
	uid_t uid;
	gid_t gid;
	output_writer write;
	void *context;
	char *temporary; /* the staged file, until renamed */
};

struct output_set {
	struct output_target target[OUTPUT_SET_MAX];
	size_t count;
};

/*
 * Declares an output of the run (path "-" is standard output): resolves it, refuses a
 * directory, a link to a missing file and a file another output of the run names
 * (CLI_EXIT_USAGE). writer and context write its bytes at commit.
 */
int output_set_add(struct output_set *set, const char *flag, const char *path, output_writer writer,
		   void *context, struct cli_error *err);
/* Declares a report built in memory (output): written as it stands at commit. */
int output_set_add_buffer(struct output_set *set, const char *flag, const char *path,
			  struct output *output, struct cli_error *err);
/* CLI_EXIT_USAGE if an output of the set names the file of input path (of option flag). */
int output_set_refuse_input(const struct output_set *set, const char *flag, const char *path,
			    struct cli_error *err);
/*
 * Writes every output: stages the regular files, then writes the direct targets, then
 * renames the staged files over theirs. On a failure no staged file is renamed and every
 * temporary is removed. Safe to call once.
 */
int output_set_commit(struct output_set *set, struct cli_error *err);
/* Removes what a failed or abandoned set left and frees it. */
void output_set_discard(struct output_set *set);

/* Writes output (closed here) to path, or to standard output if path is NULL or "-". */
int output_commit(struct output *output, const char *path, struct cli_error *err);

/* write(2) of all size bytes, resuming after EINTR and short writes; 0 or -1 (errno). */
int output_write_all(int fd, const void *data, size_t size);

#endif
