#include "sha256.h"
#include <string.h>

// Every journal line is hashed on its own, a few hundred bytes each: through
// a library each hash allocates and frees a context. Here the state lives in
// two registers and the tail block on the stack.

#if defined(__x86_64__)
#include <immintrin.h>

int tandem_sha256_hardware_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
}

static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// The state as the SHA instructions hold it: words A, B, E, F in one register, C, D, G, H in the other.
struct state { __m128i abef, cdgh; };

// Four rounds on the four message words `w` (group `g` of the sixteen).
#define FOUR_ROUNDS(w, g) do { \
        __m128i k = _mm_add_epi32((w), _mm_loadu_si128((const __m128i *)(round_constants + 4 * (g)))); \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, k); \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(k, 0x0E)); \
    } while (0)

// The next four words of the schedule, W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16],
// into `back4` (W[t-16..t-13]), from the groups after it (`back3`, `back2`, `back1`: the last).
#define NEXT_WORDS(back4, back3, back2, back1) \
    back4 = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(back4, back3), _mm_alignr_epi8(back1, back2, 4)), back1)

__attribute__((target("sha,sse4.1")))
static void compress(struct state *s, const uint8_t *block, size_t blocks) {
    // Each 32-bit word of the message is big-endian.
    const __m128i byte_order = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i abef = s->abef, cdgh = s->cdgh;
    for (; blocks > 0; blocks--, block += 64) {
        const __m128i abef_before = abef, cdgh_before = cdgh;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)block), byte_order);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 16)), byte_order);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 32)), byte_order);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 48)), byte_order);
        FOUR_ROUNDS(w0, 0);
        FOUR_ROUNDS(w1, 1);
        FOUR_ROUNDS(w2, 2);
        FOUR_ROUNDS(w3, 3);
        for (int group = 4; group < 16; group += 4) {
            NEXT_WORDS(w0, w1, w2, w3);
            FOUR_ROUNDS(w0, group);
            NEXT_WORDS(w1, w2, w3, w0);
            FOUR_ROUNDS(w1, group + 1);
            NEXT_WORDS(w2, w3, w0, w1);
            FOUR_ROUNDS(w2, group + 2);
            NEXT_WORDS(w3, w0, w1, w2);
            FOUR_ROUNDS(w3, group + 3);
        }
        abef = _mm_add_epi32(abef, abef_before);
        cdgh = _mm_add_epi32(cdgh, cdgh_before);
    }
    s->abef = abef;
    s->cdgh = cdgh;
}

__attribute__((target("sha,sse4.1")))
void tandem_sha256_hex_hardware(const uint8_t *bytes, size_t length, uint8_t hex[64]) {
    // The initial hash values H0..H7, arranged as ABEF and CDGH (lowest lane last in each name).
    struct state s;
    s.abef = _mm_set_epi32(0x6a09e667, 0xbb67ae85, 0x510e527f, 0x9b05688c);
    s.cdgh = _mm_set_epi32(0x3c6ef372, 0xa54ff53a, 0x1f83d9ab, 0x5be0cd19);
    size_t whole = length / 64;
    compress(&s, bytes, whole);
    // The rest, the 0x80 that ends the message and its length in bits: one block or two.
    uint8_t tail[128] = {0};
    size_t rest = length - whole * 64;
    if (rest > 0) memcpy(tail, bytes + whole * 64, rest);
    tail[rest] = 0x80;
    size_t tail_blocks = rest < 56 ? 1 : 2;
    uint64_t bits = (uint64_t)length * 8;
    for (int i = 0; i < 8; i++) tail[tail_blocks * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
    compress(&s, tail, tail_blocks);
    // Back to A..H, each word written big-endian as two hex digits a byte.
    uint32_t words[8];
    __m128i abef = s.abef, cdgh = s.cdgh;
    uint32_t lanes[8];
    _mm_storeu_si128((__m128i *)lanes, abef);       // F E B A
    _mm_storeu_si128((__m128i *)(lanes + 4), cdgh); // H G D C
    words[0] = lanes[3]; words[1] = lanes[2]; words[2] = lanes[7]; words[3] = lanes[6];
    words[4] = lanes[1]; words[5] = lanes[0]; words[6] = lanes[5]; words[7] = lanes[4];
    static const char digits[] = "0123456789abcdef";
    for (int w = 0; w < 8; w++) {
        for (int b = 0; b < 4; b++) {
            uint8_t byte = (uint8_t)(words[w] >> (24 - 8 * b));
            hex[w * 8 + b * 2] = (uint8_t)digits[byte >> 4];
            hex[w * 8 + b * 2 + 1] = (uint8_t)digits[byte & 0x0F];
        }
    }
}
#else
int tandem_sha256_hardware_available(void) { return 0; }
void tandem_sha256_hex_hardware(const uint8_t *bytes, size_t length, uint8_t hex[64]) {
    (void)bytes; (void)length;
    memset(hex, '0', 64);
}
#endif
