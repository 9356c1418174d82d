/*
 * libradioembo - radioembolization planning and dosimetry
 * The umbrella header: includes every module header and nothing else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_H
#define RADIOEMBO_H

#include "radioembo/common.h"
#include "radioembo/version.h"
#include "radioembo/nuclide.h"
#include "radioembo/decay.h"
#include "radioembo/product.h"
#include "radioembo/tissue.h"
#include "radioembo/mird.h"
#include "radioembo/shunt.h"
#include "radioembo/lung.h"
#include "radioembo/partition.h"
#include "radioembo/bsa.h"
#include "radioembo/time.h"
#include "radioembo/lesion.h"
#include "radioembo/liver.h"
#include "radioembo/vial.h"
#include "radioembo/delivery.h"
#include "radioembo/result.h"
#include "radioembo/plan.h"
#include "radioembo/uncertainty.h"
#include "radioembo/propagation.h"
#include "radioembo/volume.h"
#include "radioembo/kernel.h"
#include "radioembo/voxel.h"
#include "radioembo/radiobiology.h"
#include "radioembo/dvh.h"
#include "radioembo/clinical.h"
#include "radioembo/report.h"
#include "radioembo/case.h"

#endif /* RADIOEMBO_H */
