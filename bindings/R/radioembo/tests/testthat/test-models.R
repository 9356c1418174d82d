# EQDX, logit and relative-seriality NTCP, MELD-Na and MELD 3.0 from R: values from the
# golden tables (hand-computed from the published formulas) and errors naming the parameter.
# SPDX-License-Identifier: GPL-3.0-or-later

test_that("eqdx_gy generalises EQD2", {
	expect_equal(eqdx_gy(241.37, 3.5, 10), 178.7925925925925925925925925925925925926,
		     tolerance = 1e-14)
	expect_equal(eqdx_gy(93.1, 0, 10), 93.1)
	expect_error(eqdx_gy(93.1, -2, 2.5), "x_gy")
})

test_that("logit and relative-seriality NTCP", {
	expect_equal(ntcp_logit(38.4, 52, 3.7), 0.2456795638965656776708112779960440566902,
		     tolerance = 1e-13)
	expect_equal(ntcp_relative_seriality(c(12.5, 40, 81.25), c(0.25, 0.5, 0.25), 40, 1.8,
					     0.06),
		     0.6715388986647702706202406755411524551354, tolerance = 1e-12)
	expect_error(ntcp_relative_seriality(c(12.5, 40), c(25, 75), 40, 1.8, 0.06),
		     "volume_fraction")
})

test_that("MELD-Na and MELD 3.0", {
	expect_identical(meld_na_score(2, 1.2, 1.5, 135, 0L), 17L)
	expect_identical(meld3_score(2, 1.2, 1.5, 135, 3, 1L, 0L), 18L)
	expect_error(meld3_score(2, 1.2, 1.5, 135, 30, 1L, 0L), "albumin_g_dl")
})
