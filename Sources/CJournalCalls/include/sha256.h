#ifndef TANDEM_SHA256_H
#define TANDEM_SHA256_H
#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SHA extensions (SHA-NI) and SSE 4.1.
int tandem_sha256_hardware_available(void);

/// Writes the SHA-256 of `length` bytes as 64 lowercase hex digits to `hex`
/// (no terminating zero), with the processor's SHA instructions and no
/// allocation. Only call when `tandem_sha256_hardware_available()` says so.
void tandem_sha256_hex_hardware(const uint8_t *bytes, size_t length, uint8_t hex[64]);

/// The same for two messages at once, in about the time of one and a bit.
void tandem_sha256_hex_hardware_two(const uint8_t *bytes_a, size_t length_a, uint8_t hex_a[64],
                                    const uint8_t *bytes_b, size_t length_b, uint8_t hex_b[64]);

#endif
