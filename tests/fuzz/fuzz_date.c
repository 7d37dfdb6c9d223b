/* libFuzzer harness: date_parse on any bytes. Properties checked: no
 * crash; an accepted date is valid ISO, survives the day-number round
 * trip and its German form parses back to the same date. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char iso[DATE_BUF], back[DATE_BUF], german[DATE_BUF];
	struct ft_error err;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (date_parse(text, iso, &err) == 0) {
		if (!date_is_valid_iso(iso))
			abort();
		date_from_days(date_to_days(iso), back);
		if (strcmp(iso, back) != 0)
			abort();
		date_format_de(iso, german);
		if (date_parse(german, back, &err) != 0 || strcmp(iso, back) != 0)
			abort();
	}
	free(text);
	return 0;
}
