import NIOCore

/// The prober socket's only handler: hands every datagram to the run. Thin by design; the
/// judging (token, sequence, lateness) is in `UDPJitterRunState`.
final class UDPJitterReplyHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let run: UDPJitterRun

    init(run: UDPJitterRun) { self.run = run }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        run.received(envelope.data.readableBytesView, from: Self.text(envelope.remoteAddress))
    }

    /// "127.0.0.1:5000" or "[::1]:5000", for messages.
    static func text(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress else { return "\(address)" }
        let port = address.port ?? 0
        return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// A datagram socket reports errors (ICMP port unreachable on some systems, a read
    /// error) without being broken: keep listening until the deadline.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
