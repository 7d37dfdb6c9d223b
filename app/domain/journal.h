/* journal.h - the bookings as a plain-text-accounting journal for ledger
 * and hledger (`fundtrack export --format ledger`).
 *
 * One transaction per booking, dated with the booking's date, the voucher
 * reference (or "booking ID") as payee, the booking id, grant, field and
 * note as metadata, and two postings:
 *
 *   2025-03-14 * MA-01
 *       ; booking: 4711
 *       ; grant: SOE-2025/002
 *       ; field: language
 *       drawdown:Dortmund:state:SOE:P-2    20000.00 EUR
 *       grant:Dortmund:SOE-2025/002
 *
 * The first account is KIND:CITY:LEVEL:PROGRAMME:PROJECT (kind drawdown,
 * expenditure, repayment or interest), the second balances it per grant.
 * Amounts are written from int64 cents with two decimals, never through
 * floating point. So `ledger balance -p 2025 --pivot field --depth 4
 * ^drawdown ^expenditure ^repayment` gives the drawn, spent and repaid
 * columns of `fundtrack budget --by city,level,field --year 2025`.
 *
 * Names are made safe for the journal syntax: ':' inside a name becomes
 * '.', tabs, line breaks, ';' and runs of spaces become one space.
 */
#ifndef FT_JOURNAL_H
#define FT_JOURNAL_H

#include <stdio.h>

#include "error.h"
#include "store.h"

/* Writes every booking of the city with AGS ags (NULL: of every city in
 * the database), by date and id, to out, read in one transaction.
 * *count (may be NULL) gets the number of transactions written. Returns
 * 0, or -1 with err (a database failure, or a failed write to out). */
int journal_write(struct store *st, const char *ags, FILE *out, long *count,
		  struct ft_error *err);

/* The same into the file path, which appears complete or not at all. */
int journal_write_file(struct store *st, const char *ags, const char *path, long *count,
		       struct ft_error *err);

#endif
