#ifndef NETSIGHT_CCRC32C_H
#define NETSIGHT_CCRC32C_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU computes CRC-32C in hardware (x86-64 SSE 4.2), else 0.
int netsight_crc32c_hardware(void);

/// Continues a CRC-32C (Castagnoli) over `length` bytes with the CPU's CRC32 instruction.
/// `crc` and the result are finished values (start with 0), as zlib's crc32() takes them.
/// Call only when netsight_crc32c_hardware() returned 1.
uint32_t netsight_crc32c_update_hardware(uint32_t crc, const void *bytes, size_t length);

#endif
