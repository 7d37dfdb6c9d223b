/* report_proof.c - the numerical proof of use of one grant (report_proof.h).
 *
 * Its own words live here (de/en pairs), so the shared catalogue of
 * lang.c stays untouched. The layout follows the numerical proof of the
 * funders' forms: I. Einnahmen and II. Ausgaben with the columns "laut
 * Bewilligung" (plan) and "laut Abrechnung" (actual), III. the result.
 * Own and third-party funds are not recorded per grant today: they are
 * shown together, as planned costs minus the grant (plan) and actual
 * costs minus the money paid out (actual), and the page says so; the
 * expenditure is one line until plan lines are recorded. */
#include "report_proof.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readmodel.h"
#include "report_util.h"
#include "settle_grant.h"

#define PROOF_TEXTS(X)                                                                        \
	X(P_TITLE, "Verwendungsnachweis", "Proof of use")                                     \
	X(P_SUBTITLE, "Zahlenmäßiger Nachweis", "Numerical proof")                            \
	X(P_SUBJECT, "Zahlenmäßiger Nachweis, Schlussabrechnung und Belegliste eines Bescheids", \
	  "Numerical proof, final settlement and list of receipts of one grant")             \
	X(P_RECIPIENT, "Zuwendungsempfänger", "Recipient")                                    \
	X(P_REF, "Aktenzeichen des Bescheids", "Grant reference")                             \
	X(P_PROJECT, "Projekt", "Project")                                                    \
	X(P_PROGRAMME, "Förderprogramm", "Programme")                                         \
	X(P_PERIOD, "Bewilligungszeitraum", "Approval period")                                \
	X(P_FINANCING, "Finanzierungsart", "Type of financing")                               \
	X(P_AS_OF, "Stand", "As of")                                                          \
	X(P_INCOME, "I. Einnahmen", "I. Income")                                              \
	X(P_EXPENSES, "II. Ausgaben", "II. Expenditure")                                      \
	X(P_RESULT, "III. Ergebnis der Schlussabrechnung", "III. Final settlement")           \
	X(P_POSITION, "Position", "Item")                                                     \
	X(P_PLAN, "laut Bewilligung", "as approved")                                          \
	X(P_ACTUAL, "laut Abrechnung", "as settled")                                          \
	X(P_DIFF, "Abweichung", "Difference")                                                 \
	X(P_GRANT_LINE, "Zuwendung (dieser Bescheid)", "Grant (this decision)")               \
	X(P_OTHER_LINE, "Eigenmittel und Drittmittel", "Own and third-party funds")           \
	X(P_OTHER_NOTE,                                                                       \
	  "Eigen- und Drittmittel sind je Bescheid nicht getrennt erfasst: laut Bewilligung " \
	  "die geplanten Ausgaben abzüglich der Zuwendung, laut Abrechnung die Ausgaben "     \
	  "abzüglich der ausgezahlten Zuwendung.",                                            \
	  "Own and third-party funds are not recorded per grant: as approved, the planned "   \
	  "costs less the grant; as settled, the costs less the grant paid out.")             \
	X(P_INCOME_TOTAL, "Summe der Einnahmen", "Total income")                              \
	X(P_EXPENSE_LINE, "Zuwendungsfähige Ausgaben (ohne Gliederung nach Positionen)",      \
	  "Eligible expenditure (not broken down by items)")                                  \
	X(P_EXPENSE_TOTAL, "Summe der Ausgaben", "Total expenditure")                         \
	X(P_EXPENSE_NOTE,                                                                     \
	  "Ausgaben laut Abrechnung: die am Bescheid gebuchten Ausgaben (Belegliste), "       \
	  "soweit nicht abweichend angegeben.",                                               \
	  "Expenditure as settled: the expenditure booked on the grant (list of receipts), "  \
	  "unless given otherwise.")                                                          \
	X(P_COSTS_GIVEN, "Ausgaben laut Abrechnung wie angegeben (--costs).",                 \
	  "Expenditure as settled as given (--costs).")                                       \
	X(P_RATE, "Förderquote", "Funding rate")                                              \
	X(P_CAP, "Höchstbetrag (bewilligt)", "Maximum amount (approved)")                     \
	X(P_PAID, "Ausgezahlt", "Paid out")                                                   \
	X(P_FINAL, "Zuwendung endgültig", "Final grant")                                      \
	X(P_REPAYMENT, "Rückforderung", "Repayment claim")                                    \
	X(P_REPAID, "davon zurückgezahlt", "of which repaid")                                 \
	X(P_OUTSTANDING, "noch offen", "still outstanding")                                   \
	X(P_STILL_TO_PAY, "noch auszuzahlen (Schlusszahlung)", "still to be paid (final payment)") \
	X(P_REFUND_INTEREST, "Erstattungszinsen § 49a Abs. 3 VwVfG",                          \
	  "Refund interest § 49a(3) VwVfG")                                                   \
	X(P_IDLE_INTEREST, "Zinsen § 49a Abs. 4 VwVfG (zu früh abgerufen)",                   \
	  "Interest § 49a(4) VwVfG (drawn too early)")                                        \
	X(P_INTEREST_RULE,                                                                    \
	  "Zinsen: 5 Prozentpunkte über dem Basiszinssatz (§ 247 BGB) je Zeitraum seiner "    \
	  "Geltung; tatsächliche Tage/365, der erste Tag nicht mitgezählt (§ 187 Abs. 1 "     \
	  "BGB); einmal kaufmännisch auf den Cent gerundet.",                                 \
	  "Interest: 5 points above the base rate (§ 247 BGB) for each period it applies; "   \
	  "actual days/365, the first day not counted (§ 187(1) BGB); rounded once to the "   \
	  "cent, half away from zero.")                                                       \
	X(P_CONFIRM_TITLE, "Bestätigung", "Confirmation")                                     \
	X(P_CONFIRM,                                                                          \
	  "Es wird bestätigt, dass die Ausgaben notwendig waren, dass wirtschaftlich und "    \
	  "sparsam verfahren worden ist und die Angaben mit den Büchern und Belegen "         \
	  "übereinstimmen.",                                                                  \
	  "It is confirmed that the expenditure was necessary, that funds were used "         \
	  "economically and that the figures agree with the books and receipts.")             \
	X(P_PLACE_DATE, "Ort, Datum", "Place, date")                                          \
	X(P_SIGNATURE, "Rechtsverbindliche Unterschrift", "Legally binding signature")        \
	X(P_RECEIPTS, "Anlage: Belegliste", "Appendix: list of receipts")                     \
	X(P_NO, "Nr.", "No.")                                                                 \
	X(P_PAID_ON, "Zahlungsdatum", "Paid on")                                              \
	X(P_SERVICE, "Leistungsdatum", "Service date")                                        \
	X(P_VOUCHER, "Beleg", "Voucher")                                                      \
	X(P_PAYEE, "Empfänger / Notiz", "Payee / note")                                       \
	X(P_AMOUNT, "Betrag", "Amount")                                                       \
	X(P_TOTAL, "Summe", "Total")                                                          \
	X(P_NO_RECEIPTS, "Keine Ausgaben gebucht.", "No expenditure booked.")

#define PROOF_ID(id, de, en) id,
#define PROOF_DE(id, de, en) de,
#define PROOF_EN(id, de, en) en,
enum proof_text { PROOF_TEXTS(PROOF_ID) P_NTEXTS };
static const char *const texts_de[] = { PROOF_TEXTS(PROOF_DE) };
static const char *const texts_en[] = { PROOF_TEXTS(PROOF_EN) };

static const char *const financing_en[] = { "share financing", "deficit financing",
					    "fixed-amount financing", "full financing" };

struct proof_data {
	struct report_frame f;
	const struct report_proof_options *p;
	struct settle_query q;
	struct settle_report s;
	struct rm_project project;
	struct rm_receipts receipts;
};

/* A format in the report's language (literals, so printf checks them). */
#define FMT(d, de, en) ((d)->f.lang == LANG_EN ? (en) : (de))

static const char *t(const struct proof_data *d, enum proof_text id)
{
	return d->f.lang == LANG_EN ? texts_en[id] : texts_de[id];
}

/* ---- loading ------------------------------------------------------------------------ */

/* One read transaction: the settlement, the project and the receipts. */
static int load(struct store *st, void *arg, struct ft_error *err)
{
	struct proof_data *d = arg;

	if (settle_grant(st, &d->q, &d->s, err) ||
	    rm_project_master(st, d->s.project, &d->project, err) ||
	    rm_grant_receipts(st, d->p->ref, &d->receipts, err))
		return -1;
	return 0;
}

/* ---- layout ------------------------------------------------------------------------- */

static const struct pdf_column record_cols[] = {
	{ NULL, 1.2f, PDF_LEFT, NULL },
	{ NULL, 2.4f, PDF_LEFT, NULL },
};

static void record(struct pdf_doc *doc, const char *label, const char *value)
{
	const char *cells[] = { label, value && *value ? value : "–" };

	pdf_table_row(doc, cells, NULL);
}

static void head(struct pdf_doc *doc, struct proof_data *d)
{
	const struct settle_report *s = &d->s;
	char project[300], period[64], from[DATE_BUF], to[DATE_BUF];

	report_date(d->f.lang, s->from, from);
	report_date(d->f.lang, s->to, to);
	snprintf(period, sizeof(period), "%s – %s", from, to);
	snprintf(project, sizeof(project), "%s – %s", d->project.code, d->project.title);
	pdf_paragraph(doc, PDF_TITLE, t(d, P_TITLE));
	pdf_paragraph(doc, PDF_SUBTITLE, t(d, P_SUBTITLE));
	pdf_space(doc, 8);
	pdf_table_begin(doc, NULL, record_cols, 2, PDF_TABLE_ZEBRA);
	record(doc, t(d, P_RECIPIENT), d->f.city);
	record(doc, t(d, P_REF), s->ref);
	record(doc, t(d, P_PROJECT), project);
	record(doc, t(d, P_PROGRAMME), s->programme);
	record(doc, t(d, P_PERIOD), period);
	record(doc, t(d, P_FINANCING), d->f.lang == LANG_EN ? financing_en[s->in.financing]
							     : settle_financing_de(s->in.financing));
	record(doc, t(d, P_AS_OF), d->f.as_of_text);
	pdf_table_end(doc);
}

static const struct pdf_column plan_cols_widths[] = {
	{ NULL, 2.6f, PDF_LEFT, NULL },
	{ NULL, 1.1f, PDF_RIGHT, NULL },
	{ NULL, 1.1f, PDF_RIGHT, NULL },
	{ NULL, 1.0f, PDF_RIGHT, NULL },
};

/* A row: label, plan (may be absent), actual, actual - plan. */
static void plan_row(struct pdf_doc *doc, struct proof_data *d, const char *label, int64_t plan,
		     int64_t actual, int total)
{
	struct report_row row;

	row_start(&row, d->f.lang);
	row_text(&row, label);
	if (plan >= 0)
		row_money(&row, plan);
	else
		row_text(&row, "–");
	row_money(&row, actual);
	if (plan >= 0)
		row_money(&row, actual - plan);
	else
		row_text(&row, "–");
	if (total)
		pdf_table_total(doc, row.cells);
	else
		pdf_table_row(doc, row.cells, NULL);
}

static void plan_table_begin(struct pdf_doc *doc, struct proof_data *d, const char *caption,
			     struct pdf_column cols[4])
{
	for (int i = 0; i < 4; i++)
		cols[i] = plan_cols_widths[i];
	cols[0].label = t(d, P_POSITION);
	cols[1].label = t(d, P_PLAN);
	cols[2].label = t(d, P_ACTUAL);
	cols[3].label = t(d, P_DIFF);
	pdf_table_keep(doc, 5);
	pdf_table_begin(doc, caption, cols, 4, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA);
}

static void income(struct pdf_doc *doc, struct proof_data *d)
{
	const struct settle_input *in = &d->s.in;
	int64_t planned_total = in->planned >= 0 && in->planned > in->approved ? in->planned
									       : in->approved;
	int64_t other_plan = planned_total - in->approved;
	int64_t other_actual = in->actual > in->paid ? in->actual - in->paid : 0;
	struct pdf_column cols[4];

	pdf_heading(doc, 1, t(d, P_INCOME), 120);
	plan_table_begin(doc, d, NULL, cols);
	plan_row(doc, d, t(d, P_OTHER_LINE), other_plan, other_actual, 0);
	plan_row(doc, d, t(d, P_GRANT_LINE), in->approved, in->paid, 0);
	plan_row(doc, d, t(d, P_INCOME_TOTAL), planned_total, other_actual + in->paid, 1);
	pdf_table_end(doc);
	pdf_paragraph(doc, PDF_SMALL, t(d, P_OTHER_NOTE));
}

static void expenses(struct pdf_doc *doc, struct proof_data *d)
{
	const struct settle_input *in = &d->s.in;
	struct pdf_column cols[4];

	pdf_heading(doc, 1, t(d, P_EXPENSES), 120);
	plan_table_begin(doc, d, NULL, cols);
	plan_row(doc, d, t(d, P_EXPENSE_LINE), in->planned, in->actual, 0);
	plan_row(doc, d, t(d, P_EXPENSE_TOTAL), in->planned, in->actual, 1);
	pdf_table_end(doc);
	pdf_paragraph(doc, PDF_SMALL, t(d, d->s.costs_given ? P_COSTS_GIVEN : P_EXPENSE_NOTE));
}

static void interest_line(struct proof_data *d, const char *from, const char *to, long days,
			  int64_t cents, char *out, size_t size)
{
	char a[DATE_BUF], b[DATE_BUF], money[MONEY_BUF], span[96];

	report_date(d->f.lang, from, a);
	report_date(d->f.lang, to, b);
	report_money(d->f.lang, cents, money);
	snprintf(span, sizeof(span), FMT(d, "vom %s bis %s, %ld Tage", "from %s to %s, %ld days"), a, b, days);
	snprintf(out, size, "%s (%s)", money, span);
}

static void idle_line(struct proof_data *d, char *out, size_t size)
{
	const struct settle_report *s = &d->s;
	char interest[MONEY_BUF], late[MONEY_BUF], until[DATE_BUF];

	report_money(d->f.lang, s->idle_interest, interest);
	report_money(d->f.lang, s->idle_late, late);
	report_date(d->f.lang, s->idle_until, until);
	snprintf(out, size, FMT(d, "%s (auf %s, bis %s, längstens %ld Tage)",
					 "%s (on %s, up to %s, at most %ld days)"),
		 interest, late, until, s->idle_days);
}

static void result(struct pdf_doc *doc, struct proof_data *d)
{
	const struct settle_report *s = &d->s;
	char refund[200], idle[200], missing[DATE_BUF], note[200];
	struct report_row row;

	row_start(&row, d->f.lang);
	row_money(&row, s->in.approved);
	if (s->in.financing == SETTLE_SHARE)
		row_rate(&row, s->res.rate_bp >= 0 ? s->res.rate_bp
						   : money_share_bp(s->in.approved, s->in.planned));
	else
		row_text(&row, NULL);
	row_money(&row, s->in.paid);
	row_money(&row, s->res.final);
	row_money(&row, s->res.repayment);
	row_money(&row, s->refund.repaid);
	row_money(&row, s->refund.outstanding);
	row_money(&row, s->res.still_to_pay);
	interest_line(d, s->effective, s->as_of, s->refund.days, s->refund.interest, refund,
		      sizeof(refund));
	idle_line(d, idle, sizeof(idle));
	pdf_heading(doc, 1, t(d, P_RESULT), 160);
	pdf_table_keep(doc, 10);
	pdf_table_begin(doc, NULL, record_cols, 2, PDF_TABLE_ZEBRA);
	record(doc, t(d, P_CAP), row.cells[0]);
	if (s->in.financing == SETTLE_SHARE)
		record(doc, t(d, P_RATE), row.cells[1]);
	record(doc, t(d, P_PAID), row.cells[2]);
	record(doc, t(d, P_FINAL), row.cells[3]);
	record(doc, t(d, P_REPAYMENT), row.cells[4]);
	record(doc, t(d, P_REPAID), row.cells[5]);
	record(doc, t(d, P_OUTSTANDING), row.cells[6]);
	if (s->res.still_to_pay > 0)
		record(doc, t(d, P_STILL_TO_PAY), row.cells[7]);
	record(doc, t(d, P_REFUND_INTEREST), refund);
	record(doc, t(d, P_IDLE_INTEREST), idle);
	pdf_table_end(doc);
	pdf_paragraph(doc, PDF_SMALL, t(d, P_INTEREST_RULE));
	if (s->missing[0]) {
		report_date(d->f.lang, s->missing, missing);
		snprintf(note, sizeof(note), FMT(d, "Basiszinssatz unbekannt ab %s: die Tage danach sind nicht verzinst.",
						   "Base rate unknown from %s: the days after are left out."),
			 missing);
		pdf_paragraph(doc, PDF_STRONG, note);
	}
}

/* Place, date and signature: two lines to sign on, their captions below. */
static void signature(struct pdf_doc *doc, struct proof_data *d)
{
	float left = pdf_left(doc), width = pdf_width(doc), y;
	HPDF_Page page;

	pdf_heading(doc, 2, t(d, P_CONFIRM_TITLE), 110);
	pdf_paragraph(doc, PDF_BODY, t(d, P_CONFIRM));
	pdf_need(doc, 60);
	page = pdf_page(doc);
	y = pdf_cursor(doc) - 36;
	HPDF_Page_SetLineWidth(page, 0.6f);
	HPDF_Page_MoveTo(page, left, y);
	HPDF_Page_LineTo(page, left + width * 0.4f, y);
	HPDF_Page_MoveTo(page, left + width * 0.5f, y);
	HPDF_Page_LineTo(page, left + width, y);
	HPDF_Page_Stroke(page);
	/* the style table's note size (8 pt), not an own 7.5 pt */
	pdf_text(doc, left, y - 11, PDF_SMALL, 0, PDF_LEFT, t(d, P_PLACE_DATE));
	pdf_text(doc, left + width * 0.5f, y - 11, PDF_SMALL, 0, PDF_LEFT, t(d, P_SIGNATURE));
	pdf_advance(doc, 56);
}

static void receipts(struct pdf_doc *doc, struct proof_data *d)
{
	const struct pdf_column cols[] = {
		{ t(d, P_NO), 0.35f, PDF_RIGHT, NULL },    { t(d, P_PAID_ON), 0.85f, PDF_LEFT, NULL },
		{ t(d, P_SERVICE), 0.85f, PDF_LEFT, NULL }, { t(d, P_VOUCHER), 0.8f, PDF_LEFT, NULL },
		{ t(d, P_PAYEE), 2.3f, PDF_LEFT, NULL },    { t(d, P_POSITION), 0.55f, PDF_LEFT, NULL },
		{ t(d, P_AMOUNT), 1.1f, PDF_AMOUNT, NULL },
	};
	struct report_row row;

	/* no page break of its own: the signature block alone on page 2 was the
	 * visual pass's near-empty page in every proof; the heading keeps the
	 * table's header and first rows with it */
	pdf_heading(doc, 1, t(d, P_RECEIPTS),
		    pdf_table_need(doc, 3, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL));
	if (d->receipts.n == 0) {
		pdf_paragraph(doc, PDF_BODY, t(d, P_NO_RECEIPTS));
		return;
	}
	for (size_t i = 0; i < d->receipts.n; i++) /* vouchers unbroken */
		pdf_table_word(doc, 3, d->receipts.rows[i].reference);
	pdf_table_begin(doc, NULL, cols, 7, PDF_TABLE_HEADER | PDF_TABLE_ZEBRA | PDF_TABLE_SMALL);
	for (size_t i = 0; i < d->receipts.n; i++) {
		const struct rm_receipt *r = &d->receipts.rows[i];

		row_start(&row, d->f.lang);
		row_printf(&row, "%zu", i + 1);
		row_date(&row, r->date);
		if (r->service_date[0])
			row_date(&row, r->service_date);
		else
			row_text(&row, NULL);
		row_text(&row, r->reference);
		row_text(&row, r->note);
		row_text(&row, r->line);
		row_money(&row, r->amount);
		pdf_table_row(doc, row.cells, NULL);
	}
	row_start(&row, d->f.lang);
	for (int i = 0; i < 5; i++)
		row_text(&row, i == 4 ? t(d, P_TOTAL) : NULL);
	row_text(&row, NULL);
	row_money(&row, d->receipts.total);
	pdf_table_total(doc, row.cells);
	pdf_table_end(doc);
}

static void layout(struct pdf_doc *doc, void *arg)
{
	struct proof_data *d = arg;

	head(doc, d);
	income(doc, d);
	expenses(doc, d);
	result(doc, d);
	signature(doc, d);
	receipts(doc, d);
}

int report_proof(struct store *st, const struct report_proof_options *p,
		 const struct report_options *o, const char *path, struct report_info *info,
		 struct ft_error *err)
{
	struct proof_data *d = calloc(1, sizeof(*d));
	char title[160];
	int rc = -1;

	if (!d)
		return ft_fail(err, "out of memory");
	d->p = p;
	d->q.ref = p->ref;
	d->q.costs = p->costs;
	if (p->effective)
		snprintf(d->q.effective, sizeof(d->q.effective), "%s", p->effective);
	if (report_frame_init(&d->f, st, o, err) == 0) {
		memcpy(d->q.as_of, d->f.as_of, DATE_BUF);
		rc = store_read(st, load, d, err);
	}
	if (rc == 0) {
		snprintf(title, sizeof(title), "%s %s", t(d, P_TITLE), p->ref);
		rc = report_write(&d->f, title, t(d, P_SUBJECT), layout, d, path, info, err);
	}
	rm_receipts_release(&d->receipts);
	rm_project_release(&d->project);
	free(d);
	return rc;
}
