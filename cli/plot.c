/*
 * radioembo(1): the report's plots drawn with cairo (see plot.h). Colours are the
 * Okabe-Ito palette, which readers with a colour vision deficiency tell apart; lines also
 * differ by dash so that a grey print keeps them apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _DEFAULT_SOURCE /* open_memstream() */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>

#include "plot.h"

#define FONT "DejaVu Sans"
#define FONT_SIZE 9.0
#define CURVES_HEIGHT 300.0
#define BAR_ROW 22.0
#define MARGIN_LEFT 58.0
#define MARGIN_TOP 24.0
#define MARGIN_BOTTOM 42.0
#define LEGEND_WIDTH 150.0

static const double palette[][3] = {
	{ 0.000, 0.447, 0.698 }, { 0.835, 0.369, 0.000 }, { 0.000, 0.620, 0.451 },
	{ 0.800, 0.475, 0.655 }, { 0.902, 0.624, 0.000 }, { 0.337, 0.706, 0.914 },
	{ 0.941, 0.894, 0.259 }, { 0.0, 0.0, 0.0 },
};
static const double limit_colour[3] = { 0.7, 0.0, 0.0 };

/* The plotting area in points, and the data range it shows. */
struct frame {
	double left, top, right, bottom;
	double x_min, x_max, y_min, y_max;
};

static double to_x(const struct frame *f, double x)
{
	return f->left + (x - f->x_min) / (f->x_max - f->x_min) * (f->right - f->left);
}

static double to_y(const struct frame *f, double y)
{
	return f->bottom - (y - f->y_min) / (f->y_max - f->y_min) * (f->bottom - f->top);
}

/* A round tick step (1, 2 or 5 times a power of ten) giving about five ticks over range. */
static double tick_step(double range)
{
	double raw = range / 5.0, power = pow(10.0, floor(log10(raw))), f = raw / power;

	return (f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0) * power;
}

/* A range that starts and ends on ticks, never empty. */
static void round_range(double *low, double *high)
{
	double step;

	if (!(*high > *low))
		*high = *low + (*low != 0.0 ? fabs(*low) * 0.1 : 1.0);
	step = tick_step(*high - *low);
	*low = floor(*low / step) * step;
	*high = ceil(*high / step) * step;
}

/* Text with its anchor at (x, y): align 0 left, 0.5 centre, 1 right; baseline at y. */
static void text(cairo_t *cr, double x, double y, double align, const char *s)
{
	cairo_text_extents_t e;

	cairo_text_extents(cr, s, &e);
	cairo_move_to(cr, x - align * e.x_advance, y);
	cairo_show_text(cr, s);
}

static void colour(cairo_t *cr, const double rgb[3])
{
	cairo_set_source_rgb(cr, rgb[0], rgb[1], rgb[2]);
}

static void dash(cairo_t *cr, int style)
{
	static const double dashes[][2] = { { 6, 0 }, { 6, 3 }, { 2, 2 }, { 8, 2 } };

	cairo_set_dash(cr, dashes[style % 4], style % 4 ? 2 : 0, 0);
}

/* The frame, the ticks of x (and of y when y_ticks) and the axis labels. */
static void axes(cairo_t *cr, const struct frame *f, const struct plot *p, int y_ticks)
{
	double step, v;
	char label[32];

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.8);
	dash(cr, 0);
	cairo_rectangle(cr, f->left, f->top, f->right - f->left, f->bottom - f->top);
	cairo_stroke(cr);
	step = tick_step(f->x_max - f->x_min);
	for (v = ceil(f->x_min / step - 1e-9) * step; v <= f->x_max + step * 1e-9; v += step) {
		cairo_move_to(cr, to_x(f, v), f->bottom);
		cairo_line_to(cr, to_x(f, v), f->bottom + 4);
		cairo_stroke(cr);
		snprintf(label, sizeof label, "%g", fabs(v) < step * 1e-9 ? 0.0 : v);
		text(cr, to_x(f, v), f->bottom + 14, 0.5, label);
	}
	text(cr, (f->left + f->right) / 2, f->bottom + 32, 0.5, p->x_label);
	if (!y_ticks)
		return;
	step = tick_step(f->y_max - f->y_min);
	for (v = ceil(f->y_min / step - 1e-9) * step; v <= f->y_max + step * 1e-9; v += step) {
		cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
		cairo_move_to(cr, f->left, to_y(f, v));
		cairo_line_to(cr, f->right, to_y(f, v));
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		snprintf(label, sizeof label, "%g", fabs(v) < step * 1e-9 ? 0.0 : v);
		text(cr, f->left - 5, to_y(f, v) + 3, 1.0, label);
	}
	cairo_save(cr);
	cairo_translate(cr, 14, (f->top + f->bottom) / 2);
	cairo_rotate(cr, -M_PI / 2);
	text(cr, 0, 0, 0.5, p->y_label);
	cairo_restore(cr);
}

/* A legend entry at row i of the column right of the frame. */
static void legend(cairo_t *cr, const struct frame *f, size_t i, const double rgb[3], int style,
		   const char *name)
{
	double y = f->top + 8 + 16.0 * (double)i;

	colour(cr, rgb);
	cairo_set_line_width(cr, 2);
	dash(cr, style);
	cairo_move_to(cr, f->right + 10, y - 3);
	cairo_line_to(cr, f->right + 34, y - 3);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	text(cr, f->right + 40, y, 0, name);
}

static void curves(cairo_t *cr, const struct plot *p)
{
	struct frame f = { MARGIN_LEFT,
			   MARGIN_TOP,
			   PLOT_WIDTH - LEGEND_WIDTH,
			   CURVES_HEIGHT - MARGIN_BOTTOM,
			   INFINITY,
			   -INFINITY,
			   0.0,
			   0.0 };
	size_t i, j;

	for (i = 0; i < p->series_count; i++)
		for (j = 0; j < p->series[i].count; j++) {
			f.x_min = fmin(f.x_min, p->series[i].x[j]);
			f.x_max = fmax(f.x_max, p->series[i].x[j]);
			f.y_max = fmax(f.y_max, p->series[i].y[j]);
		}
	for (i = 0; i < p->mark_count; i++)
		f.y_max = fmax(f.y_max, p->marks[i].value);
	f.y_max *= 1.08; /* room above the highest limit for its words */
	if (!isfinite(f.x_min))
		f.x_min = f.x_max = 0.0;
	round_range(&f.x_min, &f.x_max);
	round_range(&f.y_min, &f.y_max);
	if (p->y_max > p->y_min) {
		f.y_min = p->y_min;
		f.y_max = p->y_max;
	}
	axes(cr, &f, p, 1);
	cairo_save(cr); /* curves and points stay inside the frame (a Vx beyond the doses) */
	cairo_rectangle(cr, f.left, f.top - 4, f.right - f.left, f.bottom - f.top + 8);
	cairo_clip(cr);
	for (i = 0; i < p->series_count; i++) {
		const struct plot_series *s = &p->series[i];
		colour(cr, palette[i % PLOT_MAX_SERIES]);
		cairo_set_line_width(cr, 1.8);
		dash(cr, (int)i);
		cairo_new_path(cr); /* text leaves a current point behind */
		for (j = 0; j < s->count; j++)
			cairo_line_to(cr, to_x(&f, s->x[j]), to_y(&f, s->y[j]));
		cairo_stroke(cr);
		for (j = 0; s->count <= PLOT_MAX_POINTS && j < s->count; j++) {
			cairo_arc(cr, to_x(&f, s->x[j]), to_y(&f, s->y[j]), 2.2, 0, 2 * M_PI);
			cairo_fill(cr);
		}
	}
	dash(cr, 0);
	cairo_set_line_width(cr, 1.4);
	for (i = 0; i < p->point_count; i++) {
		const struct plot_point *point = &p->points[i];
		colour(cr, palette[point->series % PLOT_MAX_SERIES]);
		cairo_new_path(cr);
		cairo_arc(cr, to_x(&f, point->x), to_y(&f, point->y), 3.5, 0, 2 * M_PI);
		cairo_stroke(cr);
	}
	cairo_restore(cr);
	for (i = 0; i < p->series_count; i++)
		legend(cr, &f, i, palette[i % PLOT_MAX_SERIES], (int)i, p->series[i].name);
	cairo_set_line_width(cr, 1.2);
	for (i = 0; i < p->mark_count; i++) {
		double y = to_y(&f, p->marks[i].value);
		colour(cr, limit_colour);
		dash(cr, 1);
		cairo_move_to(cr, f.left, y);
		cairo_line_to(cr, f.right, y);
		cairo_stroke(cr);
		text(cr, f.right - 4, y - 3, 1.0, p->marks[i].label); /* the chosen label is mid */
	}
	if (p->mark_count > 0)
		legend(cr, &f, p->series_count, limit_colour, 1, "limit");
	if (p->chosen.label != NULL) {
		double x = to_x(&f, p->chosen.value);
		cairo_set_source_rgb(cr, 0, 0, 0);
		dash(cr, 2);
		cairo_move_to(cr, x, f.top);
		cairo_line_to(cr, x, f.bottom);
		cairo_stroke(cr);
		text(cr, x, f.top - 6, 0.5, p->chosen.label);
	}
}

static void bars(cairo_t *cr, const struct plot *p)
{
	struct frame f = { MARGIN_LEFT + 30,
			   MARGIN_TOP,
			   PLOT_WIDTH - 20,
			   plot_height(p) - MARGIN_BOTTOM,
			   0.0,
			   0.0,
			   0.0,
			   (double)p->bar_count };
	size_t i;

	for (i = 0; i < p->bar_count; i++) {
		f.x_max = fmax(f.x_max, p->bar_values[i]);
		if (isfinite(p->bar_targets[i]))
			f.x_max = fmax(f.x_max, p->bar_targets[i]);
	}
	round_range(&f.x_min, &f.x_max);
	axes(cr, &f, p, 0);
	for (i = 0; i < p->bar_count; i++) {
		double top = f.top + BAR_ROW * (double)i + 4, x;
		colour(cr, palette[0]);
		cairo_rectangle(cr, f.left, top, to_x(&f, p->bar_values[i]) - f.left, BAR_ROW - 8);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		text(cr, f.left - 5, top + BAR_ROW / 2, 1.0, p->bar_labels[i]);
		if (!isfinite(p->bar_targets[i]))
			continue;
		x = to_x(&f, p->bar_targets[i]);
		colour(cr, limit_colour);
		cairo_set_line_width(cr, 2.5);
		dash(cr, 0);
		cairo_move_to(cr, x, top - 3);
		cairo_line_to(cr, x, top + BAR_ROW - 5);
		cairo_stroke(cr);
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	text(cr, f.left, f.top - 8, 0, p->y_label);
}

/* The normal density of mean and sd at x. */
static double density(const struct plot *p, double x)
{
	double z = (x - p->mean) / p->sd;

	return exp(-0.5 * z * z) / (p->sd * sqrt(2 * M_PI));
}

static void distribution(cairo_t *cr, const struct plot *p)
{
	double height = plot_height(p), limit = p->marks[0].value, band, x, side;
	struct frame f = { MARGIN_LEFT,
			   MARGIN_TOP,
			   PLOT_WIDTH - 20,
			   height - MARGIN_BOTTOM,
			   fmin(p->p05, p->mean - 4 * p->sd),
			   fmax(p->p95, p->mean + 4 * p->sd),
			   0.0,
			   1.0 };
	char line[96];
	int i;

	if (isfinite(limit)) {
		f.x_min = fmin(f.x_min, limit);
		f.x_max = fmax(f.x_max, limit);
	}
	round_range(&f.x_min, &f.x_max);
	if (p->normal && p->sd > 0)
		f.y_max = density(p, p->mean) * 1.45;
	axes(cr, &f, p, 0);
	/* the 5th to 95th percentile band, the median and the mean, near the bottom */
	band = f.bottom - 22;
	colour(cr, palette[5]);
	cairo_rectangle(cr, to_x(&f, p->p05), band - 7, to_x(&f, p->p95) - to_x(&f, p->p05), 14);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 2);
	dash(cr, 0);
	cairo_move_to(cr, to_x(&f, p->p50), band - 9);
	cairo_line_to(cr, to_x(&f, p->p50), band + 9);
	cairo_stroke(cr);
	cairo_arc(cr, to_x(&f, p->mean), band, 3, 0, 2 * M_PI);
	cairo_fill(cr);
	text(cr, f.left, f.top - 8, 0, "band: 5th to 95th percentile; bar: median; dot: mean");
	if (p->normal && p->sd > 0) {
		/* the density, and its part beyond the limit shaded */
		colour(cr, palette[0]);
		cairo_set_line_width(cr, 1.8);
		cairo_new_path(cr);
		for (i = 0; i <= 200; i++) {
			x = f.x_min + (f.x_max - f.x_min) * i / 200.0;
			cairo_line_to(cr, to_x(&f, x), to_y(&f, density(p, x)));
		}
		cairo_stroke(cr);
		if (isfinite(limit) && limit < f.x_max) {
			cairo_set_source_rgba(cr, limit_colour[0], limit_colour[1], limit_colour[2],
					      0.3);
			cairo_move_to(cr, to_x(&f, limit), f.bottom);
			for (i = 0; i <= 100; i++) {
				x = limit + (f.x_max - limit) * i / 100.0;
				cairo_line_to(cr, to_x(&f, x), to_y(&f, density(p, x)));
			}
			cairo_line_to(cr, f.right, f.bottom);
			cairo_close_path(cr);
			cairo_fill(cr);
		}
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (!isfinite(limit))
		return;
	colour(cr, limit_colour);
	cairo_set_line_width(cr, 1.5);
	dash(cr, 1);
	cairo_move_to(cr, to_x(&f, limit), f.top);
	cairo_line_to(cr, to_x(&f, limit), f.bottom);
	cairo_stroke(cr);
	/* the words on the side of the limit with more room */
	x = to_x(&f, limit);
	side = x > (f.left + f.right) / 2 ? -1.0 : 1.0;
	text(cr, x + 4 * side, f.top + 12, side < 0, p->marks[0].label);
	snprintf(line, sizeof line, "P(over the limit) = %.1f %%", p->probability * 100.0);
	text(cr, x + 4 * side, f.top + 25, side < 0, line);
}

/* A colour for t within [0, 1]: dark blue, blue, green, yellow, red (as dose washes go). */
static void wash_colour(double t, double rgb[3])
{
	static const double stops[][3] = { { 0.1, 0.1, 0.6 },
					   { 0.0, 0.45, 0.9 },
					   { 0.0, 0.75, 0.3 },
					   { 0.95, 0.85, 0.0 },
					   { 0.9, 0.1, 0.0 } };
	double at = fmin(fmax(t, 0.0), 1.0) * 4.0, w;
	int k = at >= 4.0 ? 3 : (int)at, c;

	w = at - k;
	for (c = 0; c < 3; c++)
		rgb[c] = stops[k][c] * (1 - w) + stops[k + 1][c] * w;
}

static double maximum(const float *v, size_t n)
{
	double m = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		if (isfinite(v[i]) && v[i] > m)
			m = v[i];
	return m;
}

/* The slice as pixels: the base in grey, the wash over it where it reaches its threshold. */
static cairo_surface_t *wash_pixels(const struct plot *p, double wash_max)
{
	size_t n = p->width * p->height, x, y;
	double base_max = maximum(p->base, n), rgb[3];
	cairo_surface_t *image =
		cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)p->width, (int)p->height);
	unsigned char *row;
	int stride;

	if (cairo_surface_status(image) != CAIRO_STATUS_SUCCESS)
		return image;
	cairo_surface_flush(image);
	stride = cairo_image_surface_get_stride(image);
	for (y = 0; y < p->height; y++) {
		row = cairo_image_surface_get_data(image) + (size_t)stride * y;
		for (x = 0; x < p->width; x++) {
			double g = base_max > 0 ? fmax(p->base[y * p->width + x], 0.0) / base_max
						: 0.0,
			       d = p->wash[y * p->width + x];
			uint32_t pixel;
			int c;
			rgb[0] = rgb[1] = rgb[2] = 0.92 * g;
			if (isfinite(d) && d >= p->wash_threshold && wash_max > p->wash_threshold) {
				double wash[3];
				wash_colour((d - p->wash_threshold) /
						    (wash_max - p->wash_threshold),
					    wash);
				for (c = 0; c < 3; c++)
					rgb[c] = 0.35 * rgb[c] + 0.65 * wash[c];
			}
			pixel = (uint32_t)(rgb[0] * 255) << 16 | (uint32_t)(rgb[1] * 255) << 8 |
				(uint32_t)(rgb[2] * 255);
			memcpy(row + 4 * x, &pixel, 4);
		}
	}
	cairo_surface_mark_dirty(image);
	return image;
}

static void image(cairo_t *cr, const struct plot *p)
{
	double wash_max = maximum(p->wash, p->width * p->height);
	double area_w = PLOT_WIDTH - 150, area_h = plot_height(p) - 34;
	double pw = (double)p->width, ph = (double)p->height * p->pixel_aspect;
	double scale = fmin(area_w / pw, area_h / ph), x0 = 10, y0 = 10, bar, v, step;
	cairo_surface_t *pixels = wash_pixels(p, wash_max);
	char label[32];
	int i;

	cairo_save(cr);
	cairo_translate(cr, x0, y0);
	cairo_scale(cr, scale, scale * p->pixel_aspect);
	cairo_set_source_surface(cr, pixels, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
	cairo_rectangle(cr, 0, 0, pw, (double)p->height);
	cairo_fill(cr);
	cairo_restore(cr);
	cairo_surface_destroy(pixels);
	/* the colour bar of the wash, from its threshold to its maximum */
	bar = x0 + pw * scale + 24;
	for (i = 0; i < 100; i++) {
		double rgb[3];
		wash_colour(i / 99.0, rgb);
		colour(cr, rgb);
		cairo_rectangle(cr, bar, y0 + area_h * (1 - (i + 1) / 100.0), 14,
				area_h / 100 + 0.5);
		cairo_fill(cr);
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (!(wash_max > p->wash_threshold))
		return;
	step = tick_step(wash_max - p->wash_threshold);
	for (v = ceil(p->wash_threshold / step) * step; v <= wash_max + 1e-9 * step; v += step) {
		double y = y0 +
			   area_h * (1 - (v - p->wash_threshold) / (wash_max - p->wash_threshold));
		snprintf(label, sizeof label, "%g", v);
		text(cr, bar + 18, y + 3, 0, label);
	}
	text(cr, bar, y0 + area_h + 12, 0, p->x_label);
}

double plot_height(const struct plot *plot)
{
	switch (plot->kind) {
	case PLOT_BARS:
		return MARGIN_TOP + MARGIN_BOTTOM + BAR_ROW * (double)plot->bar_count;
	case PLOT_DISTRIBUTION:
		return plot->normal ? 240.0 : 150.0;
	case PLOT_IMAGE:
		return 300.0;
	case PLOT_CURVES:
		break;
	}
	return CURVES_HEIGHT;
}

void plot_draw(cairo_t *cr, const struct plot *plot)
{
	cairo_save(cr);
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, FONT_SIZE);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	switch (plot->kind) {
	case PLOT_CURVES:
		curves(cr, plot);
		break;
	case PLOT_BARS:
		bars(cr, plot);
		break;
	case PLOT_DISTRIBUTION:
		distribution(cr, plot);
		break;
	case PLOT_IMAGE:
		image(cr, plot);
		break;
	}
	cairo_restore(cr);
}

cairo_status_t plot_write_stream(void *closure, const unsigned char *data, unsigned int length)
{
	return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
							  : CAIRO_STATUS_WRITE_ERROR;
}

int plot_svg(const struct plot *plot, char **svg_out, size_t *size_out)
{
	cairo_surface_t *surface;
	cairo_t *cr;
	char *data = NULL;
	size_t size = 0;
	FILE *stream = open_memstream(&data, &size);
	int failed;

	if (stream == NULL)
		return -1;
	surface = cairo_svg_surface_create_for_stream(plot_write_stream, stream, PLOT_WIDTH,
						      plot_height(plot));
	cr = cairo_create(surface);
	plot_draw(cr, plot);
	failed = cairo_status(cr) != CAIRO_STATUS_SUCCESS;
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	failed = failed || cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(surface);
	failed = fclose(stream) != 0 || failed;
	if (failed) {
		free(data);
		return -1;
	}
	*svg_out = data;
	*size_out = size;
	return 0;
}

void plot_release_fonts(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}
