import NIOCore
import ProbeCodec

/// Answers UDP jitter requests: T2 stamped on receipt, T3 just before the write, both on
/// the realtime clock (the only clock a distant prober can relate to, for one-way delays
/// when clocks are trusted). Anything that is not a valid request is counted and dropped:
/// a responder must never be made to answer noise, nor crash on it.
final class UDPJitterResponderHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let counters: UDPJitterResponderCounters

    init(counters: UDPJitterResponderCounters) { self.counters = counters }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let received = MonotonicMicros.wallNow()
        let envelope = unwrapInboundIn(data)
        guard let request = try? UDPJitterPacket(decoding: envelope.data.readableBytesView), request.kind == .request
        else {
            counters.countRejected()
            return
        }
        var reply = request.reply(receivedMicros: received, sentMicros: 0)
        var buffer = context.channel.allocator.buffer(capacity: reply.size)
        reply.responderSentMicros = MonotonicMicros.wallNow()
        buffer.writeBytes(reply.encoded())
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)), promise: nil)
        counters.countAnswered()
    }

    /// A datagram socket stays usable after an error (an ICMP error for an earlier reply,
    /// a failed write): keep serving.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {}
}
