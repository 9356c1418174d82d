/*
 * libradioembo - radioembolization planning and dosimetry
 * bsa.h: the resin (SIR-Spheres) body-surface-area method of activity planning.
 *
 * Heights in cm, weights in kg, BSA in m^2, volumes in ml, activities in GBq; the lung shunt
 * fraction and the treated fraction are 0..1, never percent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_BSA_H
#define RADIOEMBO_BSA_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * DuBois & DuBois (1916) body surface area, 0.007184 * W^0.425 * H^0.725 in m^2.
 * height_cm must be within [50, 250] and weight_kg within [2, 500].
 */
RADIOEMBO_API int radioembo_bsa_dubois_m2(double height_cm, double weight_kg,
					  double *bsa_m2_out);

/*
 * Activity reduction for lung shunting (Kennedy 2007): 1 for lsf <= 0.10, 0.8 above 0.10,
 * 0.6 above 0.15, 0 above 0.20 (do not treat; a result, not an error). lsf within [0, 1].
 */
RADIOEMBO_API int radioembo_bsa_lsf_reduction(double lsf, double *factor_out);

/*
 * BSA-method activity: (bsa - 0.2 + tumor/liver) * treated_fraction * LSF reduction, GBq.
 * liver_volume_ml is the whole liver including tumour (tumor_volume_ml <= it);
 * treated_fraction is the treated part's share of the whole liver, within (0, 1];
 * bsa_m2 within (0.2, 6). 0 GBq when the lung shunt contraindicates treatment.
 */
RADIOEMBO_API int radioembo_bsa_activity_gbq(double bsa_m2, double tumor_volume_ml,
					     double liver_volume_ml, double treated_fraction,
					     double lsf, double *activity_gbq_out);

/*
 * How the BSA method treats one lobe or sector (radioembo-sources(7) BSA, CONVENTIONS).
 * Values are frozen and append-only.
 */
typedef enum {
	/* (BSA - 0.2 + T/L) f R: the whole-liver activity times the lobe fraction f (Kennedy
	 * 2007; Sirtex), the default */
	RADIOEMBO_BSA_LOBAR_KENNEDY_2007 = 1,
	/* ((BSA - 0.2) f + T/L) R: only the body-size term is scaled by f */
	RADIOEMBO_BSA_LOBAR_OFFSET_TERM = 2
} radioembo_bsa_lobar_rule;

/* "kennedy_2007" or "offset_term"; NULL for a value that is not a rule. */
RADIOEMBO_API const char *radioembo_bsa_lobar_rule_name(radioembo_bsa_lobar_rule rule);

/*
 * radioembo_bsa_activity_gbq() with the lobar rule named; the two agree when
 * treated_fraction is 1 (whole liver) or the liver holds no tumour.
 */
RADIOEMBO_API int radioembo_bsa_activity_rule_gbq(double bsa_m2, double tumor_volume_ml,
						  double liver_volume_ml, double treated_fraction,
						  double lsf, radioembo_bsa_lobar_rule rule,
						  double *activity_gbq_out);

#ifdef __cplusplus
}
#endif

#endif /* RADIOEMBO_BSA_H */
