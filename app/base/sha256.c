#include "sha256.h"

#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHA_NI_PATH 1
#endif

static const uint32_t round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static uint32_t rotr(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define SIGMA0(x) (rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22))
#define SIGMA1(x) (rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25))
#define GAMMA0(x) (rotr(x, 7) ^ rotr(x, 18) ^ ((x) >> 3))
#define GAMMA1(x) (rotr(x, 17) ^ rotr(x, 19) ^ ((x) >> 10))

static void compress(uint32_t state[8], const unsigned char block[64])
{
	uint32_t w[64];
	uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
	uint32_t e = state[4], f = state[5], g = state[6], h = state[7];

	for (int i = 0; i < 16; i++)
		w[i] = load_be32(block + 4 * i);
	for (int i = 16; i < 64; i++)
		w[i] = GAMMA1(w[i - 2]) + w[i - 7] + GAMMA0(w[i - 15]) + w[i - 16];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = h + SIGMA1(e) + CH(e, f, g) + round_constants[i] + w[i];
		uint32_t t2 = SIGMA0(a) + MAJ(a, b, c);

		h = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = b;
		b = a;
		a = t1 + t2;
	}
	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	state[4] += e;
	state[5] += f;
	state[6] += g;
	state[7] += h;
}

#ifdef HAVE_SHA_NI_PATH
/* The same compression with the CPU's SHA extensions (Intel SHA-NI, also
 * in AMD Zen): about 15 times fewer instructions. A partner city's import
 * hashes its file and the digest of its rows (issue 19: the C rounds were
 * 12 % of the instructions of an import). The layout follows Intel's
 * white paper "Intel SHA Extensions" (2013): the state as ABEF and CDGH,
 * four rounds per constant group, sha256msg1/msg2 for the schedule. */
__attribute__((target("sha,sse4.1,ssse3"))) static void
compress_sha_ni(uint32_t state[8], const unsigned char *data, size_t blocks)
{
	const __m128i order = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)&state[0]),
					0xB1); /* CDAB */
	__m128i s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)&state[4]),
				       0x1B); /* EFGH */
	__m128i s0 = _mm_alignr_epi8(tmp, s1, 8); /* ABEF */

	s1 = _mm_blend_epi16(s1, tmp, 0xF0); /* CDGH */
	for (; blocks--; data += 64) {
		__m128i abef = s0, cdgh = s1, w[4];

		for (int g = 0; g < 16; g++) {
			__m128i k;

			if (g < 4)
				w[g] = _mm_shuffle_epi8(
					_mm_loadu_si128((const __m128i *)(const void *)(data + 16 * g)),
					order);
			else
				w[g & 3] = _mm_sha256msg2_epu32(
					_mm_add_epi32(_mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]),
						      _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4)),
					w[(g + 3) & 3]);
			k = _mm_add_epi32(w[g & 3], _mm_loadu_si128((const __m128i *)(const void *)
								      &round_constants[4 * g]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, k);
			s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(k, 0x0E));
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	tmp = _mm_shuffle_epi32(s0, 0x1B); /* FEBA */
	s1 = _mm_shuffle_epi32(s1, 0xB1);  /* DCHG */
	_mm_storeu_si128((__m128i *)(void *)&state[0], _mm_blend_epi16(tmp, s1, 0xF0)); /* DCBA */
	_mm_storeu_si128((__m128i *)(void *)&state[4], _mm_alignr_epi8(s1, tmp, 8));    /* HGFE */
}

/* Whether the CPU has the SHA extensions and SSE4.1 (asked once). */
static int have_sha_ni(void)
{
	static atomic_int known; /* 0 not asked yet, 1 no, 2 yes */
	int k = atomic_load_explicit(&known, memory_order_relaxed);
	unsigned a, b, c, d;

	if (k)
		return k == 2;
	k = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_1) && (c & bit_SSSE3) &&
			    __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA)
		    ? 2
		    : 1;
	atomic_store_explicit(&known, k, memory_order_relaxed);
	return k == 2;
}
#endif

/* Compresses blocks whole blocks of data into state. */
static void compress_blocks(uint32_t state[8], const unsigned char *data, size_t blocks)
{
#ifdef HAVE_SHA_NI_PATH
	if (have_sha_ni()) {
		compress_sha_ni(state, data, blocks);
		return;
	}
#endif
	for (; blocks--; data += 64)
		compress(state, data);
}

void sha256_init(struct sha256 *h)
{
	static const uint32_t initial[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(h->state, initial, sizeof(initial));
	h->length = 0;
	h->used = 0;
}

void sha256_update(struct sha256 *h, const void *data, size_t len)
{
	const unsigned char *p = data;

	h->length += len;
	if (h->used) {
		size_t take = 64 - h->used < len ? 64 - h->used : len;

		memcpy(h->block + h->used, p, take);
		h->used += take;
		p += take;
		len -= take;
		if (h->used < 64)
			return;
		compress_blocks(h->state, h->block, 1);
		h->used = 0;
	}
	compress_blocks(h->state, p, len / 64);
	p += len / 64 * 64;
	len %= 64;
	memcpy(h->block, p, len);
	h->used = len;
}

void sha256_final(struct sha256 *h, unsigned char out[SHA256_DIGEST])
{
	uint64_t bits = h->length * 8;

	h->block[h->used++] = 0x80;
	if (h->used > 56) {
		memset(h->block + h->used, 0, 64 - h->used);
		compress_blocks(h->state, h->block, 1);
		h->used = 0;
	}
	memset(h->block + h->used, 0, 56 - h->used);
	store_be32(h->block + 56, (uint32_t)(bits >> 32));
	store_be32(h->block + 60, (uint32_t)bits);
	compress_blocks(h->state, h->block, 1);
	for (int i = 0; i < 8; i++)
		store_be32(out + 4 * i, h->state[i]);
}

void sha256_hex(const unsigned char digest[SHA256_DIGEST], char out[SHA256_HEX])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < SHA256_DIGEST; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}

/* RFC 2104, section 2: H(K ^ opad, H(K ^ ipad, text)), B = 64. */
void hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
		 unsigned char out[SHA256_DIGEST])
{
	unsigned char block_key[64] = { 0 }, pad[64], inner[SHA256_DIGEST];
	struct sha256 h;

	if (key_len > sizeof(block_key)) {
		sha256_init(&h);
		sha256_update(&h, key, key_len);
		sha256_final(&h, block_key);
	} else if (key_len) {
		memcpy(block_key, key, key_len);
	}
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = block_key[i] ^ 0x36;
	sha256_init(&h);
	sha256_update(&h, pad, sizeof(pad));
	sha256_update(&h, data, len);
	sha256_final(&h, inner);
	for (size_t i = 0; i < sizeof(pad); i++)
		pad[i] = block_key[i] ^ 0x5c;
	sha256_init(&h);
	sha256_update(&h, pad, sizeof(pad));
	sha256_update(&h, inner, sizeof(inner));
	sha256_final(&h, out);
}
