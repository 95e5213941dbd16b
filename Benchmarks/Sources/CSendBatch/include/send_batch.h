#ifndef NETSIGHT_SEND_BATCH_H
#define NETSIGHT_SEND_BATCH_H

#include <stddef.h>
#include <stdint.h>

/// Opens a UDP socket connected to 127.0.0.1:port (or ::1 when ipv6 != 0); -1 on error.
int bench_udp_connect(uint16_t port, int ipv6, int sndbuf);

/// Sends `count` datagrams (`bufs[i]`, `lens[i]` bytes) on a connected socket with as few
/// sendmmsg(2) calls as it takes. Returns how many were sent, or -1 with errno set.
int bench_send_batch(int fd, const uint8_t *const *bufs, const size_t *lens, unsigned count);

#endif
