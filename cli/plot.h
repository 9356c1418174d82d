/*
 * radioembo(1): the plots of the HTML and PDF reports. A plot is described once (what to
 * draw, in the report's numbers) and drawn once by cairo: to SVG for the HTML report, or
 * onto a page of the PDF report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_PLOT_H
#define RADIOEMBO_CLI_PLOT_H

#include <stddef.h>

#include <cairo.h>

#define PLOT_WIDTH 480.0 /* points; the height depends on the plot */
#define PLOT_MAX_SERIES 8
#define PLOT_MAX_POINTS 16
#define PLOT_MAX_MARKS 8
#define PLOT_MAX_BARS 40

enum plot_kind {
	PLOT_CURVES,	   /* figures against activity, limits across, the chosen activity */
	PLOT_BARS,	   /* a bar per lesion with its target */
	PLOT_DISTRIBUTION, /* a figure's spread, its limit and the probability beyond it */
	PLOT_IMAGE,	   /* a slice of a dose map washed over the activity image */
};

struct plot_series {
	const char *name;
	size_t count; /* points, each with a marker when there are PLOT_MAX_POINTS or fewer */
	double *x, *y;
};

/* A point marked on series (a DVH's Dx or Vx), as an open circle in its colour. */
struct plot_point {
	size_t series;
	double x, y;
};

/* A labelled value drawn as a line: a limit, the chosen activity. */
struct plot_mark {
	const char *label;
	double value;
};

struct plot {
	enum plot_kind kind;
	const char *x_label, *y_label;
	/* PLOT_CURVES: the series, the limits (horizontal) and the chosen activity (label NULL:
	 * none) */
	size_t series_count, mark_count;
	struct plot_series series[PLOT_MAX_SERIES];
	struct plot_mark marks[PLOT_MAX_MARKS], chosen;
	size_t point_count;
	struct plot_point *points;
	double y_min, y_max; /* a fixed y range when y_max > y_min (a DVH's 0 to 100 %) */
	/* PLOT_BARS: targets NaN where a lesion has none */
	size_t bar_count;
	const char *bar_labels[PLOT_MAX_BARS];
	double bar_values[PLOT_MAX_BARS], bar_targets[PLOT_MAX_BARS];
	/* PLOT_DISTRIBUTION: the summary; normal: draw the normal density of mean and sd (an
	 * analytic propagation); marks[0] is the limit, probability the chance beyond it */
	int normal;
	double mean, sd, p05, p50, p95, probability;
	/* PLOT_IMAGE: width x height pixels, x fastest, the first row at the top; the base in
	 * grey from 0 to its maximum, the wash in colour from wash_threshold to its maximum */
	size_t width, height;
	const float *base, *wash;
	double wash_threshold, pixel_aspect; /* a pixel's height over its width */
};

/* The plot's height in points (its width is PLOT_WIDTH). */
double plot_height(const struct plot *plot);
/* Draws the plot with its top left corner at the origin of cr. */
void plot_draw(cairo_t *cr, const struct plot *plot);
/* A cairo write function appending to the FILE * closure (SVG and PDF surfaces). */
cairo_status_t plot_write_stream(void *closure, const unsigned char *data, unsigned int length);
/*
 * Frees cairo's caches of fonts (and fontconfig's patterns they hold) once nothing drawn
 * is alive, so that leak checkers see what the command itself leaves.
 */
void plot_release_fonts(void);
/* The plot as an SVG document, malloc'd; 0, or -1 when cairo or memory failed. */
int plot_svg(const struct plot *plot, char **svg_out, size_t *size_out);

#endif
