/*
 * radioembo(1): the subcommands. Each takes the words after its name and returns the exit
 * status; on failure err holds the one-line message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef RADIOEMBO_CLI_COMMANDS_H
#define RADIOEMBO_CLI_COMMANDS_H

#include "cli.h"

int command_plan(int argc, char **argv, struct cli_error *err);     /* plan.c */
int command_products(int argc, char **argv, struct cli_error *err); /* products.c */
int command_decay(int argc, char **argv, struct cli_error *err);    /* calculators.c */
int command_order(int argc, char **argv, struct cli_error *err);
int command_lsf(int argc, char **argv, struct cli_error *err);
int command_bsa(int argc, char **argv, struct cli_error *err);
int command_voxel(int argc, char **argv, struct cli_error *err);    /* voxel.c */

#endif
