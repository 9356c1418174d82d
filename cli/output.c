/*
 * radioembo(1): the output layer (see output.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE /* realpath() with a NULL buffer, fchown() */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
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

void output_discard(struct output *output)
{
	if (output->stream != NULL)
		fclose(output->stream);
	output->stream = NULL;
	free(output->data);
	output->data = NULL;
	output->size = 0;
}

int output_write_all(int fd, const void *data, size_t size)
{
	const char *p = data;

	while (size > 0) {
		ssize_t written = write(fd, p, size);
		if (written < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += written;
		size -= (size_t)written;
	}
	return 0;
}

/* ---- temporaries removed on a fatal signal ------------------------------------------- */

/*
 * The staged files of this process. The handler only reads this table (unlink() is
 * async-signal-safe); it is changed with the signals blocked.
 */
static char *volatile temporaries[OUTPUT_SET_MAX];
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGXFSZ };
#define FATAL_COUNT (sizeof fatal_signals / sizeof fatal_signals[0])

static void remove_temporaries(int sig)
{
	size_t i;

	for (i = 0; i < OUTPUT_SET_MAX; i++)
		if (temporaries[i] != NULL)
			unlink(temporaries[i]);
	/* SA_RESETHAND restored the default action: die of the same signal */
	raise(sig);
}

static void block_fatal(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < FATAL_COUNT; i++)
		sigaddset(&set, fatal_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* A signal ignored when the command started (nohup, trap '') stays ignored. */
static void install_handlers(void)
{
	static int installed;
	struct sigaction action, old;
	size_t i;

	if (installed)
		return;
	installed = 1;
	memset(&action, 0, sizeof action);
	action.sa_handler = remove_temporaries;
	action.sa_flags = SA_RESETHAND;
	sigemptyset(&action.sa_mask);
	for (i = 0; i < FATAL_COUNT; i++)
		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(fatal_signals[i], &action, NULL);
}

static void track(char *name, int add)
{
	sigset_t old;
	size_t i;

	install_handlers();
	block_fatal(&old);
	for (i = 0; i < OUTPUT_SET_MAX; i++) {
		if (add && temporaries[i] == NULL) {
			temporaries[i] = name;
			break;
		}
		if (!add && temporaries[i] == name) {
			temporaries[i] = NULL;
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ---- declaring outputs --------------------------------------------------------------- */

static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return 0666 & ~mask;
}

/* "dir/name" as an absolute path with every link of dir resolved; NULL with errno. */
static char *absolute_new_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir, *resolved, *name;
	size_t size;

	if (slash == NULL)
		dir = strdup(".");
	else if (slash == path)
		dir = strdup("/");
	else
		dir = strndup(path, (size_t)(slash - path));
	if (dir == NULL)
		return NULL;
	resolved = realpath(dir, NULL);
	free(dir);
	if (resolved == NULL)
		return NULL;
	size = strlen(resolved) + strlen(path) + 2;
	if ((name = malloc(size)) != NULL)
		snprintf(name, size, "%s/%s", strcmp(resolved, "/") == 0 ? "" : resolved,
			 slash != NULL ? slash + 1 : path);
	free(resolved);
	return name;
}

/* Two targets are one file: same device and inode, or the same new name. */
static int same_target(const struct output_target *a, const struct output_target *b)
{
	if (a->is_stdout || b->is_stdout)
		return a->is_stdout && b->is_stdout;
	if (a->exists != b->exists)
		return 0;
	if (!a->exists)
		return strcmp(a->final, b->final) == 0;
	/* a character device (/dev/null, a terminal) takes any number of writers */
	return a->dev == b->dev && a->ino == b->ino && !(a->shareable && b->shareable);
}

static int resolve(struct output_target *t, struct cli_error *err)
{
	struct stat st;
	const char *what = "cannot use the output file";

	if (strcmp(t->path, "-") == 0) {
		t->is_stdout = t->direct = t->exists = 1;
		return 0;
	}
	if (lstat(t->path, &st) != 0) {
		if (errno != ENOENT)
			return cli_fail(err, CLI_EXIT_USAGE, "--%s %s: %s: %s", t->flag, t->path,
					what, strerror(errno));
		if ((t->final = absolute_new_name(t->path)) == NULL)
			return errno == ENOMEM
				       ? cli_fail(err, CLI_EXIT_INTERNAL, "out of memory")
				       : cli_fail(err, CLI_EXIT_USAGE,
						  "--%s %s: cannot create the output file: %s",
						  t->flag, t->path, strerror(errno));
		t->mode = new_file_mode();
		return 0;
	}
	if (S_ISLNK(st.st_mode)) {
		/* written through: the file the link names is the one replaced */
		if (stat(t->path, &st) != 0)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--%s %s: a symbolic link to a missing or unreachable file "
					"(%s)",
					t->flag, t->path, strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return cli_fail(err, CLI_EXIT_USAGE, "--%s %s: is a directory", t->flag, t->path);
	t->exists = 1;
	t->dev = st.st_dev;
	t->ino = st.st_ino;
	if (!S_ISREG(st.st_mode)) {
		t->direct = 1;
		t->shareable = S_ISCHR(st.st_mode);
		return 0;
	}
	t->mode = st.st_mode & 0777;
	t->uid = st.st_uid;
	t->gid = st.st_gid;
	if ((t->final = realpath(t->path, NULL)) == NULL)
		return errno == ENOMEM ? cli_fail(err, CLI_EXIT_INTERNAL, "out of memory")
				       : cli_fail(err, CLI_EXIT_USAGE, "--%s %s: %s: %s", t->flag,
						  t->path, what, strerror(errno));
	return 0;
}

int output_set_add(struct output_set *set, const char *flag, const char *path, output_writer writer,
		   void *context, struct cli_error *err)
{
	struct output_target *t;
	size_t i;
	int rc;

	if (set->count == OUTPUT_SET_MAX)
		return cli_fail(err, CLI_EXIT_INTERNAL, "too many outputs");
	t = &set->target[set->count];
	memset(t, 0, sizeof *t);
	t->flag = flag;
	t->path = path;
	t->write = writer;
	t->context = context;
	if ((rc = resolve(t, err))) {
		free(t->final);
		t->final = NULL;
		return rc;
	}
	for (i = 0; i < set->count; i++)
		if (same_target(&set->target[i], t)) {
			free(t->final);
			t->final = NULL;
			return cli_fail(err, CLI_EXIT_USAGE,
					"--%s %s and --%s %s name the same file",
					set->target[i].flag, set->target[i].path, flag, path);
		}
	set->count++;
	return 0;
}

static int write_buffer(int fd, void *context, const char *flag, const char *path,
			struct cli_error *err)
{
	struct output *output = context;

	/* the buffer's data and size are current after a flush */
	if (output->stream != NULL && fflush(output->stream) != 0)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory building the output");
	if (output_write_all(fd, output->data, output->size) != 0)
		return strcmp(path, "-") == 0
			       ? cli_fail(err, CLI_EXIT_INTERNAL, "writing to standard output: %s",
					  strerror(errno))
			       : cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: cannot write: %s", flag,
					  path, strerror(errno));
	return 0;
}

int output_set_add_buffer(struct output_set *set, const char *flag, const char *path,
			  struct output *output, struct cli_error *err)
{
	return output_set_add(set, flag, path, write_buffer, output, err);
}

int output_set_refuse_input(const struct output_set *set, const char *flag, const char *path,
			    struct cli_error *err)
{
	struct stat st;
	size_t i;

	/* standard input, or a file the reader will report missing */
	if (path == NULL || strcmp(path, "-") == 0 || stat(path, &st) != 0 || S_ISCHR(st.st_mode))
		return 0;
	for (i = 0; i < set->count; i++) {
		const struct output_target *t = &set->target[i];
		if (t->exists && !t->is_stdout && t->dev == st.st_dev && t->ino == st.st_ino)
			return flag != NULL
				       ? cli_fail(err, CLI_EXIT_USAGE,
						  "--%s %s names the input --%s %s: refused, it "
						  "would be overwritten",
						  t->flag, t->path, flag, path)
				       : cli_fail(
						 err, CLI_EXIT_USAGE,
						 "--%s %s names the input %s: refused, it would be "
						 "overwritten",
						 t->flag, t->path, path);
	}
	return 0;
}

/* ---- writing ------------------------------------------------------------------------- */

/* "DIR/.radioembo-XXXXXX" beside final: renamed within one file system. */
static int stage(struct output_target *t, struct cli_error *err)
{
	const char *slash = strrchr(t->final, '/');
	size_t dir = (size_t)(slash - t->final), size = dir + sizeof "/.radioembo-XXXXXX";
	int fd, rc, saved;

	if ((t->temporary = malloc(size)) == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	snprintf(t->temporary, size, "%.*s/.radioembo-XXXXXX", (int)dir, t->final);
	if ((fd = mkstemp(t->temporary)) < 0) {
		saved = errno;
		free(t->temporary);
		t->temporary = NULL;
		return cli_fail(err, CLI_EXIT_USAGE, "--%s %s: cannot create the output file: %s",
				t->flag, t->path, strerror(saved));
	}
	track(t->temporary, 1);
	/* the old owner where we may give it (root); mode after owner, which may clear bits */
	if (t->exists && (t->uid != geteuid() || t->gid != getegid()) &&
	    fchown(fd, t->uid, t->gid) != 0 && fchown(fd, (uid_t)-1, t->gid) != 0) {
		/* not ours to give: the file becomes ours, with the old mode */
	}
	if (fchmod(fd, t->mode) != 0) {
		saved = errno;
		close(fd);
		return cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: cannot set the mode: %s", t->flag,
				t->path, strerror(saved));
	}
	rc = t->write(fd, t->context, t->flag, t->path, err);
	if (rc == 0 && fsync(fd) != 0)
		rc = cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: cannot write the output file: %s",
			      t->flag, t->path, strerror(errno));
	saved = errno;
	if (close(fd) != 0 && rc == 0)
		rc = cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: cannot write the output file: %s",
			      t->flag, t->path, strerror(errno));
	errno = saved;
	return rc;
}

static int write_direct(struct output_target *t, struct cli_error *err)
{
	int fd, rc;

	if (t->is_stdout) {
		if (fflush(stdout) != 0)
			return cli_fail(err, CLI_EXIT_INTERNAL, "writing to standard output: %s",
					strerror(errno));
		return t->write(STDOUT_FILENO, t->context, t->flag, t->path, err);
	}
	/* no O_CREAT, no O_TRUNC: a device or FIFO is written, never made or replaced */
	if ((fd = open(t->path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s %s: cannot open: %s", t->flag, t->path,
				strerror(errno));
	rc = t->write(fd, t->context, t->flag, t->path, err);
	if (close(fd) != 0 && rc == 0)
		rc = cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: cannot write: %s", t->flag, t->path,
			      strerror(errno));
	return rc;
}

static void remove_staged(struct output_set *set)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		struct output_target *t = &set->target[i];
		if (t->temporary == NULL)
			continue;
		unlink(t->temporary);
		track(t->temporary, 0);
		free(t->temporary);
		t->temporary = NULL;
	}
}

/* The rename reaches the disk with the directory entry (best effort: not every file
 * system syncs a directory). */
static void sync_directory(const char *final)
{
	const char *slash = strrchr(final, '/');
	char *dir = strndup(final, slash == final ? 1 : (size_t)(slash - final));
	int fd;

	if (dir == NULL)
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		if (fsync(fd) != 0) {
			/* the data itself was synced before the rename */
		}
		close(fd);
	}
	free(dir);
}

int output_set_commit(struct output_set *set, struct cli_error *err)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < set->count; i++)
		if (!set->target[i].direct)
			rc = stage(&set->target[i], err);
	for (i = 0; rc == 0 && i < set->count; i++)
		if (set->target[i].direct)
			rc = write_direct(&set->target[i], err);
	for (i = 0; rc == 0 && i < set->count; i++) {
		struct output_target *t = &set->target[i];
		if (t->temporary == NULL)
			continue;
		if (rename(t->temporary, t->final) != 0) {
			rc = cli_fail(err, CLI_EXIT_INTERNAL,
				      "--%s %s: cannot replace the file: %s", t->flag, t->path,
				      strerror(errno));
			break;
		}
		sync_directory(t->final);
		track(t->temporary, 0);
		free(t->temporary);
		t->temporary = NULL;
	}
	remove_staged(set);
	return rc;
}

void output_set_discard(struct output_set *set)
{
	size_t i;

	remove_staged(set);
	for (i = 0; i < set->count; i++) {
		free(set->target[i].final);
		set->target[i].final = NULL;
	}
	set->count = 0;
}

int output_commit(struct output *output, const char *path, struct cli_error *err)
{
	struct output_set set = { .count = 0 };
	int rc;

	if (output->stream == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "no output");
	rc = fclose(output->stream) != 0;
	output->stream = NULL;
	if (rc)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory building the output");
	rc = output_set_add_buffer(&set, "output", path != NULL ? path : "-", output, err);
	if (rc == 0)
		rc = output_set_commit(&set, err);
	output_set_discard(&set);
	return rc;
}
