/*
 * radioembo(1): DICOM images, segmentations and structure sets as libradioembo volumes,
 * through DCMTK's dcmdata (Debian libdcmtk-dev). C++ lives in dicom*.cc and nowhere else
 * (the library and the rest of the command are C); this is its C interface.
 *
 * Read: a file, or a directory holding one series (several: they are listed and the read
 * fails asking which). CT (HU through the rescale), PT (Units BQML; the acquisition's
 * delay after the radiopharmaceutical's start from the header and its decay correction),
 * NM reconstructed tomography (multi-frame, geometry from the detector information),
 * SEG (segments become labels 1, 2, ... named by their segment labels) and RTSTRUCT
 * (contours rasterized onto a reference grid, ROI names as names). Slices are sorted
 * along their normal; mixed orientations, gaps, missing or duplicate slices and a tilted
 * stack are errors naming what is wrong. Lossless compressed pixel data is decoded
 * (dicom_codec.cc); lossy is refused. Write: RT Dose (dicom_dose_output_add).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_DICOM_H
#define RADIOEMBO_CLI_DICOM_H

#include <radioembo.h>

#ifdef __cplusplus
extern "C" {
#endif

#include "cli.h"
#include "output.h"

/* What a read image says of itself, for messages, metrics and the RT Dose written. */
struct dicom_info {
	char modality[17];
	char study_uid[65], frame_of_reference_uid[65], series_uid[65];
	char patient_name[65], patient_id[65], study_date[9], study_time[17], study_id[17];
	char units[17];
	int is_labels;       /* SEG or RTSTRUCT: the voxels are labels */
	char *label_names;   /* "1=liver,2=lesion" for SEG and RTSTRUCT (malloc'd), or NULL */
	int has_delay;       /* PT: the delay below is known */
	double delay_h;      /* PT: the values' reference time minus the radiopharmaceutical's
				start (0 when decay-corrected to administration), hours */
};

/* 1 when path is a directory or a file with the DICOM preamble ("DICM" at byte 128). */
int dicom_is_dicom(const char *path);

/*
 * Reads path (flag names the option, for messages) into a new volume. reference: the
 * grid an RTSTRUCT is rasterized onto (NULL: an RTSTRUCT is refused). info (may be NULL)
 * is filled; free its label_names. Returns 0 or an exit status with err set.
 */
int dicom_read_volume(const char *path, const char *flag, const radioembo_volume *reference,
		      radioembo_volume **volume_out, struct dicom_info *info,
		      struct cli_error *err);

/*
 * An RT Dose to write when the run's outputs are committed (output.h): *volume (Gy) as
 * unsigned 16-bit doses with DoseGridScaling = max / 65535 (negative doses written as 0),
 * the volume's geometry, DoseType dose_type ("PHYSICAL", or "EFFECTIVE" for BED and EQD2)
 * and description as the series'; when source holds a FrameOfReferenceUID at commit, its
 * patient, study and frame of reference, else new UIDs.
 */
struct dicom_dose_output {
	radioembo_volume **volume;
	const struct dicom_info *source;
	const char *dose_type, *description;
};

/* Declares map as the output of flag at path in set. */
int dicom_dose_output_add(struct output_set *set, struct dicom_dose_output *map,
			  const char *flag, const char *path, struct cli_error *err);

#ifdef __cplusplus
}
#endif

#endif
