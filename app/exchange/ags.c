/* ags.c - the AGS and the municipality register (see ags.h). The register
 * is the embedded CSV "AGS;name;Land", sorted, with '#' comment lines; a
 * lookup scans it (11,000 lines, well under a millisecond), which keeps
 * the data in one place and needs no index. */
#include "ags.h"

#include <stdio.h>
#include <string.h>

static const char DATE_MARK[] = "# register-date: ";

static int is_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The next line after p, or NULL at the end. */
static const char *next_line(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl && nl[1] ? nl + 1 : NULL;
}

enum ags_verdict ags_check(const char *ags, char *name, size_t size)
{
	int land;

	if (name && size)
		name[0] = '\0';
	if (!ags || strlen(ags) != 8 || !is_digits(ags, 8))
		return AGS_BAD_LAND;
	land = (ags[0] - '0') * 10 + (ags[1] - '0');
	if (land < 1 || land > 16)
		return AGS_BAD_LAND;
	for (const char *p = ft_municipality_register; p; p = next_line(p)) {
		if (*p == '#' || strncmp(p, ags, 8) != 0 || p[8] != ';')
			continue;
		if (name && size) {
			size_t n = strcspn(p + 9, ";\n");

			snprintf(name, size, "%.*s", (int)n, p + 9);
		}
		return AGS_KNOWN;
	}
	return AGS_UNKNOWN;
}

const char *ags_register_date(void)
{
	static char date[16];
	const char *p = strstr(ft_municipality_register, DATE_MARK);

	if (!p)
		return "unknown";
	snprintf(date, sizeof(date), "%.10s", p + sizeof(DATE_MARK) - 1);
	return date;
}

long ags_register_entries(void)
{
	long n = 0;

	for (const char *p = ft_municipality_register; p; p = next_line(p))
		n += *p != '#' && *p != '\n';
	return n;
}
