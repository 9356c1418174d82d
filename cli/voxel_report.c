/*
 * radioembo(1): the voxel dosimetry report (see voxel_report.h), laid out by the same
 * renderers as the planning report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "output.h"
#include "report_doc.h"
#include "report_walk.h"
#include "report_render.h"
#include "sha256.h"
#include "voxel_report.h"

/* The flags that name an input image, whose bytes the audit block identifies. */
static const char *const input_flags[] = { "activity", "counts",  "mask", "bq-per-ml",
					   "labels",   "density", "ct",	  "territories" };

/* Whether path ends with suffix. */
static int ends_with(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	return n >= m && strcmp(path + n - m, suffix) == 0;
}

/* The SHA-256 of path's bytes in 65 bytes kept by doc, or NULL (unreadable, or no memory). */
static char *file_sha256(struct report_doc *doc, const char *path)
{
	FILE *in = fopen(path, "rb");
	char *data = NULL, *hex = NULL;
	size_t size = 0;
	int failed;

	if (in == NULL)
		return NULL;
	failed = cli_read_all(in, &data, &size);
	fclose(in);
	if (!failed && (hex = doc_keep(doc, malloc(65))) != NULL)
		sha256_hex(data, size, hex);
	free(data);
	return hex;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * A directory (a DICOM series) as one digest: the SHA-256 of the lines "<digest>  <name>\n"
 * of its regular files not starting with '.', in byte order of their names, which is what
 * `cd DIR && LC_ALL=C sha256sum -- * | sha256sum` prints when it holds only such files.
 */
static const char *directory_sha256(struct report_doc *doc, const char *path)
{
	DIR *dir = opendir(path);
	const char **names = NULL;
	char *lines = NULL, *hex = NULL;
	size_t count = 0, capacity = 0, length = 0, i;
	struct dirent *e;
	int failed = dir == NULL;

	while (!failed && (e = readdir(dir)) != NULL) {
		const char *full = doc_format(doc, "%s/%s", path, e->d_name);
		struct stat st;

		if ((failed = full == NULL))
			break;
		if (e->d_name[0] == '.' || stat(full, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (count == capacity) {
			const char **grown =
				realloc(names, (capacity = 2 * capacity + 16) * sizeof *names);
			if ((failed = grown == NULL))
				break;
			names = grown;
		}
		failed = (names[count++] = doc_format(doc, "%s", e->d_name)) == NULL;
	}
	if (dir != NULL)
		closedir(dir);
	if (!failed && count > 1)
		qsort(names, count, sizeof *names, by_name);
	for (i = 0; !failed && i < count; i++) {
		const char *full = doc_format(doc, "%s/%s", path, names[i]);
		char *digest = full != NULL ? file_sha256(doc, full) : NULL;
		char *grown = digest == NULL ? NULL
					     : realloc(lines, length + 64 + 2 + strlen(names[i]) + 2);

		if ((failed = grown == NULL))
			break;
		lines = grown;
		length += (size_t)sprintf(lines + length, "%s  %s\n", digest, names[i]);
	}
	if (!failed && (hex = doc_keep(doc, malloc(65))) != NULL)
		sha256_hex(lines != NULL ? lines : "", length, hex);
	free(lines);
	free(names);
	if (hex == NULL)
		return "(cannot be read)";
	return doc_format(doc, "%s over its %zu files (LC_ALL=C sha256sum -- * | sha256sum)", hex,
			  count);
}

/* The digest the audit names for an input: of its bytes, or of a directory's files. */
static const char *input_sha256(struct report_doc *doc, const char *path)
{
	struct stat st;
	const char *hex;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return directory_sha256(doc, path);
	return (hex = file_sha256(doc, path)) != NULL ? hex : "(cannot be read)";
}

static void audit(struct report_doc *doc, json_t *m, const struct option_spec *specs,
		  const char *const *values, size_t n)
{
	struct doc_block *b;
	size_t i, k;

	doc_block(doc, DOC_HEADING, "Audit", 0);
	b = doc_block(doc, DOC_FIELDS, NULL, 2);
	for (i = 0; i < n; i++)
		for (k = 0; k < sizeof input_flags / sizeof input_flags[0]; k++)
			if (values[i] != NULL && strcmp(specs[i].name, input_flags[k]) == 0) {
				doc_cell(doc, b, doc_format(doc, "--%s", specs[i].name));
				doc_cell(doc, b,
					 doc_format(doc, "%s, SHA-256 %s", values[i],
						    input_sha256(doc, values[i])));
			}
	doc_cell(doc, b, "report written");
	doc_cell(doc, b, report_doc_instant(doc, report_doc_now(), 0));
	doc_cell(doc, b, "generator");
	doc_cell(doc, b,
		 doc_format(doc, "radioembo voxel, libradioembo %s",
			    json_string_value(json_object_get(m, "library_version"))));
	doc_block(doc, DOC_HEADING, "Sign-off", 0);
	b = doc_block(doc, DOC_SIGNATURES, NULL, 2);
	for (i = 0; i < 3; i++) {
		static const char *const roles[] = { "planned by", "checked by", "approved by" };
		doc_cell(doc, b, roles[i]);
		doc_cell_as_is(doc, b, NULL);
	}
}

/* Every scalar of object as a field; objects one level down after their key. */
static void fields(struct report_doc *doc, struct doc_block *b, json_t *object, const char *prefix)
{
	const char *key;
	json_t *value;

	json_object_foreach(object, key, value)
	{
		const char *name = prefix ? doc_format(doc, "%s %s", prefix, key) : key;
		if (json_is_object(value))
			fields(doc, b, value, name);
		else if (json_is_string(value))
			doc_cell(doc, b, name), doc_cell(doc, b, json_string_value(value));
		else if (json_is_integer(value))
			doc_cell(doc, b, name),
				doc_cell(doc, b,
					 doc_format(doc, "%lld",
						    (long long)json_integer_value(value)));
		else if (json_is_number(value))
			doc_cell(doc, b, name),
				doc_cell(doc, b, doc_format(doc, "%.6g", json_number_value(value)));
		else if (json_is_array(value) && strcmp(key, "structures") != 0)
			doc_cell(doc, b, name),
				doc_cell(doc, b, doc_keep(doc, json_dumps(value, JSON_COMPACT)));
	}
}

/* The unit of a metric by its key's suffix, for the report's rule of digits; NULL: none. */
static const char *metric_unit(const char *key)
{
	static const struct {
		const char *suffix, *unit;
	} units[] = { { "_gy", "Gy" }, { "_ml", "mL" }, { "_kg", "kg" }, { "_gbq", "GBq" } };
	size_t i, n = key != NULL ? strlen(key) : 0, m;

	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		m = strlen(units[i].suffix);
		if (n >= m && strcmp(key + n - m, units[i].suffix) == 0)
			return units[i].unit;
	}
	return NULL;
}

/*
 * A structure's figure as text: times scale, by the report's rule of digits for unit, else
 * (no unit) to four significant digits; a string, or "-".
 */
static const char *figure(struct report_doc *doc, json_t *value, double scale, const char *unit)
{
	char text[REPORT_FIGURE_SIZE];

	if (json_is_string(value))
		return json_string_value(value);
	if (json_is_integer(value) && unit == NULL)
		return doc_format(doc, "%lld", (long long)json_integer_value(value));
	if (json_is_number(value) && unit != NULL)
		return doc_format(doc, "%s",
				  report_figure(text, 1, scale * json_number_value(value), unit));
	if (json_is_number(value))
		return doc_format(doc, "%.4g", json_number_value(value));
	return "-";
}

/* A row of the structures table: key's value (or its member sub's) in each structure. */
static void structures_row(struct report_doc *doc, struct doc_block *b, json_t *structures,
			   const char *key, const char *sub)
{
	int percent = sub != NULL && strcmp(key, "volume_at_dose") == 0;
	json_t *s, *value;
	size_t i;

	doc_cell(doc, b,
		 sub == NULL ? key : doc_format(doc, "%s%s", sub, percent ? " Gy, %" : ", Gy"));
	json_array_foreach(structures, i, s)
	{
		value = json_object_get(s, key);
		if (sub != NULL)
			value = json_object_get(value, sub);
		/* Dx are doses; Vx are fractions of the volume, shown in percent */
		doc_cell(doc, b,
			 percent ? figure(doc, value, 100.0, "%")
				 : figure(doc, value, 1.0, sub != NULL ? "Gy" : metric_unit(key)));
	}
}

/* The structures side by side: a row per metric, then per Dx and per Vx. */
static void structures_table(struct report_doc *doc, struct doc_block *b, json_t *structures)
{
	json_t *first = json_array_get(structures, 0), *value, *item;
	const char *key, *sub;

	json_object_foreach(first, key, value)
	{
		if (!json_is_object(value))
			structures_row(doc, b, structures, key, NULL);
		else
			json_object_foreach(value, sub, item)
				structures_row(doc, b, structures, key, sub);
	}
}

/* The DVH curves of the CSV (label,name,dose_gy,volume_fraction), one series per label. */
static void dvh_series(struct report_doc *doc, struct plot *p, const char *csv, json_t *structures)
{
	const char *line = strchr(csv, '\n');
	size_t lines = 0, i;
	const char *c;

	for (c = csv; *c; c++)
		lines += *c == '\n';
	for (i = 0; i < json_array_size(structures) && i < PLOT_MAX_SERIES; i++) {
		json_t *s = json_array_get(structures, i);
		p->series[i].name = json_is_string(json_object_get(s, "name"))
					    ? json_string_value(json_object_get(s, "name"))
					    : doc_format(doc, "label %lld",
							 (long long)json_integer_value(
								 json_object_get(s, "label")));
		p->series[i].x = doc_keep(doc, calloc(lines + 1, sizeof(double)));
		p->series[i].y = doc_keep(doc, calloc(lines + 1, sizeof(double)));
		if (doc->failed)
			return;
	}
	p->series_count = i;
	while (line != NULL && line[1] != '\0') {
		long label;
		char *end;
		double dose, fraction;
		const char *name_end;
		line++;
		label = strtol(line, &end, 10);
		name_end = *end == ',' ? strchr(end + 1, ',') : NULL;
		if (name_end != NULL && sscanf(name_end + 1, "%lf,%lf", &dose, &fraction) == 2)
			for (i = 0; i < p->series_count; i++)
				if (json_integer_value(json_object_get(
					    json_array_get(structures, i), "label")) == label) {
					struct plot_series *s = &p->series[i];
					s->x[s->count] = dose;
					s->y[s->count++] = 100 * fraction;
				}
		line = strchr(line, '\n');
	}
}

/* The reported Dx (at x %) and Vx (at x Gy) of each plotted structure as points. */
static void dvh_points(struct report_doc *doc, struct plot *p, json_t *structures)
{
	size_t i, count = 0;
	const char *key;
	json_t *value;

	for (i = 0; i < p->series_count; i++)
		count += json_object_size(json_object_get(json_array_get(structures, i),
							  "dose_at_volume_gy")) +
			 json_object_size(
				 json_object_get(json_array_get(structures, i), "volume_at_dose"));
	if ((p->points = doc_keep(doc, calloc(count + 1, sizeof *p->points))) == NULL)
		return;
	for (i = 0; i < p->series_count; i++) {
		json_t *s = json_array_get(structures, i);
		json_object_foreach(json_object_get(s, "dose_at_volume_gy"), key, value)
		{
			if (json_is_number(value))
				p->points[p->point_count++] =
					(struct plot_point){ i, json_number_value(value),
							     strtod(key + 1, NULL) };
		}
		json_object_foreach(json_object_get(s, "volume_at_dose"), key, value)
		{
			if (json_is_number(value))
				p->points[p->point_count++] =
					(struct plot_point){ i, strtod(key + 1, NULL),
							     100 * json_number_value(value) };
		}
	}
}

static void dvh_figure(struct report_doc *doc, json_t *structures, const char *csv)
{
	struct doc_block *b;
	struct plot *p;

	if (json_array_size(structures) == 0 || (p = doc_plot(doc, PLOT_CURVES)) == NULL)
		return;
	p->x_label = "absorbed dose, Gy";
	p->y_label = "volume receiving at least the dose, %";
	p->y_min = 0;
	p->y_max = 100;
	dvh_series(doc, p, csv, structures);
	dvh_points(doc, p, structures);
	b = doc_block(doc, DOC_FIGURE, "Cumulative dose-volume histograms",
		      1 + json_array_size(structures));
	b->plot = p;
	b->alt = doc_format(doc,
			    "Cumulative DVH of %zu structure%s: the share of each structure's "
			    "volume receiving at least each dose, with the reported Dx and Vx "
			    "marked by open circles; the table gives them (the curves' bins are "
			    "the --dvh-out CSV).",
			    p->series_count, p->series_count == 1 ? "" : "s");
	structures_table(doc, b, structures);
}

/* The middle axial slice of the dose over the activity, rows from the top (anterior up). */
static void wash_figure(struct report_doc *doc, const radioembo_volume *activity,
			const radioembo_volume *dose)
{
	size_t nx = 0, ny = 0, nz = 0, x, y, z;
	double sx = 1, sy = 1, sz = 1, dmax = 0, amax = 0;
	const float *a = radioembo_volume_data(activity), *d = radioembo_volume_data(dose);
	float *base, *wash;
	struct doc_block *b;
	struct plot *p;

	radioembo_volume_get_dimensions(dose, &nx, &ny, &nz);
	radioembo_volume_get_spacing_mm(dose, &sx, &sy, &sz);
	if (a == NULL || d == NULL || nx == 0 || ny == 0 || nz == 0)
		return;
	z = nz / 2;
	base = doc_keep(doc, malloc(nx * ny * sizeof *base));
	wash = doc_keep(doc, malloc(nx * ny * sizeof *wash));
	if (base == NULL || wash == NULL || (p = doc_plot(doc, PLOT_IMAGE)) == NULL)
		return;
	for (y = 0; y < ny; y++)
		for (x = 0; x < nx; x++) {
			size_t from = (z * ny + (ny - 1 - y)) * nx + x;
			base[y * nx + x] = a[from];
			wash[y * nx + x] = d[from];
			dmax = fmax(dmax, d[from]);
			amax = fmax(amax, a[from]);
		}
	p->width = nx;
	p->height = ny;
	p->base = base;
	p->wash = wash;
	p->pixel_aspect = sy / sx;
	p->wash_threshold = 0.1 * dmax;
	p->x_label = "dose, Gy";
	b = doc_block(doc, DOC_FIGURE,
		      doc_format(doc, "Dose over activity, axial slice %zu of %zu", z + 1, nz), 2);
	b->plot = p;
	b->alt = doc_format(doc,
			    "The axial slice %zu of %zu: the activity in grey, the dose from 10 %% "
			    "of the slice's maximum (%.4g Gy) in colour over it.",
			    z + 1, nz, dmax);
	doc_cell(doc, b, "");
	doc_cell(doc, b, "value");
	doc_cell(doc, b, "slice (1 to nz)");
	doc_cell(doc, b, doc_format(doc, "%zu", z + 1));
	doc_cell(doc, b, "maximum dose, Gy");
	doc_cell(doc, b, doc_format(doc, "%.4g", dmax));
	doc_cell(doc, b, "dose shown from, Gy");
	doc_cell(doc, b, doc_format(doc, "%.4g", p->wash_threshold));
	doc_cell(doc, b, "maximum activity, GBq per voxel");
	doc_cell(doc, b, doc_format(doc, "%.4g", amax));
}

int voxel_report_check_name(const char *path, struct cli_error *err)
{
	if (ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".pdf"))
		return 0;
	return cli_fail(err, CLI_EXIT_USAGE, "--report-out \"%s\": expected a .html or .pdf file",
			path);
}

int voxel_report_write(FILE *out, const char *path, struct output *metrics, struct output *dvh_csv,
		       const radioembo_volume *activity, const radioembo_volume *dose,
		       const struct option_spec *specs, const char *const *values, size_t n,
		       struct cli_error *err)
{
	struct report_doc doc;
	json_error_t error;
	json_t *m;
	int rc;

	/* a stream of open_memstream(3) holds a NUL-terminated buffer once flushed */
	if (fflush(metrics->stream) != 0 || fflush(dvh_csv->stream) != 0)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	memset(&doc, 0, sizeof doc);
	if ((m = json_loads(metrics->data, 0, &error)) == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "reading the metrics: %s", error.text);
	doc.report = m;
	doc.title = "Voxel dosimetry";
	doc_block(&doc, DOC_TITLE, doc.title, 0);
	audit(&doc, m, specs, values, n);
	doc_block(&doc, DOC_HEADING, "Method and inputs", 0)->new_page = 1;
	fields(&doc, doc_block(&doc, DOC_FIELDS, NULL, 2), m, NULL);
	doc_block(&doc, DOC_HEADING, "Structures", 0);
	dvh_figure(&doc, json_object_get(m, "structures"), dvh_csv->data);
	wash_figure(&doc, activity, dose);
	if (doc.failed) {
		report_doc_free(&doc);
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	}
	rc = ends_with(path, ".pdf") ? report_write_pdf(&doc, out, err)
				     : report_write_html(&doc, out, err);
	report_doc_free(&doc);
	return rc;
}
