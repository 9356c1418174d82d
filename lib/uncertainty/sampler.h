/*
 * libradioembo internals: the random generators a Monte Carlo propagation may use, called
 * without GSL's wrapper, and a ziggurat standard normal drawn inline from them.
 * Never installed; used by lib/uncertainty only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_SAMPLER_INTERNAL_H
#define RADIOEMBO_SAMPLER_INTERNAL_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/*
 * Ziggurat of the standard normal (Marsaglia and Tsang, J. Stat. Softw. 5(8), 2000), 128
 * layers of equal area; one 32-bit output of the generator gives the layer (7 bits), the
 * sign (1 bit) and the abscissa (24 bits), as in GSL's gsl_ran_gaussian_ziggurat (which
 * uses its own tables and is called out of line).
 */
struct radioembo__ziggurat {
	double w[128];	 /* abscissa scale: x = j w[i] */
	double f[128];	 /* exp(-x_i^2 / 2) at each layer's right edge */
	uint32_t k[128]; /* j < k[i]: the point lies under the curve */
	double sign[2];	 /* -1, +1 */
};

/* A GSL generator's output called without its wrapper, and the tables of the normal draw. */
struct radioembo__generator {
	unsigned long (*get)(void *state);
	void *state;
	struct radioembo__ziggurat zig;
};

/* The generator of index (0: gfsr4, the default), and names: NULL past the last. */
const gsl_rng_type *radioembo__generator_type(int index);
const char *radioembo__generator_name(int index);

/* Sets up g to draw from the GSL generator rng (seeded by gsl_rng_set, used unwrapped). */
void radioembo__generator_init(struct radioembo__generator *g, const gsl_rng *rng);

/* The 32-bit seed of a GSL generator, never 0, from every bit of a 64-bit seed. */
unsigned long radioembo__seed32(uint64_t seed);
/* The same for independent stream index of a seed; stream 0 is radioembo__seed32(seed). */
unsigned long radioembo__seed32_stream(uint64_t seed, uint64_t stream);

static inline uint32_t radioembo__next32(struct radioembo__generator *g)
{
	return (uint32_t)g->get(g->state);
}

/* Uniform on (0, 1), never 0: 32 bits and a half. */
static inline double radioembo__uniform_open(struct radioembo__generator *g)
{
	return ((double)radioembo__next32(g) + 0.5) * 0x1p-32;
}

/* The rare part of a normal deviate: the wedges and the tail, given the first output u. */
double radioembo__gaussian_edge(struct radioembo__generator *g, uint32_t u);

/* A standard normal deviate: one output, a table look-up and a product 98.8 % of the time. */
static inline double radioembo__gaussian(struct radioembo__generator *g)
{
	uint32_t u = radioembo__next32(g), j = u >> 8, layer = u & 0x7f;

	/* the sign by a product: a branch on a random bit would mispredict half the time */
	if (j < g->zig.k[layer])
		return (double)j * g->zig.w[layer] * g->zig.sign[(u >> 7) & 1];
	return radioembo__gaussian_edge(g, u);
}

#endif /* RADIOEMBO_SAMPLER_INTERNAL_H */
