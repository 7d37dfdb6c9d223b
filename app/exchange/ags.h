/* ags.h - the Amtlicher Gemeindeschluessel (AGS), the 8-digit key that
 * identifies a city in the network, checked against the municipality
 * register shipped with the program (data/municipalities.csv).
 *
 * The AGS has no check digit. Its structure (Destatis, Gemeinde-
 * verzeichnis): Land (2 digits, 01 Schleswig-Holstein to 16 Thueringen),
 * Regierungsbezirk (1), Kreis (2), Gemeinde (3). What can be checked: the
 * Land code, and that the register knows the municipality.
 */
#ifndef FT_AGS_H
#define FT_AGS_H

#include <stddef.h>

enum ags_verdict {
	AGS_KNOWN,    /* in the register */
	AGS_UNKNOWN,  /* a valid Land code, but not in the register */
	AGS_BAD_LAND  /* not 8 digits, or the Land code is not 01 to 16 (00000000 too) */
};

/* Checks ags; when the register knows it, name (may be NULL) gets the
 * register's name ("Stadt Dortmund"), else "". */
enum ags_verdict ags_check(const char *ags, char *name, size_t size);

/* The date of the register ("2023-11-19") and its number of entries. */
const char *ags_register_date(void);
long ags_register_entries(void);

/* The register compiled into the program (data/municipalities.csv). */
extern const char ft_municipality_register[];
extern const unsigned long ft_municipality_register_size;

#endif
