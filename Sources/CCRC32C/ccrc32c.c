// Hardware CRC-32C for segment checksums. Swift cannot name the SSE 4.2 instruction, so
// this one loop is C; the portable table version is Swift (Storage/CRC32.swift) and both
// are checked against each other and against the RFC 3720 test vectors.
#include "ccrc32c.h"

#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>

int netsight_crc32c_hardware(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return (c & bit_SSE4_2) != 0;
}

__attribute__((target("sse4.2")))
uint32_t netsight_crc32c_update_hardware(uint32_t crc, const void *bytes, size_t length) {
    const unsigned char *p = (const unsigned char *)bytes;
    unsigned long long c = (uint32_t)~crc;
    while (length >= 8) {
        unsigned long long word;
        memcpy(&word, p, 8);
        c = __builtin_ia32_crc32di(c, word);
        p += 8;
        length -= 8;
    }
    unsigned int c32 = (unsigned int)c;
    while (length > 0) {
        c32 = __builtin_ia32_crc32qi(c32, *p);
        p += 1;
        length -= 1;
    }
    return ~(uint32_t)c32;
}

#else

int netsight_crc32c_hardware(void) { return 0; }

uint32_t netsight_crc32c_update_hardware(uint32_t crc, const void *bytes, size_t length) {
    (void)bytes;
    (void)length;
    return crc;
}

#endif
