import Logging
import NIOCore
import NetsightModel

/// The NIO adapter around `TrapReceiver`: one datagram in, an event to the sink and
/// perhaps one datagram (inform acknowledgement or Report) back to its source.
final class TrapDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let receiver: TrapReceiver
    private let sink: TrapEventSink
    private let metrics: TrapMetrics
    private let logger: Logger
    private let now: @Sendable () -> UInt64
    private var pendingWrites = false

    init(receiver: TrapReceiver, sink: TrapEventSink, metrics: TrapMetrics, logger: Logger, now: @escaping @Sendable () -> UInt64) {
        self.receiver = receiver
        self.sink = sink
        self.metrics = metrics
        self.logger = logger
        self.now = now
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let source = envelope.remoteAddress.netsightAddress ?? .zero
        let receipt = receiver.receive(Array(envelope.data.readableBytesView), from: source, now: now())
        metrics.count(receipt)
        if let event = receipt.event, !sink.offer(event) { metrics.dropped.increment() }
        if let error = receipt.error {
            // Debug, not warning: a scanner or a misconfigured agent would flood the log;
            // the counters say how often and why.
            logger.debug("trap refused", metadata: ["source": "\(source)", "reason": "\(error)", "detail": "\(receipt.detail ?? "")"])
        }
        if let reply = receipt.reply {
            let buffer = context.channel.allocator.buffer(bytes: reply.bytes)
            context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)), promise: nil)
            pendingWrites = true
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if pendingWrites {
            pendingWrites = false
            context.flush()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // An ICMP port-unreachable after a reply, or a read error: never close the socket.
        logger.debug("trap socket error", metadata: ["error": "\(error)"])
    }
}
