#!/bin/sh
# Every public header compiles on its own as strict C99 and as C++. Prints TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for header in include/radioembo.h include/radioembo/*.h; do
	name=${header#include/}
	printf '#include <%s>\nint main(void) { return 0; }\n' "$name" >"$tmp/t.c"
	for lang in c99 c++11; do
		n=$((n + 1))
		if [ "$lang" = c99 ]; then
			${CC:-cc} -std=c99 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only \
				"$tmp/t.c" >"$tmp/log" 2>&1
		else
			${CXX:-c++} -std=c++11 -pedantic -Wall -Wextra -Werror -Iinclude -fsyntax-only \
				-x c++ "$tmp/t.c" >"$tmp/log" 2>&1
		fi
		if [ $? -eq 0 ]; then echo "ok $n - $name compiles alone as $lang"; else
			echo "not ok $n - $name compiles alone as $lang"
			sed 's/^/# /' "$tmp/log"
		fi
	done
done
echo "1..$n"
