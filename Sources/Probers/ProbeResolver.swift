import Dispatch
import NIOCore
import NetsightModel
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Turns a probe's host into a socket address without ever blocking a Swift concurrency
/// thread: literals are parsed in place (the common case at scale, and free), names go to
/// getaddrinfo on a Dispatch queue, and the wait is bounded by `timeout` so a dead
/// resolver makes a "unresolvable: timeout" result instead of a stuck probe.
public enum ProbeResolver {
    /// - Throws: `ProbeFailure(.unresolvable, ...)`.
    public static func resolve(
        _ host: String, port: Int, family: ProbeAddressFamily = .any, timeout: Duration = .seconds(5)
    ) async throws(ProbeFailure) -> SocketAddress {
        if let literal = try? SocketAddress(ipAddress: host, port: port) {
            switch (family, literal.protocol) {
            case (.ipv4, .inet6):
                throw ProbeFailure(.unresolvable, "\(host) is an IPv6 address but IPv4 was asked for")
            case (.ipv6, .inet):
                throw ProbeFailure(.unresolvable, "\(host) is an IPv4 address but IPv6 was asked for")
            default: return literal
            }
        }
        let outcome: Result<SocketAddress, ProbeFailure> = await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout.dispatchInterval) {
                once.resume(.failure(ProbeFailure(.unresolvable, "resolving \(host): timeout after \(timeout.milliseconds) ms")))
            }
            DispatchQueue.global().async {
                once.resume(lookUp(host, port: port, family: family))
            }
        }
        return try outcome.get()
    }

    private static func lookUp(_ host: String, port: Int, family: ProbeAddressFamily) -> Result<SocketAddress, ProbeFailure> {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        switch family {
        case .any: hints.ai_family = AF_UNSPEC
        case .ipv4: hints.ai_family = AF_INET
        case .ipv6: hints.ai_family = AF_INET6
        }
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            let why = rc == 0 ? "no address" : String(cString: gai_strerror(rc))
            return .failure(ProbeFailure(.unresolvable, "cannot resolve \(host): \(why)"))
        }
        defer { freeaddrinfo(list) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let e = entry {
            if let sa = e.pointee.ai_addr {
                switch Int32(sa.pointee.sa_family) {
                case AF_INET:
                    let a = UnsafeRawPointer(sa).loadUnaligned(as: sockaddr_in.self)
                    return .success(SocketAddress(a, host: host))
                case AF_INET6:
                    let a = UnsafeRawPointer(sa).loadUnaligned(as: sockaddr_in6.self)
                    return .success(SocketAddress(a, host: host))
                default: break
                }
            }
            entry = e.pointee.ai_next
        }
        return .failure(ProbeFailure(.unresolvable, "cannot resolve \(host): no IPv4 or IPv6 address"))
    }
}

/// Resumes a continuation from whichever of two racing callbacks comes first.
final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, Never>?>

    init(_ continuation: CheckedContinuation<T, Never>) { self.continuation = Mutex(continuation) }

    func resume(_ value: T) {
        let c = continuation.withLock { c -> CheckedContinuation<T, Never>? in
            defer { c = nil }
            return c
        }
        c?.resume(returning: value)
    }
}

extension Duration {
    /// Whole milliseconds, for messages.
    public var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }

    /// Whole microseconds, for result fields.
    public var microseconds: Int64 {
        components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000
    }

    var dispatchInterval: DispatchTimeInterval { .microseconds(Int(microseconds)) }
}
