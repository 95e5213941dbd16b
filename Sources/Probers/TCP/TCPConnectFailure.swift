import NIOCore
import NIOPosix
import NetsightModel

#if canImport(Glibc)
import Glibc
#endif

/// Turns what a NIO connect threw into a `ProbeFailure`. Pure, so the mapping is tested
/// without a network.
enum TCPConnectFailure {
    static func classify(_ error: any Error, timeout: Duration) -> ProbeFailure {
        if let error = error as? ChannelError, case .connectTimeout = error {
            return ProbeFailure(.timeout, "timeout after \(timeout.milliseconds) ms")
        }
        if let error = error as? IOError {
            return classify(errno: error.errnoCode, timeout: timeout)
        }
        if let error = error as? NIOConnectionError, let last = error.connectionErrors.last {
            return classify(last.error, timeout: timeout)
        }
        return ProbeFailure(.setup, "connect failed: \(error)")
    }

    static func classify(errno code: Int32, timeout: Duration) -> ProbeFailure {
        switch code {
        case ECONNREFUSED:
            return ProbeFailure(.refused, "connection refused")
        case ETIMEDOUT:
            return ProbeFailure(.timeout, "timeout after \(timeout.milliseconds) ms")
        case EHOSTUNREACH, ENETUNREACH, EHOSTDOWN, ENETDOWN, EADDRNOTAVAIL:
            return ProbeFailure(.unreachable, "connect: \(String(cString: strerror(code)))")
        default:
            return ProbeFailure(.setup, "connect: \(String(cString: strerror(code)))")
        }
    }
}
