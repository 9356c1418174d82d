/*
 * libradioembo - radioembolization planning and dosimetry
 * decay.h: exponential decay, cumulated activity and delivered-dose fraction.
 *
 * Times are durations in hours; a negative elapsed time means before the reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_DECAY_H
#define RADIOEMBO_DECAY_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 2^(-elapsed/half_life): the fraction of activity left after elapsed_h hours. */
RADIOEMBO_API int radioembo_decay_factor(double half_life_h, double elapsed_h,
					 double *factor_out);

/* activity_gbq * 2^(-elapsed/half_life). */
RADIOEMBO_API int radioembo_decay_activity_gbq(double activity_gbq, double half_life_h,
					       double elapsed_h, double *activity_gbq_out);

/* Hours for from_activity_gbq to decay to to_activity_gbq (negative if it grows). */
RADIOEMBO_API int radioembo_decay_elapsed_h(double from_activity_gbq, double to_activity_gbq,
					    double half_life_h, double *elapsed_h_out);

/*
 * Time-integrated activity over [0, duration_h] in GBq h:
 * A * T/ln2 * (1 - 2^(-duration/T)); duration_h = INFINITY gives A * T/ln2.
 */
RADIOEMBO_API int radioembo_decay_cumulated_gbq_h(double activity_gbq, double half_life_h,
						  double duration_h,
						  double *cumulated_gbq_h_out);

/* 1 - 2^(-elapsed/half_life): the fraction of the total dose delivered by elapsed_h. */
RADIOEMBO_API int radioembo_decay_delivered_fraction(double half_life_h, double elapsed_h,
						     double *fraction_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_DECAY_H */
