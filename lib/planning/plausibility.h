/*
 * Plausibility of the patient's inputs (radioembo-sources(7) PLAUSIBILITY). Two kinds of
 * bound:
 * - sanity bounds, past which a value is no human organ (a unit or typing mistake): errors;
 * - usual adult ranges, past which a value is possible but unusual: warning diagnostics
 *   of a result, which name the range and its source.
 * Never installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_PLANNING_PLAUSIBILITY_H
#define RADIOEMBO_PLANNING_PLAUSIBILITY_H

#include <stddef.h>

#include "core/internal.h"

/*
 * A volume of liver tissue (the liver, a territory, a lesion), mL. Below 1e-6 mL (a cube
 * 0.1 mm wide, room for a few dozen microspheres) nothing can be planned; above 20 L no
 * human liver has been reported (polycystic livers reach about 10 to 15 L).
 */
#define RADIOEMBO__TISSUE_VOLUME_MIN_ML 1e-6
#define RADIOEMBO__TISSUE_VOLUME_MAX_ML 20000.0
/*
 * The mass of both lungs, kg: a newborn's lungs weigh about 0.05 kg; 10 kg is more than
 * the total lung capacity of any adult (about 6 to 8 L) filled with water.
 */
#define RADIOEMBO__LUNG_MASS_MIN_KG 0.05
#define RADIOEMBO__LUNG_MASS_MAX_KG 10.0
/*
 * What a case file may prescribe: an activity up to 50 times the largest vial (20 GBq);
 * a dose up to 10 times the highest tumour doses reported (about 1000 Gy).
 */
#define RADIOEMBO__ACTIVITY_MAX_GBQ 1000.0
#define RADIOEMBO__DOSE_MAX_GY 10000.0

/*
 * Usual adult ranges: half the ICRP 89 reference female organ to twice the male one
 * (liver 1.4 and 1.8 kg, lungs 0.95 and 1.2 kg, both with blood; liver at 1.05 g/mL).
 */
#define RADIOEMBO__LIVER_USUAL_MIN_ML 650.0
#define RADIOEMBO__LIVER_USUAL_MAX_ML 3500.0
#define RADIOEMBO__LUNG_USUAL_MIN_KG 0.45
#define RADIOEMBO__LUNG_USUAL_MAX_KG 2.4
/* Published liver densities (TISSUE): 1.03 to 1.06 g/mL, cirrhotic about 1.1. */
#define RADIOEMBO__LIVER_DENSITY_USUAL_MIN 0.95
#define RADIOEMBO__LIVER_DENSITY_USUAL_MAX 1.2
/* A lung shunt above half is implausible: the scan is more likely wrong than the patient. */
#define RADIOEMBO__LSF_PLAUSIBLE_MAX 0.5

/* EINVAL naming name unless the value is within its sanity bounds. */
int radioembo__require_tissue_volume(const char *name, double volume_ml);
int radioembo__require_lung_mass(const char *name, double mass_kg);
int radioembo__require_activity(const char *name, double activity_gbq);
int radioembo__require_dose(const char *name, double dose_gy);

/*
 * The liver's geometry is consistent: every territory lies inside the liver, the lesions
 * of a territory inside it, all lesions inside the liver (volumes compared, lesions
 * included). EINVAL naming volume_ml otherwise, with *territory_out (may be NULL) the index
 * of the territory at fault or SIZE_MAX for the liver itself; ENOMEM.
 */
int radioembo__liver_check_geometry(const radioembo_liver *liver, size_t *territory_out);

/* Labels are unique among the lesions and among the territories: EINVAL naming label. */
int radioembo__liver_check_labels(const radioembo_liver *liver);

#endif /* RADIOEMBO_PLANNING_PLAUSIBILITY_H */
