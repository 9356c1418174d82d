/*
 * radioembo(1): NIfTI-1 reading and writing; see nifti.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nifti1_io.h>
#include <zlib.h>

#include "nifti.h"
#include "nifti_header.h"
#include "output.h"

struct nifti_grid {
	nifti_image *header; /* no data */
};

void nifti_grid_free(struct nifti_grid *grid)
{
	if (grid == NULL)
		return;
	nifti_image_free(grid->header);
	free(grid);
}

/* mm per unit of xyz_units; an unknown unit is taken as mm (the common writer default). */
static double unit_mm(int xyz_units)
{
	switch (XYZT_TO_SPACE(xyz_units)) {
	case NIFTI_UNITS_METER:
		return 1000.0;
	case NIFTI_UNITS_MICRON:
		return 0.001;
	default:
		return 1.0;
	}
}

/* Bytes read and converted at a time: the read's memory beyond the volume itself. */
#define CHUNK_BYTES ((size_t)1 << 20)

/* scl_slope and scl_inter as applied; a zero or NaN slope means "no scaling" (NIfTI-1). */
static void scaling(const nifti_1_header *h, double *slope, double *inter)
{
	*slope = h->scl_slope;
	*inter = h->scl_inter;
	if (*slope == 0.0 || !isfinite(*slope)) {
		*slope = 1.0;
		*inter = 0.0;
	}
}

/* n voxels of datatype at raw into out as floats, scaled: the index of the first that is
 * not finite, or n. */
static size_t convert(const void *raw, int datatype, size_t n, double slope, double inter,
		      float *out)
{
	size_t i;

#define CONVERT(type)                                                                              \
	do {                                                                                       \
		const type *p = (const type *)raw;                                                 \
		for (i = 0; i < n; i++)                                                            \
			out[i] = (float)((double)p[i] * slope + inter);                            \
	} while (0)
	switch (datatype) {
	case DT_UINT8: CONVERT(uint8_t); break;
	case DT_INT8: CONVERT(int8_t); break;
	case DT_INT16: CONVERT(int16_t); break;
	case DT_UINT16: CONVERT(uint16_t); break;
	case DT_INT32: CONVERT(int32_t); break;
	case DT_UINT32: CONVERT(uint32_t); break;
	case DT_INT64: CONVERT(int64_t); break;
	case DT_UINT64: CONVERT(uint64_t); break;
	case DT_FLOAT32:
		CONVERT(float);
		break;
	default:
		CONVERT(double);
		break; /* the header check admits no other type */
	}
#undef CONVERT
	for (i = 0; i < n; i++)
		if (!isfinite(out[i]))
			return i;
	return n;
}

/*
 * The header of the open file fp, in this machine's byte order (*swapped says whether the
 * file's was the other), checked by nifti_header_check() before niftilib sees it.
 */
static int read_header(znzFile fp, nifti_1_header *h, int *swapped, size_t *voxel_bytes,
		       size_t *voxels, const char *flag, const char *path, struct cli_error *err)
{
	int size;

	if (znzread(h, 1, sizeof *h, fp) != sizeof *h)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--%s %s: not a NIfTI-1 image (shorter than its 348-byte header)",
				flag, path);
	size = h->sizeof_hdr;
	*swapped = size != 348;
	if (*swapped) {
		nifti_swap_4bytes(1, &size);
		if (size != 348)
			return cli_fail(err, CLI_EXIT_USAGE,
					"--%s %s: not a NIfTI-1 image (sizeof_hdr is not 348)",
					flag, path);
		swap_nifti_header(h, 1);
	}
	return nifti_header_check(h, flag, path, voxel_bytes, voxels, err);
}

/*
 * The voxels, read CHUNK_BYTES at a time and converted straight into volume: the memory of
 * a read is the float volume and one chunk, and a file shorter than its header declares
 * fails when it ends, having touched no more memory than the data it held. The voxels are
 * byte-swapped here, not read with nifti_read_buffer(): that one silently sets NaN and
 * infinite float voxels to 0, and such a file must be refused (naming the first bad
 * voxel), not accepted with zeros in it.
 */
static int read_voxels(znzFile fp, const nifti_1_header *h, int swapped, size_t voxel_bytes,
		       size_t voxels, radioembo_volume *volume, const char *flag, const char *path,
		       struct cli_error *err)
{
	float *out = radioembo_volume_data_mutable(volume);
	size_t done = 0, per_chunk = CHUNK_BYTES / voxel_bytes;
	double slope, inter;
	unsigned char *chunk;
	int rc = 0;

	scaling(h, &slope, &inter);
	if (znzseek(fp, (long)h->vox_offset, SEEK_SET) < 0)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s %s: vox_offset %g lies past the end",
				flag, path, (double)h->vox_offset);
	if ((chunk = malloc(CHUNK_BYTES)) == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: out of memory", flag, path);
	while (rc == 0 && done < voxels) {
		size_t want = voxels - done < per_chunk ? voxels - done : per_chunk, got, bad;

		got = znzread(chunk, 1, want * voxel_bytes, fp);
		if (got != want * voxel_bytes) {
			rc = cli_fail(err, CLI_EXIT_USAGE,
				      "--%s %s: the file ends after %zu of the %zu bytes of voxels "
				      "its header declares",
				      flag, path, done * voxel_bytes + got, voxels * voxel_bytes);
			break;
		}
		if (swapped && voxel_bytes > 1)
			nifti_swap_Nbytes(want, (int)voxel_bytes, chunk);
		if ((bad = convert(chunk, h->datatype, want, slope, inter, out + done)) < want)
			rc = cli_fail(err, CLI_EXIT_USAGE,
				      "--%s %s: voxel %zu is not a finite number", flag, path,
				      done + bad);
		done += want;
	}
	free(chunk);
	return rc;
}

/*
 * The volume's place in the patient from the header: the sform if set, else the qform,
 * in NIfTI's RAS converted to DICOM's LPS (x and y negated) and to mm; neither set is a
 * warning, and the grid stays axis-aligned at the origin.
 */
static int place(const nifti_image *nim, radioembo_volume *volume, const char *flag,
		 const char *path, struct cli_error *err)
{
	double mm = unit_mm(nim->xyz_units), affine[16];
	const mat44 *m;
	int r, c;

	if (nim->sform_code > 0) {
		m = &nim->sto_xyz;
	} else if (nim->qform_code > 0) {
		m = &nim->qto_xyz;
	} else {
		fprintf(stderr,
			"radioembo voxel: warning: --%s %s: neither sform nor qform is set; the "
			"image is taken as axis-aligned at the origin\n",
			flag, path);
		return 0;
	}
	for (r = 0; r < 4; r++)
		for (c = 0; c < 4; c++)
			affine[4 * r + c] =
				r < 3 ? (r < 2 ? -mm : mm) * m->m[r][c] : (c == 3 ? 1.0 : 0.0);
	if (radioembo_volume_set_affine_mm(volume, affine, 16) != 0)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s %s: the %s is not a grid: %s", flag,
				path, nim->sform_code > 0 ? "sform" : "qform",
				radioembo_last_error_message());
	return 0;
}

int nifti_read_volume(const char *path, const char *flag, radioembo_volume **volume_out,
		      struct nifti_grid **grid_out, struct cli_error *err)
{
	nifti_1_header h;
	nifti_image *nim = NULL;
	radioembo_volume *volume = NULL;
	struct nifti_grid *grid = NULL;
	size_t voxel_bytes = 0, voxels = 0, n[3];
	double mm, spacing[3];
	struct stat st;
	znzFile fp;
	int swapped = 0, rc, k;

	if (access(path, R_OK) != 0)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s %s: cannot open the image: %s", flag,
				path, strerror(errno));
	nifti_set_debug_level(0); /* our one-line message, not the library's */
	/* exactly this file: nifti_image_read() would look for NAME.nii before NAME.nii.gz */
	fp = znzopen(path, "rb", nifti_is_gzfile(path));
	if (znz_isnull(fp))
		return cli_fail(err, CLI_EXIT_USAGE, "--%s %s: cannot open the image", flag, path);
	rc = read_header(fp, &h, &swapped, &voxel_bytes, &voxels, flag, path, err);
	/* an uncompressed file must hold every declared byte: known before reading any */
	if (rc == 0 && !nifti_is_gzfile(path) && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size < (uint64_t)h.vox_offset + (uint64_t)voxels * voxel_bytes)
		rc = cli_fail(err, CLI_EXIT_USAGE,
			      "--%s %s: the file holds %jd bytes, its header declares %g + %zu",
			      flag, path, (intmax_t)st.st_size, (double)h.vox_offset,
			      voxels * voxel_bytes);
	if (rc == 0 && (nim = nifti_convert_nhdr2nim(h, path)) == NULL)
		rc = cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: out of memory", flag, path);
	if (rc == 0) {
		mm = unit_mm(h.xyzt_units);
		for (k = 0; k < 3; k++) {
			n[k] = k < h.dim[0] ? (size_t)h.dim[k + 1] : 1;
			spacing[k] = h.pixdim[k + 1] > 0.0f ? h.pixdim[k + 1] * mm : 1.0;
		}
		if (radioembo_volume_new(n[0], n[1], n[2], spacing[0], spacing[1], spacing[2],
					 &volume) != 0)
			rc = cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: %s", flag, path,
				      radioembo_last_error_message());
	}
	if (rc == 0)
		rc = read_voxels(fp, &h, swapped, voxel_bytes, voxels, volume, flag, path, err);
	znzclose(fp);
	if (rc == 0)
		rc = place(nim, volume, flag, path, err);
	if (rc == 0 && grid_out != NULL) {
		if ((grid = malloc(sizeof *grid)) == NULL) {
			rc = cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
		} else {
			grid->header = nim;
			nim = NULL;
			*grid_out = grid;
		}
	}
	nifti_image_free(nim);
	if (rc != 0) {
		radioembo_volume_free(volume);
		return rc;
	}
	*volume_out = volume;
	return 0;
}

int nifti_grid_from_volume(const radioembo_volume *volume, struct nifti_grid **grid_out,
			   struct cli_error *err)
{
	int dims[8] = {3, 1, 1, 1, 1, 1, 1, 1}, r, c;
	size_t n[3];
	double affine[16], spacing[3];
	struct nifti_grid *grid;
	nifti_image *nim;
	mat44 m;

	radioembo_volume_get_dimensions(volume, &n[0], &n[1], &n[2]);
	radioembo_volume_get_spacing_mm(volume, &spacing[0], &spacing[1], &spacing[2]);
	radioembo_volume_get_affine_mm(volume, affine, 16);
	for (r = 0; r < 3; r++) {
		if (n[r] > 32767)
			return cli_fail(err, CLI_EXIT_USAGE,
					"a grid of %zu voxels along an axis does not fit NIfTI-1",
					n[r]);
		dims[r + 1] = (int)n[r];
	}
	if ((grid = malloc(sizeof *grid)) == NULL ||
	    (nim = nifti_make_new_nim(dims, DT_FLOAT32, 0)) == NULL) {
		free(grid);
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	}
	/* LPS to NIfTI's RAS: x and y negated */
	memset(&m, 0, sizeof m);
	for (r = 0; r < 3; r++)
		for (c = 0; c < 4; c++)
			m.m[r][c] = (float)((r < 2 ? -1.0 : 1.0) * affine[4 * r + c]);
	m.m[3][3] = 1.0f;
	for (r = 0; r < 3; r++)
		nim->pixdim[r + 1] = (float)spacing[r];
	nim->dx = nim->pixdim[1];
	nim->dy = nim->pixdim[2];
	nim->dz = nim->pixdim[3];
	nim->xyz_units = NIFTI_UNITS_MM;
	nim->sform_code = nim->qform_code = NIFTI_XFORM_SCANNER_ANAT;
	nim->sto_xyz = m;
	nim->sto_ijk = nifti_mat44_inverse(m);
	nifti_mat44_to_quatern(m, &nim->quatern_b, &nim->quatern_c, &nim->quatern_d,
			       &nim->qoffset_x, &nim->qoffset_y, &nim->qoffset_z, NULL, NULL, NULL,
			       &nim->qfac);
	nim->qto_xyz = nifti_quatern_to_mat44(nim->quatern_b, nim->quatern_c, nim->quatern_d,
					      nim->qoffset_x, nim->qoffset_y, nim->qoffset_z,
					      nim->dx, nim->dy, nim->dz, nim->qfac);
	nim->qto_ijk = nifti_mat44_inverse(nim->qto_xyz);
	grid->header = nim;
	*grid_out = grid;
	return 0;
}

/*
 * Writes *map's volume as a single-file NIfTI-1 image to fd: the 348-byte header, a zero
 * extension flag (voxels at byte 352), the float32 voxels, gzip-compressed when the name
 * ends in .nii.gz. Every write and the gzclose are checked: a full disk is an error.
 */
static int write_map(int fd, void *context, const char *flag, const char *path,
		     struct cli_error *err)
{
	const struct nifti_output *map = context;
	static const char extender[4] = { 0, 0, 0, 0 };
	const char *data = (const char *)radioembo_volume_data(*map->volume);
	size_t n = 0, bytes, done;
	nifti_1_header header;
	nifti_image *out;
	gzFile gz;
	int copy, ok;

	if (radioembo_volume_voxel_count(*map->volume, &n) != 0)
		return cli_fail(err, CLI_EXIT_INTERNAL, "--%s: %s", flag,
				radioembo_last_error_message());
	if ((out = nifti_copy_nim_info((*map->grid)->header)) == NULL)
		return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
	out->datatype = DT_FLOAT32;
	out->nbyper = 4;
	out->swapsize = 4;
	out->scl_slope = 1.0f;
	out->scl_inter = 0.0f;
	out->cal_min = out->cal_max = 0.0f;
	out->intent_code = NIFTI_INTENT_NONE;
	memset(out->descrip, 0, sizeof out->descrip);
	snprintf(out->descrip, sizeof out->descrip, "libradioembo %s",
		 radioembo_version_string());
	out->nifti_type = NIFTI_FTYPE_NIFTI1_1;
	out->iname_offset = 352;
	header = nifti_convert_nim2nhdr(out);
	nifti_image_free(out);
	bytes = n * sizeof(float);
	if (!map->gzip) {
		ok = output_write_all(fd, &header, sizeof header) == 0 &&
		     output_write_all(fd, extender, sizeof extender) == 0 &&
		     output_write_all(fd, data, bytes) == 0;
	} else {
		/* gzclose() closes its descriptor: the output layer keeps fd to fsync it */
		if ((copy = dup(fd)) < 0 || (gz = gzdopen(copy, "wb")) == NULL) {
			if (copy >= 0)
				close(copy);
			return cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: cannot compress: %s",
					flag, path, strerror(errno));
		}
		errno = 0;
		ok = gzwrite(gz, &header, sizeof header) == (int)sizeof header &&
		     gzwrite(gz, extender, sizeof extender) == (int)sizeof extender;
		for (done = 0; ok && done < bytes;) {
			unsigned chunk =
				bytes - done > (1u << 30) ? 1u << 30 : (unsigned)(bytes - done);
			ok = gzwrite(gz, data + done, chunk) == (int)chunk;
			done += chunk;
		}
		ok = gzclose(gz) == Z_OK && ok;
	}
	if (!ok)
		return cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: cannot write the image: %s", flag,
				path, errno ? strerror(errno) : "write failed");
	return 0;
}

/* The name's extension: 1 for .nii.gz, 0 for .nii, -1 for neither. */
static int gzip_from_name(const char *path)
{
	size_t length = strlen(path);

	if (length > 7 && strcmp(path + length - 7, ".nii.gz") == 0)
		return 1;
	if (length > 4 && strcmp(path + length - 4, ".nii") == 0)
		return 0;
	return -1;
}

int nifti_output_add(struct output_set *set, struct nifti_output *map, const char *flag,
		     const char *path, struct cli_error *err)
{
	struct stat st;

	/* standard output, a device or a FIFO takes any name: an uncompressed .nii */
	if ((map->gzip = gzip_from_name(path)) < 0) {
		if (strcmp(path, "-") != 0 &&
		    (stat(path, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)))
			return cli_fail(err, CLI_EXIT_USAGE,
					"--%s %s: the name must end in .nii or .nii.gz", flag,
					path);
		map->gzip = 0;
	}
	return output_set_add(set, flag, path, write_map, map, err);
}
