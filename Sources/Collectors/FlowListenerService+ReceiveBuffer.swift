import Logging
import NIOCore

extension FlowListenerService {
    /// Linux's SO_RCVBUFFORCE (33): SO_RCVBUF without the `net.core.rmem_max` cap, allowed
    /// with CAP_NET_ADMIN. Debian's default cap (208 KB, often raised only to a few MB)
    /// would otherwise silently shrink the buffer that absorbs export bursts.
    static let receiveBufferForce = ChannelOptions.Types.SocketOption(
        level: NIOBSDSocket.OptionLevel.socket, name: NIOBSDSocket.Option(rawValue: 33))

    /// Makes the socket's receive buffer at least `bytes`, past `net.core.rmem_max` where
    /// the process may, and returns the size the kernel reports (Linux reports twice what
    /// was set, as it counts its bookkeeping in the buffer).
    ///
    /// SO_RCVBUF (set at bind) is capped by `rmem_max`; when the kernel gave less than asked,
    /// SO_RCVBUFFORCE is tried. Without the capability that fails and the capped buffer
    /// stays: the caller logs the shortfall so the operator can raise `rmem_max`.
    static func enlargeReceiveBuffer(_ channel: any Channel, to bytes: Int) async -> Int? {
        let rcvbuf = ChannelOptions.socketOption(.so_rcvbuf)
        guard let first = try? await channel.getOption(rcvbuf).get() else { return nil }
        guard Int(first) < bytes else { return Int(first) }
        #if os(Linux)
        _ = try? await channel.setOption(receiveBufferForce, value: SocketOptionValue(bytes)).get()
        #endif
        guard let second = try? await channel.getOption(rcvbuf).get() else { return Int(first) }
        return Int(second)
    }

    /// Logs the receive buffer the socket got: a warning when it is below the configured size.
    func logReceiveBuffer(_ effective: Int?, logger: Logger) {
        let wanted = configuration.receiveBufferBytes
        guard let effective else { return }
        if effective < wanted {
            logger.warning(
                "flow socket receive buffer is smaller than configured: bursts may be dropped; raise net.core.rmem_max or grant CAP_NET_ADMIN",
                metadata: ["listener": "\(configuration.name)", "wanted_bytes": "\(wanted)", "got_bytes": "\(effective)"])
        } else {
            logger.info(
                "flow socket receive buffer",
                metadata: ["listener": "\(configuration.name)", "bytes": "\(effective)"])
        }
    }
}
