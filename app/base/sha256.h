/* sha256.h - SHA-256 (FIPS 180-4), incremental, and HMAC-SHA256 (RFC 2104).
 *
 * Used for the checksum of imported exchange files, the audit chain, and
 * (HMAC) the keyed audit anchors (audit_anchor.h). Neither SQLite nor
 * libxml2 offers a hash, and a crypto library would be a new dependency
 * for some 150 lines; this one is checked against the NIST test vectors
 * and sha256sum (tests/test_exchange_sha256.c), the HMAC against the
 * RFC 4231 test vectors (tests/test_hmac_sha256.c).
 */
#ifndef FT_SHA256_H
#define FT_SHA256_H

#include <stddef.h>
#include <stdint.h>

enum { SHA256_DIGEST = 32, SHA256_HEX = 65 /* 64 hex digits + NUL */ };

struct sha256 {
	uint32_t state[8];
	uint64_t length; /* bytes hashed so far */
	unsigned char block[64];
	size_t used; /* bytes waiting in block */
};

void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *data, size_t len);
/* Finishes the hash; h must be initialised again before reuse. */
void sha256_final(struct sha256 *h, unsigned char out[SHA256_DIGEST]);

/* Lower-case hex of a digest. */
void sha256_hex(const unsigned char digest[SHA256_DIGEST], char out[SHA256_HEX]);

/* HMAC-SHA256 (RFC 2104) of data with key; a key longer than the block
 * (64 bytes) is hashed first, as the RFC says. */
void hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
		 unsigned char out[SHA256_DIGEST]);

#endif
