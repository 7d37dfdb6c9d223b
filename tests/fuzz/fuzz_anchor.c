/* libFuzzer harness: audit anchor files (audit_anchor_parse) on any bytes,
 * once as they come (the MAC almost never matches) and once with a correct
 * MAC line appended, so the fields behind the MAC check are reached.
 * Properties checked: no crash; an accepted anchor is exactly the text
 * audit_anchor_format makes of what was parsed (one spelling per anchor). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit_anchor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char key[AUDIT_KEY_BYTES] = "fuzz key: 32 bytes, not secret.";

static void parse_and_compare(const char *text, size_t len)
{
	struct audit_anchor anchor;
	struct ft_error err;
	char again[AUDIT_ANCHOR_MAX];

	if (audit_anchor_parse(text, len, "fuzz", key, &anchor, &err) != 0)
		return;
	if (audit_anchor_format(&anchor, key, again, sizeof(again), &err) != 0 ||
	    strlen(again) != len || memcmp(again, text, len) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char mac[SHA256_DIGEST];
	char *text;

	if (size > AUDIT_ANCHOR_MAX)
		return 0;
	parse_and_compare((const char *)data, size);
	text = malloc(size + 4 + SHA256_HEX + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	hmac_sha256(key, sizeof(key), data, size, mac);
	memcpy(text + size, "mac ", 4);
	sha256_hex(mac, text + size + 4);
	text[size + 4 + SHA256_HEX - 1] = '\n';
	parse_and_compare(text, size + 4 + SHA256_HEX);
	free(text);
	return 0;
}
