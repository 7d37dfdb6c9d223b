/* libFuzzer harness: money_parse, money_parse_plain and rate_parse on any
 * bytes. Properties checked: no crash or sanitizer report; an accepted
 * amount formats and parses back to the same cents. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct ft_error err;
	int64_t cents, again;
	int bp;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (money_parse(text, MONEY_ALLOW_NEGATIVE, &cents, &err) == 0) {
		char buf[MONEY_BUF];

		money_format_de(cents, buf);
		if (money_parse(buf, MONEY_ALLOW_NEGATIVE, &again, &err) != 0 || again != cents)
			abort();
		money_format_plain(cents, buf);
		if (money_parse_plain(buf, &again, &err) != 0 || again != cents)
			abort();
	}
	money_parse_plain(text, &cents, &err);
	if (rate_parse(text, &bp, &err) == 0 && (bp < 0 || bp > 10000))
		abort();
	free(text);
	return 0;
}
