/* test_exchange_sha256.c - the SHA-256 behind the checksums of imported
 * exchange files (and the audit chain): NIST test vectors, the padding
 * boundaries, and any split of the input into updates. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static void hex_of(const void *data, size_t len, char out[SHA256_HEX])
{
	unsigned char digest[SHA256_DIGEST];
	struct sha256 h;

	sha256_init(&h);
	sha256_update(&h, data, len);
	sha256_final(&h, digest);
	sha256_hex(digest, out);
}

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf"). */
static void test_nist_vectors(void **state)
{
	static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char hex[SHA256_HEX];
	char *million = malloc(1000000);

	(void)state;
	hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of(two_blocks, strlen(two_blocks), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	assert_non_null(million);
	memset(million, 'a', 1000000);
	hex_of(million, 1000000, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/* Lengths around the 56- and 64-byte padding boundaries (values from
 * sha256sum / Python hashlib). */
static void test_padding_boundaries(void **state)
{
	static const struct {
		size_t n;
		const char *hex;
	} cases[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
	};
	char a[128], hex[SHA256_HEX];

	(void)state;
	memset(a, 'a', sizeof(a));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hex_of(a, cases[i].n, hex);
		assert_string_equal(hex, cases[i].hex);
	}
}

/* Feeding the input in pieces of any size gives the same digest: the
 * reader hashes the file in chunks as it arrives. */
static void test_any_split(void **state)
{
	unsigned char data[300], digest[SHA256_DIGEST];
	char whole[SHA256_HEX], pieces[SHA256_HEX];

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + 3);
	hex_of(data, sizeof(data), whole);
	for (size_t step = 1; step <= 130; step++) {
		struct sha256 h;

		sha256_init(&h);
		for (size_t at = 0; at < sizeof(data); at += step)
			sha256_update(&h, data + at, at + step <= sizeof(data) ? step : sizeof(data) - at);
		sha256_final(&h, digest);
		sha256_hex(digest, pieces);
		assert_string_equal(pieces, whole);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nist_vectors),
		cmocka_unit_test(test_padding_boundaries),
		cmocka_unit_test(test_any_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
