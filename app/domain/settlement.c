#include "settlement.h"

#include <string.h>

#include "intmath.h"
#include "money.h"

static const char *const financing_words[] = { "share", "deficit", "fixed", "full" };
static const char *const financing_de[] = { "Anteilfinanzierung", "Fehlbedarfsfinanzierung",
					    "Festbetragsfinanzierung", "Vollfinanzierung" };

int settle_financing_parse(const char *word, enum settle_financing *out)
{
	for (int i = 0; i < 4; i++)
		if (word && strcmp(word, financing_words[i]) == 0) {
			*out = (enum settle_financing)i;
			return 0;
		}
	return -1;
}

const char *settle_financing_word(enum settle_financing f)
{
	return financing_words[f];
}

const char *settle_financing_de(enum settle_financing f)
{
	return financing_de[f];
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The rise of the other means of cover over the plan, 0 when none is
 * recorded or they fell (a fall is covered by the recipient, not the
 * grant: ANBest-P Nr. 2 reduces, it never raises a grant). */
static int64_t other_increase(const struct settle_input *in)
{
	if (in->other_actual < 0 || in->other_planned < 0 || in->other_actual <= in->other_planned)
		return 0;
	return in->other_actual - in->other_planned;
}

/* share: rate x (actual - rise of the other means of cover), ANBest-P
 * Nr. 2.1; the rate is the recorded one or approved/planned. */
static int settle_share(const struct settle_input *in, struct settle_result *out,
			struct ft_error *err)
{
	int64_t base = in->actual - out->other_increase; /* both within the money range */
	ft_i128 share;

	if (in->rate_bp < 0 && in->planned <= 0)
		return ft_fail(err, "a share-financed grant needs its funding rate or its planned "
			       "eligible costs: neither is recorded");
	if (base < 0)
		base = 0;
	if (in->rate_bp >= 0) {
		out->rate_bp = in->rate_bp;
		share = ft_div_round((ft_i128)base * in->rate_bp, 10000);
	} else {
		share = ft_div_round((ft_i128)base * in->approved, in->planned);
	}
	out->capped = share > in->approved;
	out->final = share > in->approved ? in->approved : (int64_t)share;
	return 0;
}

/* The own and third-party funds a deficit or full grant comes after. */
static int other_funds(const struct settle_input *in, struct settle_result *out,
		       struct ft_error *err)
{
	if (in->other_actual >= 0) {
		out->other = in->other_actual;
	} else if (in->other_planned >= 0) {
		out->other = in->other_planned;
	} else if (in->financing == SETTLE_FULL) {
		out->other = 0; /* full financing: the grant is the only cover */
	} else if (in->planned >= 0) {
		/* nothing recorded: the plan's costs not covered by the grant */
		out->other = in->planned > in->approved ? in->planned - in->approved : 0;
		out->other_derived = 1;
	} else {
		return ft_fail(err, "a deficit-financed grant needs its planned eligible costs "
			       "(or the own and third-party funds): neither is recorded");
	}
	return 0;
}

int settle_compute(const struct settle_input *in, struct settle_result *out,
		   struct ft_error *err)
{
	memset(out, 0, sizeof(*out));
	out->rate_bp = -1;
	if (in->actual < 0)
		return ft_fail(err, "negative eligible costs %lld cents", (long long)in->actual);
	if (!money_in_domain(in->actual) || !money_in_domain(in->approved) ||
	    !money_in_domain(in->paid) || (in->planned > 0 && !money_in_domain(in->planned)) ||
	    (in->other_planned > 0 && !money_in_domain(in->other_planned)) ||
	    (in->other_actual > 0 && !money_in_domain(in->other_actual)))
		return money_fail_overflow(err, "the settlement");
	out->other_increase = other_increase(in);
	switch (in->financing) {
	case SETTLE_SHARE:
		if (settle_share(in, out, err))
			return -1;
		break;
	case SETTLE_DEFICIT:
	case SETTLE_FULL:
		if (other_funds(in, out, err))
			return -1;
		out->capped = in->actual - out->other > in->approved;
		out->final = clamp(in->actual - out->other, 0, in->approved);
		break;
	case SETTLE_FIXED:
		out->capped = in->actual > in->approved;
		out->final = in->actual < in->approved ? in->actual : in->approved;
		break;
	}
	out->repayment = in->paid > out->final ? in->paid - out->final : 0;
	out->still_to_pay = out->final > in->paid ? out->final - in->paid : 0;
	return 0;
}

/* ---- interest --------------------------------------------------------------------- */

static void keep_earliest(char missing[DATE_BUF], const char *day)
{
	if (day[0] && (!missing[0] || strcmp(day, missing) < 0))
		memcpy(missing, day, DATE_BUF);
}

/* Adds the exact interest of amount from the effective day to `to`. */
static ft_i128 piece(const struct settle_interest_input *in, int64_t amount, const char *to,
		     struct settle_interest *out)
{
	struct interest_result r;
	ft_i128 sum;

	if (amount <= 0)
		return 0;
	sum = interest_cent_days_bp(amount, in->effective, to, in->margin_bp, in->rates,
				    in->nrates, &r);
	keep_earliest(out->missing, r.missing);
	return sum;
}

int settle_interest(const struct settle_interest_input *in, struct settle_interest *out,
		    struct ft_error *err)
{
	int64_t remaining = in->claim;
	ft_i128 sum = 0;
	long days = date_to_days(in->as_of) - date_to_days(in->effective);

	memset(out, 0, sizeof(*out));
	out->days = days > 0 ? days : 0;
	for (size_t i = 0; i < in->nrepaid && remaining > 0; i++) {
		const struct settle_payment *p = &in->repaid[i];
		int64_t part = p->amount < remaining ? p->amount : remaining;

		if (p->amount <= 0 || strcmp(p->date, in->as_of) > 0)
			continue;
		/* repaid after the claim arose: interest up to the day of payment */
		if (strcmp(p->date, in->effective) > 0)
			sum += piece(in, part, p->date, out);
		remaining -= part;
	}
	out->repaid = in->claim - remaining;
	out->outstanding = remaining;
	sum += piece(in, remaining, in->as_of, out);
	if (interest_cents(sum, &out->interest) || out->interest < 0)
		return money_fail_overflow(err, "the refund interest");
	return 0;
}
