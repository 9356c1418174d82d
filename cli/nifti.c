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

/* Voxel i of the image's data as a double, for any real datatype; -1 if unsupported. */
static int to_float(const nifti_image *nim, float *out, size_t n, const char *flag,
		    const char *path, struct cli_error *err)
{
	double slope = nim->scl_slope, inter = nim->scl_inter;
	size_t i;

	/* NIfTI-1: scl_slope 0 means "no scaling" */
	if (slope == 0.0 || !isfinite(slope) || !isfinite(inter)) {
		slope = 1.0;
		inter = 0.0;
	}
#define CONVERT(type)                                                                  \
	do {                                                                           \
		const type *p = (const type *)nim->data;                               \
		for (i = 0; i < n; i++)                                                \
			out[i] = (float)((double)p[i] * slope + inter);                \
	} while (0)
	switch (nim->datatype) {
	case DT_UINT8: CONVERT(uint8_t); break;
	case DT_INT8: CONVERT(int8_t); break;
	case DT_INT16: CONVERT(int16_t); break;
	case DT_UINT16: CONVERT(uint16_t); break;
	case DT_INT32: CONVERT(int32_t); break;
	case DT_UINT32: CONVERT(uint32_t); break;
	case DT_INT64: CONVERT(int64_t); break;
	case DT_UINT64: CONVERT(uint64_t); break;
	case DT_FLOAT32: CONVERT(float); break;
	case DT_FLOAT64: CONVERT(double); break;
	default:
		return cli_fail(err, CLI_EXIT_USAGE,
				"--%s %s: NIfTI datatype %s is not a real scalar image", flag,
				path, nifti_datatype_string(nim->datatype));
	}
#undef CONVERT
	for (i = 0; i < n; i++)
		if (!isfinite(out[i]))
			return cli_fail(err, CLI_EXIT_USAGE,
					"--%s %s: voxel %zu is not a finite number", flag, path, i);
	return 0;
}

/*
 * The image in exactly this file. nifti_image_read() strips the extension and looks for
 * NAME.nii before NAME.nii.gz, so it may read another file than the one named: the header
 * and voxels are read here from the file itself. The voxels are read raw and byte-swapped
 * here, not with nifti_read_buffer(): that one silently sets NaN and infinite float voxels
 * to 0, and such a file must be refused (to_float() names the first bad voxel), not
 * accepted with zeros in it.
 */
static nifti_image *read_exact(const char *path)
{
	nifti_1_header header;
	nifti_image *nim = NULL;
	znzFile fp = znzopen(path, "rb", nifti_is_gzfile(path));
	size_t bytes;

	if (znz_isnull(fp))
		return NULL;
	if (znzread(&header, 1, sizeof header, fp) != sizeof header ||
	    memcmp(header.magic, "n+1", 4) != 0 ||
	    (nim = nifti_convert_nhdr2nim(header, path)) == NULL)
		goto fail;
	bytes = nifti_get_volsize(nim);
	if (nim->nvox == 0 || nim->iname_offset < 348 ||
	    znzseek(fp, (long)nim->iname_offset, SEEK_SET) < 0 ||
	    (nim->data = malloc(bytes)) == NULL || znzread(nim->data, 1, bytes, fp) != bytes)
		goto fail;
	if (nim->swapsize > 1 && nim->byteorder != nifti_short_order())
		nifti_swap_Nbytes(bytes / (size_t)nim->swapsize, nim->swapsize, nim->data);
	znzclose(fp);
	return nim;
fail:
	nifti_image_free(nim);
	znzclose(fp);
	return NULL;
}

int nifti_read_volume(const char *path, const char *flag, radioembo_volume **volume_out,
		      struct nifti_grid **grid_out, struct cli_error *err)
{
	nifti_image *nim;
	radioembo_volume *volume = NULL;
	struct nifti_grid *grid = NULL;
	double mm, sx, sy, sz, ox = 0.0, oy = 0.0, oz = 0.0;
	size_t nx, ny, nz, n, k;
	float *data;
	int rc;

	if (access(path, R_OK) != 0)
		return cli_fail(err, CLI_EXIT_USAGE, "--%s %s: cannot open the image: %s", flag,
				path, strerror(errno));
	nifti_set_debug_level(0); /* our one-line message, not the library's */
	if ((nim = read_exact(path)) == NULL)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--%s %s: not a readable single-file NIfTI-1 image (.nii, .nii.gz)",
				flag, path);
	for (k = 4; k <= 7; k++) {
		if (nim->dim[0] >= (int)k && nim->dim[k] > 1) {
			int dims = nim->dim[0];
			nifti_image_free(nim);
			return cli_fail(err, CLI_EXIT_USAGE,
					"--%s %s: a 3D image is needed, this one has %d dimensions",
					flag, path, dims);
		}
	}
	nx = nim->nx > 0 ? (size_t)nim->nx : 1;
	ny = nim->dim[0] >= 2 && nim->ny > 0 ? (size_t)nim->ny : 1;
	nz = nim->dim[0] >= 3 && nim->nz > 0 ? (size_t)nim->nz : 1;
	n = nx * ny * nz;
	mm = unit_mm(nim->xyz_units);
	sx = fabs((double)nim->dx) * mm;
	sy = fabs((double)nim->dy) * mm;
	sz = fabs((double)nim->dz) * mm;
	if (nim->dim[0] < 3 || nz == 1) /* a single slice: its thickness may be unset */
		sz = sz > 0.0 ? sz : 1.0;
	if (!(sx > 0.0 && sy > 0.0 && sz > 0.0)) {
		nifti_image_free(nim);
		return cli_fail(err, CLI_EXIT_USAGE,
				"--%s %s: the voxel spacing (pixdim) must be positive, got %g x %g x %g",
				flag, path, sx, sy, sz);
	}
	if (nim->sform_code > 0) {
		ox = nim->sto_xyz.m[0][3] * mm;
		oy = nim->sto_xyz.m[1][3] * mm;
		oz = nim->sto_xyz.m[2][3] * mm;
	} else if (nim->qform_code > 0) {
		ox = nim->qoffset_x * mm;
		oy = nim->qoffset_y * mm;
		oz = nim->qoffset_z * mm;
	}
	if ((data = malloc(n * sizeof *data)) == NULL) {
		nifti_image_free(nim);
		return cli_fail(err, CLI_EXIT_INTERNAL, "--%s %s: out of memory", flag, path);
	}
	if ((rc = to_float(nim, data, n, flag, path, err)) != 0) {
		free(data);
		nifti_image_free(nim);
		return rc;
	}
	rc = radioembo_volume_new_from_data(data, n, nx, ny, nz, sx, sy, sz, &volume);
	free(data);
	if (rc == 0 && isfinite(ox) && isfinite(oy) && isfinite(oz))
		rc = radioembo_volume_set_origin_mm(volume, ox, oy, oz);
	if (rc != 0) {
		radioembo_volume_free(volume);
		nifti_image_free(nim);
		return cli_fail(err, cli_status_from_library(rc), "--%s %s: %s", flag, path,
				radioembo_last_error_message());
	}
	if (grid_out != NULL) {
		free(nim->data);
		nim->data = NULL;
		if ((grid = malloc(sizeof *grid)) == NULL) {
			radioembo_volume_free(volume);
			nifti_image_free(nim);
			return cli_fail(err, CLI_EXIT_INTERNAL, "out of memory");
		}
		grid->header = nim;
		*grid_out = grid;
	} else {
		nifti_image_free(nim);
	}
	*volume_out = volume;
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

int nifti_same_grid(const radioembo_volume *a, const radioembo_volume *b, const char *flag,
		    const char *path, struct cli_error *err)
{
	size_t ax, ay, az, bx, by, bz;
	double as[3], bs[3];
	int k;

	radioembo_volume_get_dimensions(a, &ax, &ay, &az);
	radioembo_volume_get_dimensions(b, &bx, &by, &bz);
	radioembo_volume_get_spacing_mm(a, &as[0], &as[1], &as[2]);
	radioembo_volume_get_spacing_mm(b, &bs[0], &bs[1], &bs[2]);
	if (ax != bx || ay != by || az != bz)
		return cli_fail(err, CLI_EXIT_USAGE,
				"--%s %s: %zu x %zu x %zu voxels, the activity image has %zu x %zu x %zu",
				flag, path, bx, by, bz, ax, ay, az);
	for (k = 0; k < 3; k++)
		if (fabs(as[k] - bs[k]) > 1e-4 * as[k])
			return cli_fail(err, CLI_EXIT_USAGE,
					"--%s %s: spacing %g x %g x %g mm, the activity image has "
					"%g x %g x %g mm", flag, path, bs[0], bs[1], bs[2], as[0],
					as[1], as[2]);
	return 0;
}
