#!/bin/sh
# Every man page is clean under `mandoc -Tlint`, and every exported symbol is documented:
# named by a .Nm line of a man3 page. Every page has a HISTORY section naming a release,
# and a man3 page's HISTORY gives each function it documents the release of the function's
# version node in lib/libradioembo.map (LIBRADIOEMBO_1.1 -> "libradioembo 1.1.0"): the
# first "libradioembo X.Y.Z" not preceded by .Fn lines is the page's default, and
# ".Fn name ... in libradioembo X.Y.Z" gives the named functions their own. Prints TAP.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for page in man/man*/*.[0-9]; do
	n=$((n + 1))
	if ${MANDOC:-mandoc} -Tlint -Wwarning "$page" >"$tmp/log" 2>&1; then
		echo "ok $n - $page is lint-clean"
	else
		echo "not ok $n - $page is lint-clean"
		sed 's/^/# /' "$tmp/log"
	fi
done
for page in man/man3/*.3; do sh tests/scripts/man-names.sh "$page"; done | sort -u >"$tmp/documented"
nm -D --defined-only lib/libradioembo.so | awk '$2 != "A" {print $3}' | sed 's/@.*//' |
	sort -u >"$tmp/exported"
comm -23 "$tmp/exported" "$tmp/documented" >"$tmp/missing"
n=$((n + 1))
if [ ! -s "$tmp/missing" ]; then echo "ok $n - every exported symbol has a man3 page"; else
	echo "not ok $n - every exported symbol has a man3 page"
	sed 's/^/# undocumented: /' "$tmp/missing"
fi

# HISTORY: every page names a release; man3 pages agree with the map's version nodes.
for page in man/man*/*.[0-9]; do
	n=$((n + 1))
	awk -v page="$page" '
	FNR == NR {
		# a numbered node; an unnumbered one (EXPERIMENTAL) promises no release
		if (match($0, /^LIBRADIOEMBO_[0-9]+\.[0-9]+/)) node = substr($0, 14, RLENGTH - 13)
		else if ($0 ~ /^LIBRADIOEMBO_/) node = ""
		else if (node != "" && match($0, /^[ \t]*radioembo_[a-z0-9_]+;/)) {
			sym = $0; gsub(/[ \t;]/, "", sym); version[sym] = node
		}
		next
	}
	/^\.Sh / { section = $2 }
	section == "NAME" && /^\.Nm radioembo_/ { names[++count] = $2 }
	section == "HISTORY" {
		seen_history = 1
		line = $0
		if (line ~ /^\.Fn /) {
			split(line, word, /[ \t]+/)
			for (i = 2; i in word; i++) if (word[i] ~ /^radioembo_/) pending[word[i]] = 1
		}
		while (match(line, /libradioembo [0-9]+\.[0-9]+\.[0-9]+/)) {
			release = substr(line, RSTART + 13, RLENGTH - 13)
			sub(/\.[0-9]+$/, "", release)
			any = 0
			for (f in pending) { claimed[f] = release; any = 1; delete pending[f] }
			if (!any && fallback == "") fallback = release
			line = substr(line, RSTART + RLENGTH)
		}
	}
	END {
		if (!seen_history) { print "# no HISTORY section"; exit 1 }
		if (fallback == "" && length(claimed) == 0) {
			print "# HISTORY names no release (libradioembo X.Y.Z)"; exit 1
		}
		bad = 0
		for (i = 1; i <= count; i++) {
			f = names[i]
			if (!(f in version)) continue  # not exported: the check above reports it
			said = (f in claimed) ? claimed[f] : fallback
			if (said != version[f]) {
				printf "# %s is in LIBRADIOEMBO_%s but HISTORY says libradioembo %s\n", \
					f, version[f], (said == "" ? "nothing" : said ".0")
				bad = 1
			}
		}
		exit bad
	}' lib/libradioembo.map "$page" >"$tmp/history" 2>&1
	if [ $? -eq 0 ]; then
		echo "ok $n - $page: HISTORY gives each function the release of its version node"
	else
		echo "not ok $n - $page: HISTORY gives each function the release of its version node"
		cat "$tmp/history"
	fi
done
echo "1..$n"
