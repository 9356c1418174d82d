/*
 * libradioembo - radioembolization planning and dosimetry
 * delivery.h: delivered-activity accounting after administration (prepared minus residual,
 * both decay-corrected to the administration instant). See the radioembo_delivery man page
 * (section 3).
 *
 * Instants are int64_t seconds since the Unix epoch, UTC, within years 0000..9999
 * (-62167219200 to 253402300799 s inclusive); others are rejected with RADIOEMBO_EINVAL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_DELIVERY_H
#define RADIOEMBO_DELIVERY_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * prepared_gbq (> 0) measured at prepared_s and residual_gbq (>= 0: vial, lines, catheter)
 * measured at residual_s, both decay-corrected to administration_s with half_life_h:
 * delivered = prepared - residual, residual_fraction = residual / prepared.
 * RADIOEMBO_EINVAL naming residual_gbq if the residual exceeds the prepared activity.
 */
RADIOEMBO_API int radioembo_delivery_account_gbq(double prepared_gbq, int64_t prepared_s,
						 double residual_gbq, int64_t residual_s,
						 double half_life_h, int64_t administration_s,
						 double *delivered_gbq_out,
						 double *residual_fraction_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_DELIVERY_H */
