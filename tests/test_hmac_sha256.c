/* test_hmac_sha256.c - HMAC-SHA256 (sha256.h), which keys the audit
 * anchors: the test cases of RFC 4231, section 4. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "sha256.h"

static void mac_hex(const void *key, size_t key_len, const void *data, size_t len,
		    char out[SHA256_HEX])
{
	unsigned char mac[SHA256_DIGEST];

	hmac_sha256(key, key_len, data, len, mac);
	sha256_hex(mac, out);
}

/* Test cases 1 to 4: short keys, short data. */
static void test_rfc4231_short_keys(void **state)
{
	unsigned char key[25], data[50];
	char hex[SHA256_HEX];

	(void)state;
	memset(key, 0x0b, 20);
	mac_hex(key, 20, "Hi There", 8, hex);
	assert_string_equal(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");

	mac_hex("Jefe", 4, "what do ya want for nothing?", 28, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	mac_hex(key, 20, data, 50, hex);
	assert_string_equal(hex, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");

	for (int i = 0; i < 25; i++)
		key[i] = (unsigned char)(i + 1);
	memset(data, 0xcd, 50);
	mac_hex(key, 25, data, 50, hex);
	assert_string_equal(hex, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

/* Test case 5: the output truncated to 128 bits is a prefix of the full
 * MAC. */
static void test_rfc4231_truncated(void **state)
{
	unsigned char key[20];
	char hex[SHA256_HEX];

	(void)state;
	memset(key, 0x0c, 20);
	mac_hex(key, 20, "Test With Truncation", 20, hex);
	assert_memory_equal(hex, "a3b6167473100ee06e0c796c2955552b", 32);
}

/* Test cases 6 and 7: a 131-byte key, longer than the block, is hashed
 * first. */
static void test_rfc4231_long_key(void **state)
{
	static const char large_block[] =
		"Test Using Larger Than Block-Size Key - Hash Key First";
	static const char large_data[] =
		"This is a test using a larger than block-size key and a larger than block-size "
		"data. The key needs to be hashed before being used by the HMAC algorithm.";
	unsigned char key[131];
	char hex[SHA256_HEX];

	(void)state;
	memset(key, 0xaa, sizeof(key));
	mac_hex(key, sizeof(key), large_block, strlen(large_block), hex);
	assert_string_equal(hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	mac_hex(key, sizeof(key), large_data, strlen(large_data), hex);
	assert_string_equal(hex, "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4231_short_keys),
		cmocka_unit_test(test_rfc4231_truncated),
		cmocka_unit_test(test_rfc4231_long_key),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
