import NetsightModel
import ProbeCodec

#if canImport(Glibc)
import Glibc
#endif

/// One non-blocking ICMP or ICMPv6 socket: raw when the process may (root or
/// CAP_NET_RAW), else a Linux datagram "ping" socket (allowed only to groups in
/// net.ipv4.ping_group_range). A thin wrapper over the system calls; all decisions are
/// made by its owner.
final class ICMPSocket: Sendable {
    enum Mode: String, Sendable {
        case raw
        case datagram
    }

    let version: ICMPVersion
    let mode: Mode
    let descriptor: Int32

    /// Opens a socket for `version`, raw first unless `preferred` says otherwise.
    /// - Throws: `ProbeFailure(.setup)` naming both refusals when neither kind opens.
    init(version: ICMPVersion, preferred: Mode?) throws(ProbeFailure) {
        self.version = version
        let family = version == .v4 ? AF_INET : AF_INET6
        let proto = version == .v4 ? Int32(IPPROTO_ICMP) : Int32(IPPROTO_ICMPV6)
        let order: [Mode] = preferred.map { [$0] } ?? [.raw, .datagram]
        var refusals: [String] = []
        var opened: (Int32, Mode)?
        for mode in order {
            let type = mode == .raw ? Int32(SOCK_RAW.rawValue) : Int32(SOCK_DGRAM.rawValue)
            let fd = socket(family, type | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), proto)
            if fd >= 0 {
                opened = (fd, mode)
                break
            }
            let why = String(cString: strerror(errno))
            refusals.append(mode == .raw ? "raw socket: \(why) (needs CAP_NET_RAW)" : "ping socket: \(why) (see net.ipv4.ping_group_range)")
        }
        guard let (fd, mode) = opened else {
            let name = version == .v4 ? "ICMP" : "ICMPv6"
            throw ProbeFailure(.setup, "cannot open an \(name) socket: " + refusals.joined(separator: "; "))
        }
        self.descriptor = fd
        self.mode = mode
        configure()
    }

    /// A raw IPv4 socket delivers the IPv4 header before the ICMP message.
    var includesIPv4Header: Bool { version == .v4 && mode == .raw }

    /// Receive buffer as large as the system lets root make it: a burst of 500 targets
    /// answers at once, and the default (~208 KiB, about 270 small datagrams counting
    /// kernel overhead) would drop replies that then look like loss. Raw sockets also get
    /// a type filter so the kernel does not wake us for every echo request (our own, on
    /// loopback) or unrelated ICMP the host sees.
    private func configure() {
        var size: Int32 = 4 << 20
        let intSize = socklen_t(MemoryLayout<Int32>.size)
        if setsockopt(descriptor, SOL_SOCKET, SO_RCVBUFFORCE, &size, intSize) != 0 {
            _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, intSize)
        }
        guard mode == .raw else { return }
        switch version {
        case .v4:
            // ICMP_FILTER (linux/icmp.h): level SOL_RAW (255), option 1; a set bit blocks
            // that type. Pass echo reply (0), unreachable (3), time exceeded (11),
            // parameter problem (12).
            var blocked: UInt32 = ~(UInt32(1) << 0 | 1 << 3 | 1 << 11 | 1 << 12)
            _ = setsockopt(descriptor, 255, 1, &blocked, socklen_t(MemoryLayout<UInt32>.size))
        case .v6:
            // ICMP6_FILTER (RFC 3542 §3.2): level IPPROTO_ICMPV6, option 1, 256 bits; on
            // Linux a set bit blocks. Pass errors 1-4 and echo reply (129).
            var filter = [UInt32](repeating: ~0, count: 8)
            for type in [1, 2, 3, 4, 129] { filter[type >> 5] &= ~(UInt32(1) << UInt32(type & 31)) }
            _ = filter.withUnsafeMutableBytes {
                setsockopt(descriptor, Int32(IPPROTO_ICMPV6), 1, $0.baseAddress, socklen_t($0.count))
            }
        }
    }

    /// Sends one message; returns 0 or the errno.
    func send(_ bytes: [UInt8], to address: ICMPTargetAddress) -> Int32 {
        let sent = bytes.withUnsafeBytes { buffer in
            address.withSockAddr { sa, length in
                sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT), sa, length)
            }
        }
        return sent < 0 ? errno : 0
    }

    /// Receives one datagram into `buffer`: its length and the source address bytes, or
    /// nil when nothing is waiting (or on any error: the receive loop only drains).
    func receive(into buffer: UnsafeMutableRawBufferPointer) -> (length: Int, source: [UInt8])? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let n = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                recvfrom(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT), $0, &length)
            }
        }
        guard n >= 0 else { return nil }
        return (n, ICMPTargetAddress.bytes(of: storage))
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
