import NIOCore

/// The thin NIO adapter: hands each received datagram and its sender to the client.
final class SNMPDatagramHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let receive: @Sendable ([UInt8], SocketAddress) -> Void

    init(receive: @escaping @Sendable ([UInt8], SocketAddress) -> Void) {
        self.receive = receive
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        receive(Array(envelope.data.readableBytesView), envelope.remoteAddress)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable and similar surface here on some platforms; requests
        // time out on their own, so the socket stays open.
    }
}
