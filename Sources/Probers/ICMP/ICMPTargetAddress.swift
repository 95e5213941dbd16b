import NIOCore
import ProbeCodec

#if canImport(Glibc)
import Glibc
#endif

/// A resolved ICMP target as the socket calls need it: a sockaddr to send to, and the
/// raw address bytes replies and quoted errors are compared with.
struct ICMPTargetAddress: Sendable {
    enum Storage: Sendable {
        case v4(sockaddr_in)
        case v6(sockaddr_in6)
    }

    let storage: Storage
    let text: String

    init?(_ address: SocketAddress) {
        switch address {
        case let .v4(a):
            var sa = a.address
            sa.sin_port = 0
            storage = .v4(sa)
        case let .v6(a):
            var sa = a.address
            sa.sin6_port = 0
            storage = .v6(sa)
        default:
            return nil
        }
        text = address.ipAddress ?? "\(address)"
    }

    var version: ICMPVersion {
        if case .v4 = storage { return .v4 }
        return .v6
    }

    var bytes: [UInt8] {
        switch storage {
        case let .v4(sa): withUnsafeBytes(of: sa.sin_addr) { Array($0) }
        case let .v6(sa): withUnsafeBytes(of: sa.sin6_addr) { Array($0) }
        }
    }

    func withSockAddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        switch storage {
        case var .v4(sa):
            withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case var .v6(sa):
            withUnsafePointer(to: &sa) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    /// The address bytes of a received datagram's source.
    static func bytes(of storage: sockaddr_storage) -> [UInt8] {
        let family = Int32(storage.ss_family)
        return withUnsafeBytes(of: storage) { raw in
            switch family {
            case AF_INET: Array(raw[4..<8])
            case AF_INET6: Array(raw[8..<24])
            default: []
            }
        }
    }
}
