import NIOCore
import NetsightModel

extension SocketAddress {
    /// The address as Netsight's `IPAddress`, or nil for a Unix socket.
    var netsightAddress: IPAddress? {
        switch self {
        case .v4(let a):
            return IPAddress(ipv4: UInt32(bigEndian: a.address.sin_addr.s_addr))
        case .v6(let a):
            var raw = a.address.sin6_addr
            return withUnsafeBytes(of: &raw) { IPAddress(ipv6: $0) }
        case .unixDomainSocket:
            return nil
        }
    }
}
