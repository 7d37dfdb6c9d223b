#!/bin/sh
# compare-validate.sh OLD NEW - runs 'validate' (German and --lang en) of
# two fundtrack binaries over every file of tests/data/exchange and the
# fuzz corpus and names each file whose output or exit code differs
# (issue 19: a change of the rules' memory must not change a message).
# Exit 0 when every run is byte-identical. Run from the repository root.
old=$1 new=$2 diffs=0 n=0
[ -x "$old" ] && [ -x "$new" ] || { echo "usage: $0 OLD-BINARY NEW-BINARY" >&2; exit 2; }
for f in $(find tests/data/exchange tests/fuzz/corpus -type f | sort); do
	for lang in "" "--lang en"; do
		# shellcheck disable=SC2086 # $lang is two words or none
		a=$(FUNDTRACK_TODAY=2026-11-24 "$old" $lang validate "$f" 2>&1; echo "exit $?")
		# shellcheck disable=SC2086
		b=$(FUNDTRACK_TODAY=2026-11-24 "$new" $lang validate "$f" 2>&1; echo "exit $?")
		n=$((n + 1))
		if [ "$a" != "$b" ]; then
			diffs=$((diffs + 1))
			echo "differs: $f $lang"
		fi
	done
done
echo "$n runs, $diffs differ"
[ "$diffs" -eq 0 ]
