#!/usr/bin/env bash
# Writes the template of every translatable literal of the sources to $1
# (po/README.md): the formats of ft_fail, ctx_usage_error, pdf_fail,
# ctx_note, ctx_say, add_finding, the exchange findings (exch_report,
# exch_report_rule) and refusals (imp_refuse), what failed in the database
# (the doing of store_fail, store_step_done, store_run, exec_sql, run_built,
# plan_run, imp_fail_db, imp_run), the texts marked tr() or N_(),
# and the singular/plural pairs of trn(). Run from anywhere.
set -euo pipefail
export LC_ALL=C.UTF-8 # xgettext reads the UTF-8 sources only under a UTF-8 locale
out=${1:?usage: po/extract.sh OUT.pot}
cd "$(dirname "$0")/.."
git ls-files 'app/*.c' 'reports/*.c' 2>/dev/null >/tmp/po-extract.$$ ||
  find app reports -name '*.c' >/tmp/po-extract.$$
[ -s /tmp/po-extract.$$ ] || find app reports -name '*.c' >/tmp/po-extract.$$
xgettext --language=C --from-code=UTF-8 --no-wrap --sort-output \
  -k -kft_fail:2 -kctx_usage_error:2 -kpdf_fail:2 -kctx_note:2 -kctx_say:2 -kadd_finding:5 -ktr:1 -ktrn:1,2 -ktr_in:2 -kN_:1 -kmoney_fail_overflow:2 -kexch_report:7 -kexch_report_rule:6 -kimp_refuse:2 -kstore_fail:3 -kstore_step_done:3 -kstore_run:3 -kexec_sql:3 -krun_built:3 -kplan_run:3 -kimp_fail_db:2 -kimp_run:3 -kreason_set:2 \
  --flag=ft_fail:2:c-format --flag=ctx_usage_error:2:c-format \
  --flag=pdf_fail:2:c-format --flag=ctx_note:2:c-format --flag=ctx_say:2:c-format --flag=add_finding:5:c-format --flag=exch_report:7:c-format --flag=exch_report_rule:6:c-format --flag=imp_refuse:2:c-format --flag=imp_fail_db:2:c-format --flag=imp_run:3:c-format --flag=reason_set:2:c-format \
  -f /tmp/po-extract.$$ -o "$out"
rm -f /tmp/po-extract.$$
