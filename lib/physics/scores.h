/*
 * libradioembo internals: what the clinical scores (physics/clinical.c) share with patient
 * selection (planning/selection.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_PHYSICS_SCORES_H
#define RADIOEMBO_PHYSICS_SCORES_H

#include "core/internal.h"

/* Normal serum albumin is 3.5-5.5 g/dL; above 10 the value is surely in g/L. */
#define RADIOEMBO__ALBUMIN_MAX_G_DL 10.0

/* The Child-Pugh class of a score of 5 to 15: A 5-6, B 7-9, C 10-15 (Pugh 1973). */
radioembo_child_pugh_class radioembo__child_pugh_class_of_score(int score);

#endif /* RADIOEMBO_PHYSICS_SCORES_H */
