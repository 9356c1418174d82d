/*
 * libradioembo - radioembolization planning and dosimetry
 * vial.h: a vial of a microsphere product (activity at any instant, spheres, drawing a
 * dose, checking an assay against the label) and vial ordering.
 *
 * Instants are int64_t seconds since the Unix epoch, UTC, within years 0000..9999
 * (-62167219200 to 253402300799 s inclusive); others are rejected with RADIOEMBO_EINVAL.
 * Elapsed times are taken between instants, so time zones and daylight saving are the
 * caller's conversion, done once (radioembo-sources(7) DECAY). See the radioembo_vial man page (section
 * 3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_VIAL_H
#define RADIOEMBO_VIAL_H

#include "common.h"
#include "product.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct radioembo_vial radioembo_vial;

/*
 * A vial of product (copied) holding calibration_activity_gbq (> 0) at calibration_s. The
 * volume defaults to the product's vial volume when it has one. RADIOEMBO_ENOTFOUND if the
 * product has no half-life.
 */
RADIOEMBO_API int radioembo_vial_new(const radioembo_product *product,
				     double calibration_activity_gbq, int64_t calibration_s,
				     radioembo_vial **vial_out);
/* A deep, independent copy. */
RADIOEMBO_API int radioembo_vial_copy(const radioembo_vial *vial, radioembo_vial **copy_out);
/* Frees the vial and its product copy; accepts NULL. */
RADIOEMBO_API void radioembo_vial_free(radioembo_vial *vial);
/* The vial's own product copy, borrowed: valid until the vial is freed. NULL if vial is NULL. */
RADIOEMBO_API const radioembo_product *radioembo_vial_product(const radioembo_vial *vial);

RADIOEMBO_API int radioembo_vial_get_calibration_activity_gbq(const radioembo_vial *vial,
							      double *activity_gbq_out);
RADIOEMBO_API int radioembo_vial_get_calibration_s(const radioembo_vial *vial,
						   int64_t *calibration_s_out);
/* Liquid volume, mL; RADIOEMBO_ENOTFOUND if unknown. */
RADIOEMBO_API int radioembo_vial_get_volume_ml(const radioembo_vial *vial,
					       double *volume_ml_out);
/* volume_ml > 0. */
RADIOEMBO_API int radioembo_vial_set_volume_ml(radioembo_vial *vial, double volume_ml);

/* Activity at instant at_s (before or after calibration), decayed with the product's half-life. */
RADIOEMBO_API int radioembo_vial_activity_gbq(const radioembo_vial *vial, int64_t at_s,
					      double *activity_gbq_out);
/*
 * The product's activity per sphere at calibration, decayed to at_s, Bq.
 * RADIOEMBO_ENOTFOUND if the product has none.
 */
RADIOEMBO_API int radioembo_vial_activity_per_sphere_bq(const radioembo_vial *vial,
							int64_t at_s, double *activity_bq_out);
/* Spheres in the vial: calibration activity / activity per sphere at calibration. */
RADIOEMBO_API int radioembo_vial_sphere_count(const radioembo_vial *vial, double *count_out);

/*
 * Drawing activity_gbq (> 0) at at_s from the homogeneous suspension:
 * fraction = activity_gbq / A_vial(at_s), volume = fraction * vial volume.
 * volume_ml_out may be NULL (then the volume need not be known); otherwise
 * RADIOEMBO_ENOTFOUND if the vial volume is unknown. RADIOEMBO_ERANGE if activity_gbq
 * exceeds the vial's activity at at_s.
 */
RADIOEMBO_API int radioembo_vial_draw(const radioembo_vial *vial, double activity_gbq,
				      int64_t at_s, double *fraction_out,
				      double *volume_ml_out);

/*
 * A measured assay (measured_gbq >= 0 at measured_s) against the label:
 * deviation = measured / expected(measured_s) - 1, *within_tolerance_out = 1 if
 * |deviation| <= the product's label tolerance (+ 1e-9), else 0.
 * RADIOEMBO_ENOTFOUND if the product has no label tolerance.
 */
RADIOEMBO_API int radioembo_vial_check_assay(const radioembo_vial *vial, double measured_gbq,
					     int64_t measured_s, double *deviation_out,
					     int *within_tolerance_out);

/*
 * Ordering: the activity needed at calibration, A_cal = required_gbq * 2^((treatment_s -
 * calibration_s) / 3600 / T) with T the product's half-life, and the smallest vial covering
 * it among the product's standard vial sizes and its custom vials (min + k * step, up to
 * max, when all three are set). A vial covers A_cal if it is >= A_cal * (1 - 1e-9).
 * RADIOEMBO_ERANGE if none does.
 */
RADIOEMBO_API int radioembo_vial_order_gbq(const radioembo_product *product,
					   double required_gbq, int64_t treatment_s,
					   int64_t calibration_s,
					   double *calibration_activity_gbq_out,
					   double *vial_gbq_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_VIAL_H */
