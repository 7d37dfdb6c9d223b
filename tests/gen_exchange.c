/* gen_exchange.c - writes synthetic exchange files (xsd/fundtrack-exchange-1.0.xsd)
 * for benchmarks and stress tests: N cities x M projects x K bookings, one
 * file per city, deterministic by seed (same arguments, same bytes).
 *
 * Every file is valid (schema and business rules; the one warning is
 * FT-AGS-UNKNOWN, since the synthetic keys below are not in the official
 * municipal register) and uses
 * every element and attribute: districts (action areas or not), funders of
 * all four levels, programmes with and without fund and rate, projects in
 * chains of four with carrier, target group and costs, grants of every
 * counted status with applied/decided dates, eligible costs, note, yearly
 * allocations that sum to the cap, and bookings of all four kinds with
 * references, notes and reversals.
 *
 * usage: gen_exchange [--seed S] [--cities N] [--projects M] [--bookings K]
 *                     [--first-city I] DIR
 * writes DIR/city-001.xml ... (the city number i gives AGS 09 + 6 digits).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gen {
	uint64_t rng;
	long cities, projects, bookings, first_city, seed;
	const char *dir;
};

/* splitmix64: small, fast, identical on every platform. */
static uint64_t next_random(struct gen *g)
{
	uint64_t z = (g->rng += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static long random_below(struct gen *g, long n)
{
	return (long)(next_random(g) % (uint64_t)n);
}

/* cents as "1234.56" (or "-1234.56") */
static void put_amount(FILE *f, int64_t cents)
{
	const char *sign = cents < 0 ? "-" : "";
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	fprintf(f, "%s%" PRIu64 ".%02" PRIu64, sign, a / 100, a % 100);
}

static const char *const levels[4] = { "eu", "federal", "state", "municipal" };
static const char *const funder_codes[4] = { "EU-ESF", "BUND", "LAND", "KOM" };
static const char *const funder_names[4] = { "Europäischer Sozialfonds Plus",
					     "Bundesministerium für Arbeit und Soziales",
					     "Land Nordrhein-Westfalen", "Stadt (Eigenanteil)" };
static const char *const fields[5] = { "housing", "health", "language", "qualification",
				       "social-work" };
static const char *const statuses[5] = { "approved", "running", "proof-due", "closed",
					 "revoked" };
static const char *const kinds[4] = { "drawdown", "expenditure", "repayment", "interest" };
enum { DISTRICTS = 12, PROGRAMMES = 8, CHAIN = 4 };

static void write_head(struct gen *g, FILE *f, long city)
{
	/* a later seed is a later delivery: imports refuse an older one, and
	 * one generated at the same time with other content (issue 16) */
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<exchange xmlns=\"urn:fundtrack:exchange:1\" version=\"1.0\" "
		   "generated=\"2026-11-20T%02ld:%02ld:00Z\">\n",
		8 + g->seed / 60 % 16, g->seed % 60);
	fprintf(f, "  <city ags=\"09%06ld\" population=\"%ld\">\n    <name>Großstadt %03ld</name>\n  </city>\n",
		city, 100000 + random_below(g, 900000), city);
	fprintf(f, "  <districts>\n");
	for (int d = 1; d <= DISTRICTS; d++)
		fprintf(f, "    <district code=\"D-%02d\" action-area=\"%s\">\n"
			   "      <name>Sozialraum %d &amp; Umgebung</name>\n    </district>\n",
			d, d % 3 == 0 ? "true" : "false", d);
	fprintf(f, "  </districts>\n  <funders>\n");
	for (int i = 0; i < 4; i++)
		fprintf(f, "    <funder code=\"%s\" level=\"%s\">\n      <name>%s</name>\n    </funder>\n",
			funder_codes[i], levels[i], funder_names[i]);
	fprintf(f, "  </funders>\n  <programmes>\n");
	for (int p = 0; p < PROGRAMMES; p++) {
		int level = p % 4;
		fprintf(f, "    <programme code=\"PR-%d\" funder=\"%s\"", p, funder_codes[level]);
		if (level == 0)
			fprintf(f, " fund=\"%s\"", p < 4 ? "ESF+" : "EHAP");
		if (p < 4)
			fprintf(f, " rate=\"%d.%02d\"", 50 + 10 * level, p * 5);
		fprintf(f, " financing=\"%s\" drawdown-days=\"%d\" proof-months=\"%d\">\n"
			   "      <name>Programm %d</name>\n    </programme>\n",
			p < 4 ? "share" : (p == 7 ? "full" : (p == 5 ? "fixed" : "deficit")),
			level == 1 ? 42 : 60, level == 1 ? 12 : 6, p);
	}
	fprintf(f, "  </programmes>\n");
}

/* Project j of the city: link j % CHAIN of its chain, two years from 2019
 * + 2 * link, so the last link runs 2025-2026. */
static int project_start_year(long j)
{
	return 2019 + 2 * (int)(j % CHAIN);
}

static void write_projects(struct gen *g, FILE *f)
{
	fprintf(f, "  <projects>\n");
	for (long j = 0; j < g->projects; j++) {
		int y = project_start_year(j);
		fprintf(f, "    <project code=\"P-%06ld\" field=\"%s\" district=\"D-%02ld\"", j,
			fields[(j / CHAIN) % 5], 1 + (j / CHAIN) % DISTRICTS);
		if (j % CHAIN != 0)
			fprintf(f, " predecessor=\"P-%06ld\"", j - 1);
		fprintf(f, " start=\"%d-01-01\" end=\"%d-12-31\">\n"
			   "      <title>Projekt %ld im Quartier</title>\n"
			   "      <carrier>Träger %ld e.V.</carrier>\n"
			   "      <target-group>Familien &lt;EU-2&gt;</target-group>\n"
			   "      <costs currency=\"EUR\">",
			y, y + 1, j, 1 + random_below(g, 50));
		put_amount(f, 10000000 + 100 * random_below(g, 100000));
		fprintf(f, "</costs>\n    </project>\n");
	}
	fprintf(f, "  </projects>\n");
}

static void write_booking(FILE *f, long id, int year, int month, int day, const char *kind,
			  int64_t amount, long reverses)
{
	fprintf(f, "      <booking id=\"%ld\" date=\"%d-%02d-%02d\" kind=\"%s\" currency=\"EUR\"",
		id, year, month, day, kind);
	if (reverses)
		fprintf(f, " reverses=\"%ld\" reference=\"ST-%ld\" note=\"Storno\">", reverses,
			reverses);
	else
		fprintf(f, " reference=\"BL-%ld\">", id);
	put_amount(f, amount);
	fprintf(f, "</booking>\n");
}

/* K bookings in the grant's first year: drawdowns and expenditures
 * alternate, every 7th is a repayment, every 11th interest; every 5th
 * booking (when K > 1) reverses the booking before it. */
static void write_bookings(struct gen *g, FILE *f, int year, long *next_id)
{
	long prev_id = 0;
	int prev_kind = 0, prev_month = 1, prev_day = 1;
	int64_t prev_amount = 0;
	for (long b = 0; b < g->bookings; b++) {
		long id = (*next_id)++;
		if (b % 5 == 4 && prev_id) {
			write_booking(f, id, year, prev_month, prev_day, kinds[prev_kind],
				      -prev_amount, prev_id);
			prev_id = 0;
			continue;
		}
		int kind = b % 7 == 6 ? 2 : (b % 11 == 10 ? 3 : (int)(b % 2));
		int month = 1 + (int)((b * 10) / (g->bookings > 0 ? g->bookings : 1)) % 10;
		int day = 1 + (int)random_below(g, 28);
		int64_t amount = 100 * (100 + random_below(g, 20000)) + random_below(g, 100);
		write_booking(f, id, year, month, day, kinds[kind], amount, 0);
		prev_id = id, prev_kind = kind, prev_month = month, prev_day = day,
		prev_amount = amount;
	}
}

static void write_grants(struct gen *g, FILE *f)
{
	long next_id = 1;
	fprintf(f, "  <grants>\n");
	for (long j = 0; j < g->projects; j++) {
		int y = project_start_year(j);
		int p = (int)((j / CHAIN + j) % PROGRAMMES); /* every level in every period */
		const char *status = y >= 2025 ? statuses[random_below(g, 3)] : statuses[3 + random_below(g, 2)];
		int64_t per_year = 100 * (20000 + 100 * random_below(g, 1000));
		fprintf(f, "    <grant ref=\"G-%06ld/%d\" project=\"P-%06ld\" programme=\"PR-%d\" "
			   "status=\"%s\" financing=\"%s\"",
			j, y, j, p, status, p < 4 ? "share" : "deficit");
		if (p < 4)
			fprintf(f, " rate=\"%d.00\"", 50 + 10 * (p % 4));
		fprintf(f, " start=\"%d-01-01\" end=\"%d-12-31\" applied=\"%d-09-15\" decided=\"%d-12-%02d\">\n",
			y, y + 1, y - 1, y - 1, 1 + (int)random_below(g, 20));
		fprintf(f, "      <approved currency=\"EUR\">");
		put_amount(f, 2 * per_year);
		fprintf(f, "</approved>\n      <eligible currency=\"EUR\">");
		put_amount(f, 2 * per_year + 100 * random_below(g, 100000));
		fprintf(f, "</eligible>\n      <note>Bescheid vom %d-12-01, Az. %ld</note>\n", y - 1, j);
		for (int a = 0; a < 2; a++) {
			fprintf(f, "      <allocation year=\"%d\" currency=\"EUR\">", y + a);
			put_amount(f, per_year);
			fprintf(f, "</allocation>\n");
		}
		write_bookings(g, f, y, &next_id);
		fprintf(f, "    </grant>\n");
	}
	fprintf(f, "  </grants>\n</exchange>\n");
}

static int write_city(struct gen *g, long city)
{
	char path[4096];
	int n = snprintf(path, sizeof path, "%s/city-%03ld.xml", g->dir, city);
	if (n < 0 || (size_t)n >= sizeof path) {
		fprintf(stderr, "gen_exchange: directory name too long\n");
		return -1;
	}
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gen_exchange: cannot write '%s': %s\n", path, strerror(errno));
		return -1;
	}
	static char buf[1 << 16];
	setvbuf(f, buf, _IOFBF, sizeof buf);
	write_head(g, f, city);
	write_projects(g, f);
	write_grants(g, f);
	if (fclose(f) != 0) {
		fprintf(stderr, "gen_exchange: cannot write '%s': %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int parse_long(const char *s, long min, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min)
		return -1;
	*out = v;
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: gen_exchange [--seed S] [--cities N] [--projects M] "
			"[--bookings K] [--first-city I] DIR\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct gen g = { .cities = 100, .projects = 1000, .bookings = 10, .first_city = 1 };
	long seed = 1;
	for (int i = 1; i < argc; i++) {
		long *target = NULL;
		long min = 1;
		if (strcmp(argv[i], "--seed") == 0)
			target = &seed, min = 0;
		else if (strcmp(argv[i], "--cities") == 0)
			target = &g.cities;
		else if (strcmp(argv[i], "--projects") == 0)
			target = &g.projects;
		else if (strcmp(argv[i], "--bookings") == 0)
			target = &g.bookings, min = 0;
		else if (strcmp(argv[i], "--first-city") == 0)
			target = &g.first_city;
		else if (argv[i][0] == '-' || g.dir)
			return usage();
		else
			g.dir = argv[i];
		if (target && (i + 1 >= argc || parse_long(argv[++i], min, target) != 0))
			return usage();
	}
	if (!g.dir || g.first_city + g.cities > 999999)
		return usage();
	for (long c = 0; c < g.cities; c++) {
		/* each city its own stream: city i's file does not depend on N */
		g.seed = seed;
		g.rng = (uint64_t)seed * 0x100000001B3ull + (uint64_t)(g.first_city + c);
		if (write_city(&g, g.first_city + c) != 0)
			return 1;
	}
	return 0;
}
