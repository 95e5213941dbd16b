// The few libcrypto (OpenSSL) declarations SNMPCodec needs: single DES in CBC mode for
// SNMPv3 usmDESPrivProtocol (RFC 3414 8.1). swift-crypto has no DES.
// The low-level DES_* functions work in OpenSSL 3 without the legacy provider; they are
// marked deprecated there, and this define keeps that out of Swift's warnings on purpose
// (see docs/decisions/0007-snmp-privacy-ciphers.md).
#ifndef NETSIGHT_CLIBCRYPTO_SHIM_H
#define NETSIGHT_CLIBCRYPTO_SHIM_H
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/des.h>
#endif
