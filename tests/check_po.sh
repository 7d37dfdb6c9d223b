#!/usr/bin/env bash
# check_po: the German catalogue po/de.po is complete and safe (po/README.md).
#   check_po.sh SOURCE_DIR PO2C [RUNTIME_POT_WRITER]
# - every translatable literal of the sources (po/extract.sh, xgettext) and
#   every text of the command and rule tables (test_i18n --runtime-pot) has
#   a German entry that is neither empty nor fuzzy; no entry is stale;
# - every msgstr has the printf conversions of its msgid (po2c --check and
#   msgfmt -c), and po2c rejects an entry whose conversions differ;
# - the file is in its canonical order (msgcat --sort-output --no-wrap).
# Exits 77 (skipped) when the gettext tools are missing.
set -euo pipefail
export LC_ALL=C.UTF-8
src=$1 po2c=$2 runtime=${3:-}
po=$src/po/de.po
for tool in xgettext msgcat msgmerge msgattrib msgfmt msggrep msguniq; do
  command -v "$tool" >/dev/null || { echo "SKIP: $tool missing (Debian package gettext)"; exit 77; }
done
tmp=$(mktemp -d)
trap '[ -n "${KEEP_TMP:-}" ] || rm -rf "$tmp"' EXIT
fail=0

# 1. conversions and IDs, by our generator and by gettext itself
"$po2c" --check "$po" || fail=1
msgfmt -c --check-format -o /dev/null "$po" || fail=1

# 2. the checker rejects a msgstr whose conversions differ from the msgid's
cat >"$tmp/bad.po" <<'PO'
msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\n"

# ID FT9998
#, c-format
msgid "grant '%s' has %lld bookings"
msgstr "die Zuwendung '%s' hat %s Buchungen"

# ID FT9999
#, c-format
msgid "invalid date '%s'"
msgstr "ungültiges Datum '%s' (%d)"
PO
if "$po2c" --check "$tmp/bad.po" 2>"$tmp/bad.txt"; then
  echo "FAIL: po2c accepted a msgstr whose conversions differ"; fail=1
elif [ "$(grep -c "conversions differ" "$tmp/bad.txt")" != 2 ]; then
  echo "FAIL: po2c should name both bad entries:"; cat "$tmp/bad.txt"; fail=1
fi

# 3. canonical order
if ! msgcat --sort-output --no-wrap "$po" | cmp -s - "$po"; then
  echo "FAIL: po/de.po is not in canonical order: msgcat --sort-output --no-wrap -o po/de.po po/de.po"
  fail=1
fi

# 4. complete, nothing stale: merge the catalogue with everything to translate
"$src/po/extract.sh" "$tmp/src.pot"
pots=("$tmp/src.pot")
if [ -n "$runtime" ]; then
  "$runtime" --runtime-pot "$tmp/runtime-dup.pot"
  msguniq --use-first --no-wrap "$tmp/runtime-dup.pot" -o "$tmp/runtime.pot"
  pots+=("$tmp/runtime.pot")
fi
msgcat --use-first --no-wrap "${pots[@]}" -o "$tmp/all-raw.pot"
# formats without words of their own ("%s: %s", "%s:%d: %s") are not
# translated: keep the texts with a word of two letters outside a conversion
msggrep --no-wrap -K -E -e '(^|[^%[:alpha:]])[[:alpha:]][[:alpha:]]' \
  "$tmp/all-raw.pot" -o "$tmp/all.pot"
msgmerge --quiet --no-fuzzy-matching --no-wrap "$po" "$tmp/all.pot" -o "$tmp/merged.po"
entries() { grep -c '^msgid ' "$1" 2>/dev/null || true; }
msgattrib --untranslated --no-obsolete --no-wrap "$tmp/merged.po" -o "$tmp/untranslated.po"
if [ -s "$tmp/untranslated.po" ] && [ "$(entries "$tmp/untranslated.po")" -gt 1 ]; then
  echo "FAIL: messages without a German entry in po/de.po:"
  grep -A1 '^msgid ' "$tmp/untranslated.po" | tail -n +3; fail=1
fi
msgattrib --only-fuzzy --no-wrap "$po" -o "$tmp/fuzzy.po"
if [ -s "$tmp/fuzzy.po" ]; then
  echo "FAIL: fuzzy entries in po/de.po:"; grep '^msgid ' "$tmp/fuzzy.po"; fail=1
fi
msgattrib --only-obsolete --no-wrap "$tmp/merged.po" -o "$tmp/stale.po"
if [ -s "$tmp/stale.po" ]; then
  echo "FAIL: stale entries in po/de.po (no source uses them any more):"
  grep '^#~ msgid ' "$tmp/stale.po"; fail=1
fi
# 5. every guard of the schema (RAISE(ABORT, 'text')) is a message in the
#    catalogue: store_fail shows it in German (guard_texts, app/store/store.c)
while IFS= read -r text; do
  [ -n "$text" ] || continue
  if ! msggrep --no-wrap -K -F -e "$text" "$po" | grep -qxF "msgid \"$text\""; then
    echo "FAIL: the guard text '$text' of schema/ has no German entry (add it to guard_texts in app/store/store.c)"
    fail=1
  fi
done < <(grep -h "RAISE(ABORT, '" "$src"/schema/*.sql | sed -n "s/.*RAISE(ABORT, '\(.*\)');.*/\1/p" | sed "s/''/'/g" | sort -u)

[ $fail = 0 ] && echo "po/de.po: $(entries "$po") entries, complete"
exit $fail
