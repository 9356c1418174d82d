/*
 * Test helper for tests/scripts/cli_voxel.sh: writes and reads small NIfTI-1 images with niftilib,
 * so that the voxel command's tests need no Python imaging package.
 *
 *   nifti_tool write OUT nx ny nz sx sy sz DATATYPE [SLOPE INTER [UNITS]] < values
 *       values: nx*ny*nz numbers, x fastest; DATATYPE uint8 int16 int32 float32 float64;
 *       UNITS mm (default) or m; qform and sform set, offset (-10, 20, 5) in UNITS.
 *   nifti_tool read FILE
 *       prints "dim nx ny nz", "pixdim sx sy sz", "datatype NAME", "sform OX OY OZ", then
 *       one value per line (as stored, x fastest).
 *   nifti_tool write4d OUT    a 2 x 2 x 2 x 2 float image (for the error test)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nifti1_io.h>

static int datatype(const char *name)
{
	static const struct { const char *name; int code; } types[] = {
		{ "uint8", DT_UINT8 }, { "int16", DT_INT16 }, { "int32", DT_INT32 },
		{ "float32", DT_FLOAT32 }, { "float64", DT_FLOAT64 },
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(types[i].name, name) == 0)
			return types[i].code;
	return -1;
}

static int write_image(int argc, char **argv, int four)
{
	int dims[8] = { 3, 1, 1, 1, 1, 1, 1, 1 }, type = DT_FLOAT32;
	float pix[3] = { 1, 1, 1 };
	nifti_image *nim;
	size_t n, i;
	mat44 m;

	if (four) {
		dims[0] = 4;
		dims[1] = dims[2] = dims[3] = dims[4] = 2;
	} else {
		if (argc < 10)
			return 2;
		for (i = 0; i < 3; i++) {
			dims[i + 1] = atoi(argv[3 + i]);
			pix[i] = (float)atof(argv[6 + i]);
		}
		if ((type = datatype(argv[9])) < 0)
			return 2;
	}
	if ((nim = nifti_make_new_nim(dims, type, 1)) == NULL)
		return 1;
	for (i = 0; i < 3; i++)
		nim->pixdim[i + 1] = pix[i];
	nim->dx = pix[0];
	nim->dy = pix[1];
	nim->dz = pix[2];
	if (!four && argc >= 12) {
		nim->scl_slope = (float)atof(argv[10]);
		nim->scl_inter = (float)atof(argv[11]);
	}
	nim->xyz_units = !four && argc >= 13 && strcmp(argv[12], "m") == 0 ? NIFTI_UNITS_METER
									  : NIFTI_UNITS_MM;
	nim->qform_code = nim->sform_code = NIFTI_XFORM_SCANNER_ANAT;
	nim->qoffset_x = -10;
	nim->qoffset_y = 20;
	nim->qoffset_z = 5;
	nim->quatern_b = nim->quatern_c = nim->quatern_d = 0;
	nim->qfac = 1;
	memset(&m, 0, sizeof m);
	m.m[0][0] = pix[0];
	m.m[1][1] = pix[1];
	m.m[2][2] = pix[2];
	m.m[0][3] = -10;
	m.m[1][3] = 20;
	m.m[2][3] = 5;
	m.m[3][3] = 1;
	nim->sto_xyz = m;
	nim->qto_xyz = m;
	n = nim->nvox;
	for (i = 0; i < n; i++) {
		double v = 0.0;
		if (!four && scanf("%lf", &v) != 1) {
			fprintf(stderr, "nifti_tool: %zu values needed\n", n);
			return 1;
		}
		switch (type) {
		case DT_UINT8: ((unsigned char *)nim->data)[i] = (unsigned char)v; break;
		case DT_INT16: ((short *)nim->data)[i] = (short)v; break;
		case DT_INT32: ((int *)nim->data)[i] = (int)v; break;
		case DT_FLOAT32: ((float *)nim->data)[i] = (float)(four ? 1.0 : v); break;
		default: ((double *)nim->data)[i] = v; break;
		}
	}
	if (nifti_set_filenames(nim, argv[2], 0, 1) != 0)
		return 1;
	nifti_image_write(nim);
	nifti_image_free(nim);
	return 0;
}

static int read_image(const char *path)
{
	nifti_image *nim = nifti_image_read(path, 1);
	size_t i;

	if (nim == NULL)
		return 1;
	printf("dim %d %d %d\npixdim %g %g %g\ndatatype %s\nsform %g %g %g\n", nim->nx, nim->ny,
	       nim->nz, nim->dx, nim->dy, nim->dz, nifti_datatype_string(nim->datatype),
	       nim->sto_xyz.m[0][3], nim->sto_xyz.m[1][3], nim->sto_xyz.m[2][3]);
	for (i = 0; i < nim->nvox; i++) {
		if (nim->datatype == DT_FLOAT32)
			printf("%.9g\n", ((float *)nim->data)[i]);
		else
			printf("?\n");
	}
	nifti_image_free(nim);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "write") == 0)
		return write_image(argc, argv, 0);
	if (argc >= 3 && strcmp(argv[1], "write4d") == 0)
		return write_image(argc, argv, 1);
	if (argc == 3 && strcmp(argv[1], "read") == 0)
		return read_image(argv[2]);
	fprintf(stderr, "usage: nifti_tool write|write4d|read ...\n");
	return 2;
}
