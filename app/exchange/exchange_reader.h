/* exchange_reader.h - reads an exchange file as a stream of records while
 * libxml2 checks it against the embedded XSD, in one pass and constant
 * memory (nothing of the document is kept but the record being read).
 *
 * Safety: the file is parsed by libxml2's push parser with XML_PARSE_NONET
 * and no entity substitution, DTD loading or XInclude; a DOCTYPE stops the
 * parser before its internal subset is read (so XXE, billion laughs and
 * quadratic blowup never start); every external entity load is refused
 * while a file is read. Before a byte reaches libxml2 a pre-scan
 * (exchange_scan.h) refuses what the format never needs and libxml2 would
 * spend quadratic time on (too many attributes, huge text...) with an
 * FT-LIMIT error. The schema is compiled into the program.
 */
#ifndef FT_EXCHANGE_READER_H
#define FT_EXCHANGE_READER_H

#include "error.h"
#include "exchange.h"
#include "sha256.h"

/* After this many errors a file is not read any further. */
enum { EXCH_MAX_ERRORS = 100 };

struct exch_read_result {
	int complete;     /* the document was parsed to its end */
	int schema_valid; /* the XSD validated the whole document without error */
	long long bytes;  /* bytes read */
	unsigned char sha256[SHA256_DIGEST]; /* of the whole file, when complete and asked for */
};

/* Reads path, reporting every problem (unreadable file, malformed XML,
 * DOCTYPE, schema violations) to diags with its line, and handing the
 * records to sink (may be NULL); with checksum, out gets the file's
 * SHA-256 (which costs about a tenth of the time). Returns 0 when the file
 * was processed, valid or not (see diags->errors and out); -1 when the
 * sink failed or an internal error occurred, with err. */
int exchange_read(const char *path, const struct exch_sink *sink, struct exch_diags *diags,
		  int checksum, struct exch_read_result *out, struct ft_error *err);

/* Makes the reader play one that does not know feature (as a reader of an
 * older 1.x would): a file requiring it is refused (FT-REQUIRES). NULL
 * makes it know every feature again. For tests of the compatibility rule. */
void exchange_reader_forget(const char *feature);

/* The schema texts compiled into the program: xsd/fundtrack-exchange-1.0.xsd
 * and xsd/fundtrack-exchange-1.1.xsd. A file is validated against the schema
 * of the version its root declares (1.1 also for later 1.x). */
extern const char ft_exchange_xsd[];
extern const unsigned long ft_exchange_xsd_size;
extern const char ft_exchange_xsd_1_1[];
extern const unsigned long ft_exchange_xsd_1_1_size;

#endif
