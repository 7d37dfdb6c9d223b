/* model_analysis.c - break-even, sensitivity and the conclusion in words
 * (model_analysis.h; the search is described in app/MODEL.md). */
#include "model_analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

/* ---- the difference --------------------------------------------------- */

int model_city_difference(const struct model_params *p, int64_t city_share, int64_t *diff,
			  struct ft_error *err)
{
	struct model_params q = *p;
	struct model_result *r;
	const struct model_series *sustained;

	if (city_share >= 0)
		q.sustained_city_share = city_share;
	if (model_run(&q, 0, 1, &r, err))
		return -1;
	sustained = city_share >= 0 ? &r->changed_mix : &r->sustained;
	*diff = r->chain.total.cost[MODEL_MUNICIPAL] - sustained->total.cost[MODEL_MUNICIPAL];
	model_result_free(r);
	return 0;
}

/* ---- break-even --------------------------------------------------------- */

struct search {
	const struct model_params *p;
	struct model_break_even *b;
	int64_t step; /* of the first, coarse search: a basis point for shares */
	struct ft_error *err;
};

/* The typed precision of a parameter held finer than it is typed (a basis
 * point of a share or rate, a cent, a hundredth of a day), below which
 * its break-even is refined; 0 for a stepped one (months, years, yes/no,
 * FTE in hundredths, which also give the number of persons). */
static int64_t typed_step(const struct model_param_def *def)
{
	switch (def->kind) {
	case MODEL_KIND_PERCENT:
	case MODEL_KIND_SHARE:
		return MODEL_BP;
	case MODEL_KIND_MONEY:
	case MODEL_KIND_DAYS:
		return MODEL_FINE;
	case MODEL_KIND_COUNT:
	case MODEL_KIND_DECIMAL:
	case MODEL_KIND_YESNO:
	case MODEL_KIND_MIX:
		break;
	}
	return 0;
}

static int evaluate(struct search *s, int64_t v, int64_t *diff)
{
	struct model_params q = *s->p;

	s->b->evaluations++;
	if (s->b->def->kind == MODEL_KIND_SHARE)
		return model_city_difference(&q, v, diff, s->err);
	model_param_set(&q, s->b->def, v);
	return model_city_difference(&q, -1, diff, s->err);
}

static int sign(int64_t x)
{
	return (x > 0) - (x < 0);
}

static int64_t abs64(int64_t x)
{
	return x < 0 ? -x : x;
}

/* Within one cent: the break-even is exact. */
static int balances(int64_t diff)
{
	return diff >= -1 && diff <= 1;
}

/* Keeps the bracket a < b (differences fa, fb of opposite signs or one
 * zero) as the result: the value closer to zero and both neighbours. */
static void settle(struct model_break_even *b, int64_t a, int64_t fa, int64_t z, int64_t fz)
{
	int upper = abs64(fz) < abs64(fa);

	b->found = 1;
	b->value = upper ? z : a;
	b->difference = upper ? fz : fa;
	b->below = a;
	b->diff_below = fa;
	b->above = z;
	b->diff_above = fz;
	b->exact = balances(b->difference);
}

/* Narrows the sign change between a and z (a < z) to neighbours step
 * apart: by bisection on the grid of step, then, for a continuous
 * parameter, below it by secant steps (a bisection after any that did not
 * halve the bracket) until the difference at a value is within one cent or
 * the values are neighbours in the fine unit. Every difference is a model run at that value (nothing is
 * interpolated into the result). */
static int narrow(struct search *s, int64_t a, int64_t fa, int64_t z, int64_t fz)
{
	int64_t step = s->step;
	int bisect_next = 0;

	while (z - a > step && !balances(fa) && !balances(fz)) {
		int64_t m = a + (z - a) / step / 2 * step, fm;

		if (evaluate(s, m, &fm))
			return -1;
		if (sign(fm) == sign(fa)) {
			a = m;
			fa = fm;
		} else {
			z = m;
			fz = fm;
		}
	}
	while (step > 1 && z - a > 1 && !balances(fa) && !balances(fz)) {
		/* the secant's zero, or the middle after a secant step that did
		 * not halve the bracket */
		__extension__ unsigned __int128 w = (unsigned __int128)(z - a) * (uint64_t)abs64(fa);
		int64_t width = z - a, fm;
		int64_t m = bisect_next ? a + width / 2
					: a + (int64_t)(w / (uint64_t)(abs64(fa) + abs64(fz)));

		m = m <= a ? a + 1 : m >= z ? z - 1 : m;
		if (evaluate(s, m, &fm))
			return -1;
		if (sign(fm) == sign(fa)) {
			a = m;
			fa = fm;
		} else {
			z = m;
			fz = fm;
		}
		bisect_next = !bisect_next && (z - a) * 2 > width;
	}
	settle(s->b, a, fa, z, fz);
	return 0;
}

/* Samples the range (every grid value of a small one, 64 intervals of a
 * large one) and narrows the first interval where the difference changes
 * sign or comes within one cent of zero. */
static int search_range(struct search *s)
{
	struct model_break_even *b = s->b;
	int64_t n = (b->hi - b->lo) / s->step, steps = n <= 400 ? n : 64, prev = b->lo, fprev;

	if (evaluate(s, b->lo, &fprev))
		return -1;
	b->diff_lo = fprev;
	if (balances(fprev))
		return narrow(s, prev, fprev, prev, fprev);
	for (int64_t i = 1; i <= steps; i++) {
		int64_t k = n / steps * i + n % steps * i / steps, v = b->lo + k * s->step, fv;

		if (evaluate(s, v, &fv))
			return -1;
		if (i == steps)
			b->diff_hi = fv;
		if (balances(fv) || sign(fv) != sign(fprev))
			return narrow(s, prev, fprev, v, fv);
		prev = v;
		fprev = fv;
	}
	return 0;
}

int model_break_even(const struct model_params *p, const char *key, struct model_break_even *out,
		     struct ft_error *err)
{
	struct search s = { p, out, 1, err };

	memset(out, 0, sizeof(*out));
	out->key = key;
	out->def = model_param_find(key);
	if (!out->def) {
		const char *guess = model_param_closest(key);

		if (guess)
			return ft_fail(err, "unknown parameter '%s' (did you mean '%s'?)", key, guess);
		return ft_fail(err, "unknown parameter '%s' (see 'fundtrack model --params')", key);
	}
	if (!model_param_is_numeric(out->def) && strcmp(key, MODEL_CITY_SHARE_KEY) != 0)
		return ft_fail(err, "parameter '%s' is not a number: a break-even needs a "
			       "numeric parameter", key);
	s.step = typed_step(out->def);
	out->continuous = s.step > 0;
	s.step = out->continuous ? s.step : 1;
	out->lo = out->def->min;
	out->hi = out->def->max;
	if (model_params_check(p, err))
		return -1;
	return search_range(&s);
}

void model_break_even_value(const struct model_break_even *b, int german, char buf[MODEL_VALUE_BUF])
{
	model_break_even_format(b, b->value, german, buf);
}

void model_break_even_format(const struct model_break_even *b, int64_t value, int german,
			     char buf[MODEL_VALUE_BUF])
{
	struct model_params q;

	memset(&q, 0, sizeof(q));
	model_param_set(&q, b->def, value);
	model_param_format(&q, b->def, german, buf);
}

/* ---- sensitivity -------------------------------------------------------- */

static int by_swing(const void *a, const void *b)
{
	const struct model_sensitivity_row *x = a, *y = b;

	if (x->swing != y->swing)
		return x->swing < y->swing ? 1 : -1;
	return x->def < y->def ? -1 : x->def > y->def;
}

int model_sensitivity(const struct model_params *p, struct model_sensitivity *out,
		      struct ft_error *err)
{
	memset(out, 0, sizeof(*out));
	if (model_city_difference(p, -1, &out->base, err))
		return -1;
	for (int i = 0; i < MODEL_NPARAMS; i++) {
		const struct model_param_def *def = model_param((enum model_param_id)i);
		struct model_sensitivity_row *row = &out->row[out->n];
		struct model_params q = *p;
		int64_t lo, hi;

		if (!model_param_is_numeric(def) || def->lo >= def->hi)
			continue;
		row->def = def;
		row->lo = def->lo;
		row->hi = def->hi;
		model_param_set(&q, def, def->lo);
		if (model_city_difference(&q, -1, &row->diff_lo, err))
			return -1;
		model_param_set(&q, def, def->hi);
		if (model_city_difference(&q, -1, &row->diff_hi, err))
			return -1;
		lo = row->diff_lo < row->diff_hi ? row->diff_lo : row->diff_hi;
		hi = row->diff_lo < row->diff_hi ? row->diff_hi : row->diff_lo;
		lo = out->base < lo ? out->base : lo;
		hi = out->base > hi ? out->base : hi;
		row->swing = hi - lo;
		out->n++;
	}
	qsort(out->row, (size_t)out->n, sizeof(out->row[0]), by_swing);
	return 0;
}

/* ---- the conclusion ----------------------------------------------------- */

static void spread_minus(const struct model_spread *chain, int64_t sustained,
			 struct model_spread *out)
{
	out->p10 = chain->p10 - sustained;
	out->p50 = chain->p50 - sustained;
	out->p90 = chain->p90 - sustained;
}

static int64_t total_cost(const struct model_period *p)
{
	return model_metric(p, 0, MODEL_M_COST);
}

static void spreads_of(const struct model_result *runs, const struct model_result *r,
		       struct model_conclusion *out)
{
	const struct model_period *s = &r->sustained.total;

	spread_minus(&runs->chain_spread[MODEL_M_MUNICIPAL], s->cost[MODEL_MUNICIPAL],
		     &out->city_spread);
	spread_minus(&runs->chain_spread[MODEL_M_COST], total_cost(s), &out->all_spread);
	spread_minus(&runs->chain_spread[MODEL_M_SERVICE], s->service, &out->service_spread);
	out->spread_runs = runs->runs;
	out->spread_seed = runs->seed;
}

int model_conclude(const struct model_params *p, const struct model_result *r,
		   struct model_conclusion *out, struct ft_error *err)
{
	const struct model_series *c = &r->chain, *s = &r->sustained;

	memset(out, 0, sizeof(*out));
	out->years = c->nyears;
	out->city = c->total.cost[MODEL_MUNICIPAL] - s->total.cost[MODEL_MUNICIPAL];
	out->all = total_cost(&c->total) - total_cost(&s->total);
	out->service = c->total.service - s->total.service;
	out->service_sustained = s->total.service;
	for (int y = 0; y < c->nyears; y++) {
		int64_t d = c->year[y].cost[MODEL_MUNICIPAL] - s->year[y].cost[MODEL_MUNICIPAL];

		if (y == 0 || d > out->city_year_max) {
			out->city_year_max = d;
			out->city_year_max_at = y + 1;
		}
	}
	if (r->runs > 0) {
		spreads_of(r, r, out);
	} else {
		struct model_result *runs;

		if (model_run(p, MODEL_CONCLUSION_RUNS, 1, &runs, err))
			return -1;
		spreads_of(runs, r, out);
		model_result_free(runs);
	}
	out->chain_city_share = p->chain_mix[MODEL_MUNICIPAL];
	if (model_break_even(p, MODEL_CITY_SHARE_KEY, &out->city_share, err))
		return -1;
	out->has_changed_mix = r->has_changed_mix;
	out->changed_city_share = p->sustained_city_share;
	if (r->has_changed_mix)
		out->changed_city = c->total.cost[MODEL_MUNICIPAL] -
				    r->changed_mix.total.cost[MODEL_MUNICIPAL];
	return 0;
}

/* ---- the conclusion in words -------------------------------------------- */

enum { AMT_BUF = 2 * MONEY_BUF };

struct words {
	int en;
	char *buf;
	size_t size, used;
};

static void say(struct words *w, const char *text)
{
	if (w->used < w->size)
		w->used += (size_t)snprintf(w->buf + w->used, w->size - w->used, "%s", text);
}

/* German "1.234,56" to English "1,234.56" in place. */
static void english_separators(char *text)
{
	for (; *text; text++)
		*text = *text == '.' ? ',' : *text == ',' ? '.' : *text;
}

/* An amount without its sign: "1.234,56 €" (English "1,234.56 €"). */
static void amount(const struct words *w, int64_t cents, char buf[AMT_BUF])
{
	money_format_de(cents < 0 ? -cents : cents, buf);
	if (w->en)
		english_separators(buf);
}

/* A signed amount: "-1.234,56 €". */
static void signed_amount(const struct words *w, int64_t cents, char buf[AMT_BUF])
{
	char a[AMT_BUF];

	amount(w, cents, a);
	snprintf(buf, AMT_BUF, "%s%.60s", cents < 0 ? "−" : "", a);
}

static void decimal(const struct words *w, int64_t micro, char buf[AMT_BUF])
{
	int64_t h = model_micro_to_hundredths(micro < 0 ? -micro : micro);
	char *euro;

	money_format_de(h, buf);
	euro = strstr(buf, " \xE2\x82\xAC");
	if (euro)
		*euro = '\0';
	if (w->en)
		english_separators(buf);
}

static const char *more_less(const struct words *w, int64_t x)
{
	return x >= 0 ? (w->en ? "more" : "mehr") : (w->en ? "less" : "weniger");
}

static void sentence_city(struct words *w, const struct model_conclusion *c)
{
	char total[AMT_BUF], year[AMT_BUF], max[AMT_BUF], p10[AMT_BUF], p90[AMT_BUF];
	char text[700];

	amount(w, c->city, total);
	amount(w, c->city / (c->years > 0 ? c->years : 1), year);
	signed_amount(w, c->city_year_max, max);
	signed_amount(w, c->city_spread.p10, p10);
	signed_amount(w, c->city_spread.p90, p90);
	snprintf(text, sizeof(text), w->en ?
		 "Over %d years the project chain costs the city %s %s than sustained financing "
		 "of the same service by the same partners: %s %s per budget year on average "
		 "(year %d: %s); P10–P90 of the difference %s to %s." :
		 "Über %d Jahre kostet die Projektkette die Stadt %s %s als eine "
		 "Dauerfinanzierung desselben Angebots durch dieselben Partner: im Mittel %s %s "
		 "je Haushaltsjahr (Jahr %d: %s); P10–P90 der Differenz %s bis %s.",
		 c->years, total, more_less(w, c->city), year, more_less(w, c->city),
		 c->city_year_max_at, max, p10, p90);
	say(w, text);
}

static void sentence_all(struct words *w, const struct model_conclusion *c)
{
	char total[AMT_BUF], year[AMT_BUF], p10[AMT_BUF], p90[AMT_BUF], text[600];

	amount(w, c->all, total);
	amount(w, c->all / (c->years > 0 ? c->years : 1), year);
	signed_amount(w, c->all_spread.p10, p10);
	signed_amount(w, c->all_spread.p90, p90);
	snprintf(text, sizeof(text), w->en ?
		 "\nThe city and its partners (EU, federal, state) together pay %s %s for the "
		 "chain (%s a year on average; P10–P90 of the difference %s to %s)." :
		 "\nStadt und Partner (EU, Bund, Land) zusammen zahlen für die Kette %s %s "
		 "(im Mittel %s je Jahr; P10–P90 der Differenz %s bis %s).",
		 total, more_less(w, c->all), year, p10, p90);
	say(w, text);
}

static void sentence_service(struct words *w, const struct model_conclusion *c)
{
	char total[AMT_BUF], year[AMT_BUF], p10[AMT_BUF], p90[AMT_BUF], pct[RATE_BUF];
	char text[600];
	int64_t lost = -c->service;

	decimal(w, lost, total);
	decimal(w, lost / (c->years > 0 ? c->years : 1), year);
	decimal(w, -c->service_spread.p90, p10);
	decimal(w, -c->service_spread.p10, p90);
	if (w->en)
		rate_format_plain(money_share_bp(lost < 0 ? -lost : lost, c->service_sustained), pct);
	else
		rate_format_de(money_share_bp(lost < 0 ? -lost : lost, c->service_sustained), pct);
	if (lost == 0)
		snprintf(text, sizeof(text), "%s", w->en ?
			 "\nThe chain delivers as much service as sustained financing." :
			 "\nDie Kette leistet genauso viel wie die Dauerfinanzierung.");
	else
		snprintf(text, sizeof(text), w->en ?
			 "\nThe chain %s %s FTE-months of service (%s%s of sustained financing; "
			 "%s a year on average; P10–P90 %s to %s)." :
			 "\nDer Kette %s %s VZÄ-Monate Leistung (%s%s der Dauerfinanzierung; im "
			 "Mittel %s je Jahr; P10–P90 %s bis %s).",
			 lost > 0 ? (w->en ? "loses" : "fehlen") : (w->en ? "gains" : "kommen"),
			 total, pct, w->en ? " %" : "", year, p10, p90);
	say(w, text);
}

/* A city share (pct) with every decimal it has: "9,774624 %" (English
 * "9.774624 %"). */
static void city_share_text(const struct words *w, int64_t share, char buf[MODEL_VALUE_BUF])
{
	struct model_params q;

	memset(&q, 0, sizeof(q));
	q.sustained_city_share = share;
	model_param_format(&q, model_param(MODEL_P_SUSTAINED_CITY_SHARE), 1, buf);
	if (w->en)
		english_separators(buf);
}

static void sentence_break_even(struct words *w, const struct model_conclusion *c)
{
	char share[MODEL_VALUE_BUF], chain[RATE_BUF], text[600];

	if (w->en)
		rate_format_plain((int)c->chain_city_share, chain);
	else
		rate_format_de((int)c->chain_city_share, chain);
	if (!c->city_share.found) {
		snprintf(text, sizeof(text), w->en ?
			 "\nNo city share of sustained financing between 0 and 100 %% costs the city "
			 "as much as the chain." :
			 "\nKein Anteil der Stadt an einer Dauerfinanzierung zwischen 0 und 100 %% "
			 "kostet sie so viel wie die Kette.");
	} else {
		city_share_text(w, c->city_share.value, share);
		if (w->en)
			snprintf(text, sizeof(text),
				 "\nBreak-even: sustained financing costs the city as much as the "
				 "chain if the city pays %s of it (in the chain it pays %s %%).",
				 share, chain);
		else
			snprintf(text, sizeof(text),
				 "\nGleich viel kostet die Stadt eine Dauerfinanzierung, an der sie "
				 "%s trägt (in der Kette %s).", share, chain);
	}
	say(w, text);
}

static void sentence_runs(struct words *w, const struct model_conclusion *c)
{
	char text[300];

	snprintf(text, sizeof(text), w->en ?
		 "\nExpected values; P10–P90 from %d Monte Carlo runs (seed %llu)." :
		 "\nErwartungswerte; P10–P90 aus %d Monte-Carlo-Läufen (Seed %llu).",
		 c->spread_runs, (unsigned long long)c->spread_seed);
	say(w, text);
}

static void sentence_changed_mix(struct words *w, const struct model_conclusion *c)
{
	char total[AMT_BUF], text[600];

	if (!c->has_changed_mix)
		return;
	amount(w, c->changed_city, total);
	if (c->changed_city_share >= 0) {
		char share[MODEL_VALUE_BUF];

		city_share_text(w, c->changed_city_share, share);
		snprintf(text, sizeof(text), w->en ?
			 "\nSecond scenario (sustained-city-share set explicitly): against sustained "
			 "financing of which the city pays %s the chain costs the city %s %s." :
			 "\nZweites Szenario (sustained-city-share ausdrücklich gesetzt): gegenüber "
			 "einer Dauerfinanzierung, an der die Stadt %s trägt, kostet die Kette die "
			 "Stadt %s %s.", share, total, more_less(w, c->changed_city));
	} else {
		snprintf(text, sizeof(text), w->en ?
			 "\nSecond scenario (sustained-mix set explicitly): against sustained "
			 "financing by other partners the chain costs the city %s %s." :
			 "\nZweites Szenario (sustained-mix ausdrücklich gesetzt): gegenüber einer "
			 "Dauerfinanzierung durch andere Partner kostet die Kette die Stadt %s %s.",
			 total, more_less(w, c->changed_city));
	}
	say(w, text);
}

void model_conclusion_text(const struct model_conclusion *c, int english, char *buf,
			   size_t size)
{
	struct words w = { english, buf, size, 0 };

	if (size == 0)
		return;
	buf[0] = '\0';
	sentence_city(&w, c);
	sentence_all(&w, c);
	sentence_service(&w, c);
	sentence_break_even(&w, c);
	sentence_changed_mix(&w, c);
	sentence_runs(&w, c);
}
