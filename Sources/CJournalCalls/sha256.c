#include "sha256.h"
#include <string.h>

// Every journal line is hashed on its own, a few hundred bytes each: through
// a library each hash allocates and frees a context. Here the state lives in
// two registers and the last blocks on the stack, and two lines can be hashed
// at once, so that one's rounds run while the other's wait.

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

// A message as blocks of 64 bytes: its whole blocks in place, then the one or
// two that end it (its last bytes, the 0x80 that ends the message and its
// length in bits) made on the stack.
struct message {
    const uint8_t *bytes;
    size_t whole, blocks;
    uint8_t tail[128];
};

static void message_init(struct message *m, const uint8_t *bytes, size_t length) {
    m->bytes = bytes;
    m->whole = length / 64;
    size_t rest = length - m->whole * 64;
    size_t tail_blocks = rest < 56 ? 1 : 2;
    m->blocks = m->whole + tail_blocks;
    memset(m->tail, 0, sizeof m->tail);
    if (rest > 0) memcpy(m->tail, bytes + m->whole * 64, rest);
    m->tail[rest] = 0x80;
    uint64_t bits = (uint64_t)length * 8;
    for (int i = 0; i < 8; i++) m->tail[tail_blocks * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
}

static const uint8_t *message_block(const struct message *m, size_t index) {
    return index < m->whole ? m->bytes + 64 * index : m->tail + 64 * (index - m->whole);
}

__attribute__((target("sha,sse4.1")))
static inline struct state initial_state(void) {
    // H0..H7 arranged as ABEF and CDGH (the highest lane first).
    struct state s;
    s.abef = _mm_set_epi32(0x6a09e667, 0xbb67ae85, 0x510e527f, 0x9b05688c);
    s.cdgh = _mm_set_epi32(0x3c6ef372, 0xa54ff53a, 0x1f83d9ab, 0x5be0cd19);
    return s;
}

// Each 32-bit word of a message is big-endian.
#define BYTE_ORDER_MASK _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL)
#define LOAD_WORDS(block, n) _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)((block) + 16 * (n))), BYTE_ORDER_MASK)

// Four rounds of state `s` on its four message words `w` (group `g` of the
// sixteen). After the first two, `cdgh` holds the new A, B, E, F, and the old
// ones are the new C, D, G, H; after the next two, each half is back in its place.
#define FOUR_ROUNDS(s, w, g) do { \
        __m128i k = _mm_add_epi32((w), _mm_loadu_si128((const __m128i *)(round_constants + 4 * (g)))); \
        s.cdgh = _mm_sha256rnds2_epu32(s.cdgh, s.abef, k); \
        s.abef = _mm_sha256rnds2_epu32(s.abef, s.cdgh, _mm_shuffle_epi32(k, 0x0E)); \
    } while (0)

// The next four words of the schedule, W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16],
// into `back4` (W[t-16..t-13]), from the groups after it (`back3`, `back2`, `back1`: the last).
#define NEXT_WORDS(back4, back3, back2, back1) \
    back4 = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(back4, back3), _mm_alignr_epi8(back1, back2, 4)), back1)

__attribute__((target("sha,sse4.1")))
static inline void compress(struct state *state, const uint8_t *block) {
    struct state s = *state;
    __m128i w0 = LOAD_WORDS(block, 0), w1 = LOAD_WORDS(block, 1), w2 = LOAD_WORDS(block, 2), w3 = LOAD_WORDS(block, 3);
    FOUR_ROUNDS(s, w0, 0); FOUR_ROUNDS(s, w1, 1); FOUR_ROUNDS(s, w2, 2); FOUR_ROUNDS(s, w3, 3);
    for (int group = 4; group < 16; group += 4) {
        NEXT_WORDS(w0, w1, w2, w3); FOUR_ROUNDS(s, w0, group);
        NEXT_WORDS(w1, w2, w3, w0); FOUR_ROUNDS(s, w1, group + 1);
        NEXT_WORDS(w2, w3, w0, w1); FOUR_ROUNDS(s, w2, group + 2);
        NEXT_WORDS(w3, w0, w1, w2); FOUR_ROUNDS(s, w3, group + 3);
    }
    state->abef = _mm_add_epi32(state->abef, s.abef);
    state->cdgh = _mm_add_epi32(state->cdgh, s.cdgh);
}

// One block each of two messages, their rounds interleaved: each round waits on
// the one before it, and the other message's rounds fill that wait.
__attribute__((target("sha,sse4.1")))
static inline void compress_two(struct state *state_a, const uint8_t *block_a, struct state *state_b, const uint8_t *block_b) {
    struct state a = *state_a, b = *state_b;
    __m128i a0 = LOAD_WORDS(block_a, 0), a1 = LOAD_WORDS(block_a, 1), a2 = LOAD_WORDS(block_a, 2), a3 = LOAD_WORDS(block_a, 3);
    __m128i b0 = LOAD_WORDS(block_b, 0), b1 = LOAD_WORDS(block_b, 1), b2 = LOAD_WORDS(block_b, 2), b3 = LOAD_WORDS(block_b, 3);
    FOUR_ROUNDS(a, a0, 0); FOUR_ROUNDS(b, b0, 0);
    FOUR_ROUNDS(a, a1, 1); FOUR_ROUNDS(b, b1, 1);
    FOUR_ROUNDS(a, a2, 2); FOUR_ROUNDS(b, b2, 2);
    FOUR_ROUNDS(a, a3, 3); FOUR_ROUNDS(b, b3, 3);
    for (int group = 4; group < 16; group += 4) {
        NEXT_WORDS(a0, a1, a2, a3); NEXT_WORDS(b0, b1, b2, b3);
        FOUR_ROUNDS(a, a0, group); FOUR_ROUNDS(b, b0, group);
        NEXT_WORDS(a1, a2, a3, a0); NEXT_WORDS(b1, b2, b3, b0);
        FOUR_ROUNDS(a, a1, group + 1); FOUR_ROUNDS(b, b1, group + 1);
        NEXT_WORDS(a2, a3, a0, a1); NEXT_WORDS(b2, b3, b0, b1);
        FOUR_ROUNDS(a, a2, group + 2); FOUR_ROUNDS(b, b2, group + 2);
        NEXT_WORDS(a3, a0, a1, a2); NEXT_WORDS(b3, b0, b1, b2);
        FOUR_ROUNDS(a, a3, group + 3); FOUR_ROUNDS(b, b3, group + 3);
    }
    state_a->abef = _mm_add_epi32(state_a->abef, a.abef);
    state_a->cdgh = _mm_add_epi32(state_a->cdgh, a.cdgh);
    state_b->abef = _mm_add_epi32(state_b->abef, b.abef);
    state_b->cdgh = _mm_add_epi32(state_b->cdgh, b.cdgh);
}

// The digest A..H, each word written big-endian as two hex digits a byte:
// sixteen digits at a time (written one by one, they were a tenth of the hashing).
__attribute__((target("sha,sse4.1")))
static void write_hex(struct state s, uint8_t hex[64]) {
    // Lanes: abef holds F E B A, cdgh holds H G D C (lowest first). Pairs of
    // lanes are put in order A B C D and E F G H, each word's bytes turned round.
    const __m128i order = _mm_setr_epi8(7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8);
    const __m128i digits = _mm_setr_epi8('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f');
    const __m128i low = _mm_set1_epi8(0x0F);
    __m128i halves[2] = {
        _mm_shuffle_epi8(_mm_unpackhi_epi64(s.abef, s.cdgh), order),  // B A D C -> A B C D
        _mm_shuffle_epi8(_mm_unpacklo_epi64(s.abef, s.cdgh), order),  // F E H G -> E F G H
    };
    for (int h = 0; h < 2; h++) {
        __m128i high_digits = _mm_and_si128(_mm_srli_epi16(halves[h], 4), low);
        __m128i low_digits = _mm_and_si128(halves[h], low);
        _mm_storeu_si128((__m128i *)(hex + h * 32), _mm_shuffle_epi8(digits, _mm_unpacklo_epi8(high_digits, low_digits)));
        _mm_storeu_si128((__m128i *)(hex + h * 32 + 16), _mm_shuffle_epi8(digits, _mm_unpackhi_epi8(high_digits, low_digits)));
    }
}

__attribute__((target("sha,sse4.1")))
void tandem_sha256_hex_hardware(const uint8_t *bytes, size_t length, uint8_t hex[64]) {
    struct message m;
    message_init(&m, bytes, length);
    struct state s = initial_state();
    for (size_t i = 0; i < m.blocks; i++) compress(&s, message_block(&m, i));
    write_hex(s, hex);
}

__attribute__((target("sha,sse4.1")))
void tandem_sha256_hex_hardware_two(const uint8_t *bytes_a, size_t length_a, uint8_t hex_a[64],
                                    const uint8_t *bytes_b, size_t length_b, uint8_t hex_b[64]) {
    struct message ma, mb;
    message_init(&ma, bytes_a, length_a);
    message_init(&mb, bytes_b, length_b);
    struct state a = initial_state(), b = initial_state();
    size_t both = ma.blocks < mb.blocks ? ma.blocks : mb.blocks;
    for (size_t i = 0; i < both; i++) compress_two(&a, message_block(&ma, i), &b, message_block(&mb, i));
    for (size_t i = both; i < ma.blocks; i++) compress(&a, message_block(&ma, i));
    for (size_t i = both; i < mb.blocks; i++) compress(&b, message_block(&mb, i));
    write_hex(a, hex_a);
    write_hex(b, hex_b);
}
#else
int tandem_sha256_hardware_available(void) { return 0; }
void tandem_sha256_hex_hardware(const uint8_t *bytes, size_t length, uint8_t hex[64]) {
    (void)bytes; (void)length;
    memset(hex, '0', 64);
}
void tandem_sha256_hex_hardware_two(const uint8_t *bytes_a, size_t length_a, uint8_t hex_a[64],
                                    const uint8_t *bytes_b, size_t length_b, uint8_t hex_b[64]) {
    (void)bytes_a; (void)length_a; (void)bytes_b; (void)length_b;
    memset(hex_a, '0', 64);
    memset(hex_b, '0', 64);
}
#endif
