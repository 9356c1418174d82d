/*
 * The normal generator of Monte Carlo propagation: the ziggurat's tables, its rare edge and
 * tail, the generators a caller may pick, and their seeding.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stddef.h>

#include "uncertainty/sampler.h"

/* The rightmost layer edge R and the layers' common area V of the 128-layer ziggurat. */
#define ZIGGURAT_R 3.442619855899
#define ZIGGURAT_V 9.91256303526217e-3
#define ZIGGURAT_SCALE 16777216.0 /* 2^24: the abscissa's range */

static void ziggurat_init(struct radioembo__ziggurat *z)
{
	double x = ZIGGURAT_R, outer = ZIGGURAT_R;
	double q = ZIGGURAT_V / exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R); /* base layer with tail */
	int i;

	z->sign[0] = -1.0;
	z->sign[1] = 1.0;
	z->k[0] = (uint32_t)(ZIGGURAT_R / q * ZIGGURAT_SCALE);
	z->k[1] = 0;
	z->w[0] = q / ZIGGURAT_SCALE;
	z->w[127] = ZIGGURAT_R / ZIGGURAT_SCALE;
	z->f[0] = 1.0;
	z->f[127] = exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R);
	for (i = 126; i >= 1; i--) {
		x = sqrt(-2.0 * log(ZIGGURAT_V / x + exp(-0.5 * x * x)));
		z->k[i + 1] = (uint32_t)(x / outer * ZIGGURAT_SCALE);
		outer = x;
		z->f[i] = exp(-0.5 * x * x);
		z->w[i] = x / ZIGGURAT_SCALE;
	}
}

void radioembo__generator_init(struct radioembo__generator *g, const gsl_rng *rng)
{
	g->get = rng->type->get;
	g->state = rng->state;
	ziggurat_init(&g->zig);
}

double radioembo__gaussian_edge(struct radioembo__generator *g, uint32_t u)
{
	const struct radioembo__ziggurat *z = &g->zig;

	for (;;) {
		uint32_t j = u >> 8, layer = u & 0x7f;
		double x = (double)j * z->w[layer];

		if (j < z->k[layer])
			return u & 0x80 ? x : -x;
		if (layer == 0) { /* the tail beyond R (Marsaglia 1964) */
			double t, y;
			do {
				t = -log(radioembo__uniform_open(g)) / ZIGGURAT_R;
				y = -log(radioembo__uniform_open(g));
			} while (y + y < t * t);
			return u & 0x80 ? ZIGGURAT_R + t : -(ZIGGURAT_R + t);
		}
		/* the wedge between the layer's rectangle and the curve */
		if (z->f[layer] + radioembo__uniform_open(g) * (z->f[layer - 1] - z->f[layer]) <
		    exp(-0.5 * x * x))
			return u & 0x80 ? x : -x;
		u = radioembo__next32(g);
	}
}

/*
 * The generators a caller may pick: GSL types with a full 32-bit output (min 0, max
 * 2^32 - 1), which the normal draw takes 32 bits at a time, all in GSL's list of
 * simulation-quality generators (taus is left out: it is taus2 with a weaker seeding and
 * gives the same stream for most seeds). gfsr4 (Ziff 1998, four-tap shift register, period
 * ~2^9689) is the default: it is several times faster per output than mt19937 (see
 * bench/README), and a sample needs one output per uncertain input.
 */
static const char *const generator_names[] = {"gfsr4", "mt19937", "taus2"};
#define GENERATOR_COUNT (sizeof generator_names / sizeof generator_names[0])

const gsl_rng_type *radioembo__generator_type(int index)
{
	switch (index) {
	case 1:
		return gsl_rng_mt19937;
	case 2:
		return gsl_rng_taus2;
	default:
		return gsl_rng_gfsr4;
	}
}

const char *radioembo__generator_name(int index)
{
	return index >= 0 && (size_t)index < GENERATOR_COUNT ? generator_names[index] : NULL;
}

/*
 * The generators take a 32-bit seed and map 0 to a default: all 64 bits of the caller's
 * seed are mixed (SplitMix64's finalizer, Steele et al. 2014) into 32, never 0, so that
 * seeds differing only in their high bits still give different streams.
 */
unsigned long radioembo__seed32(uint64_t seed)
{
	return radioembo__seed32_stream(seed, 0);
}

/*
 * Stream s of a seed: SplitMix64's output s + 1 from the state seed (the state advances by
 * its increment, the golden ratio's 64 bits, once per output), finalized and folded as above.
 * Stream 0 is radioembo__seed32(seed).
 */
unsigned long radioembo__seed32_stream(uint64_t seed, uint64_t stream)
{
	uint64_t z = seed + (stream + 1) * UINT64_C(0x9E3779B97F4A7C15);
	unsigned long folded;

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	folded = (unsigned long)((z ^ (z >> 32)) & UINT64_C(0xFFFFFFFF));
	return folded != 0 ? folded : 1;
}
