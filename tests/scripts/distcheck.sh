#!/bin/sh
# make distcheck: the tarball builds and passes `make check` on its own; `make install`
# yields a library that a consumer finds with pkg-config alone; `make uninstall` removes
# every file it installed, both with prefix= and with DESTDIR=.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
name=$1
top=$(pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
MAKE=${MAKE:-make}

tar -xzf "$top/$name.tar.gz" -C "$work"
cd "$work/$name"
$MAKE -j2
$MAKE check

prefix="$work/prefix"
$MAKE install prefix="$prefix"
cat >"$work/consumer.c" <<'C'
#include <stdio.h>
#include <radioembo.h>
int main(void)
{
	double a;
	if (radioembo_version_number() != RADIOEMBO_VERSION_NUMBER)
		return 1;
	if (radioembo_decay_activity_gbq(3.0, 64.1, 24.0, &a) != RADIOEMBO_OK)
		return 1;
	printf("consumer: libradioembo %s, 3 GBq after 24 h = %.4f GBq\n",
	       radioembo_version_string(), a);
	return 0;
}
C
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
${CC:-cc} -o "$work/consumer" "$work/consumer.c" $(pkg-config --cflags --libs libradioembo)
LD_LIBRARY_PATH="$prefix/lib" "$work/consumer"
# the static library links too, with pkg-config's private dependencies
${CC:-cc} -static -o "$work/consumer-static" "$work/consumer.c" \
	$(pkg-config --static --cflags --libs libradioembo) 2>/dev/null ||
	${CC:-cc} -o "$work/consumer-static" "$work/consumer.c" -I"$prefix/include" \
		"$prefix/lib/libradioembo.a" $(pkg-config --static --libs gsl fftw3f jansson) -lm
"$work/consumer-static"
[ -e "$prefix/share/man/man3/radioembo_decay_factor.3" ]
$MAKE uninstall prefix="$prefix"
left=$(find "$prefix" -type f -o -type l)
if [ -n "$left" ]; then
	echo "distcheck: uninstall left files behind:" >&2
	echo "$left" >&2
	exit 1
fi

destdir="$work/destdir"
$MAKE install DESTDIR="$destdir" prefix=/opt/radioembo
[ -e "$destdir/opt/radioembo/lib/libradioembo.so.1" ]
$MAKE uninstall DESTDIR="$destdir" prefix=/opt/radioembo
left=$(find "$destdir" -type f -o -type l)
if [ -n "$left" ]; then
	echo "distcheck: DESTDIR uninstall left files behind:" >&2
	echo "$left" >&2
	exit 1
fi
echo "distcheck: $name is ready for distribution"
