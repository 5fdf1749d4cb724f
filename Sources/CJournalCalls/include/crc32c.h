#ifndef TANDEM_CRC32C_H
#define TANDEM_CRC32C_H
#include <stddef.h>
#include <stdint.h>

/// Whether this processor has the SSE 4.2 CRC-32C instruction.
int tandem_crc32c_hardware_available(void);

/// Continues a CRC-32C (Castagnoli) over `length` bytes with the processor's
/// instruction. `crc` is the running value before inversion (start with 0xFFFFFFFF).
/// Only call when `tandem_crc32c_hardware_available()` says so.
uint32_t tandem_crc32c_hardware(uint32_t crc, const uint8_t *bytes, size_t length);

#endif
