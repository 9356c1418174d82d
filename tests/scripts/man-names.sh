#!/bin/sh
# Prints the names a man page documents: the arguments of its .Nm lines in NAME.
# SPDX-License-Identifier: GPL-3.0-or-later
sed -n '/^\.Sh NAME/,/^\.Sh /s/^\.Nm \([A-Za-z0-9_]*\).*/\1/p' "$1"
