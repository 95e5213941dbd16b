import FlowCodec
import Foundation
import NIOCore
import NetsightModel

/// Decodes flow datagrams on the event loop and hands enriched records to the ingest queue.
///
/// One handler per listening socket. It owns that socket's template cache (decoders
/// receive the cache, never own it), so no lock is needed: NIO calls it from one thread.
/// Records of one read burst (up to the vector-read count) go to the queue as one item,
/// so the queue's lock is taken once per burst, not once per datagram.
final class FlowDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let listener: String
    private var templates: TemplateCache
    private let enricher: FlowEnricher
    private let queue: IngestQueue
    private let metrics: FlowIngestMetrics
    private let now: @Sendable () -> UInt64
    private let activity: ReadActivity
    private var pending: [FlowRecord] = []
    private var pendingCounters: [InterfaceCounterSample] = []
    private var templatesDirty = false
    private var persistTask: RepeatedTask?
    /// Templates are written at most this often: refresh storms (many exporters resend
    /// templates every few seconds) must not turn into a JSON encode per datagram.
    static let persistInterval = TimeAmount.seconds(2)
    /// Templates an exporter has not sent for this long are dropped, so a cache fed by
    /// exporters that come and go (or by forged source IDs) does not grow without bound.
    /// A day is far beyond any refresh interval exporters use (minutes to an hour), so a
    /// live exporter never loses its templates to this.
    static let templateLifetimeMillis: UInt64 = 86_400_000
    /// How often expiry runs (it walks the whole cache).
    static let expiryEveryMillis: UInt64 = 600_000
    private var lastExpiryMillis: UInt64 = 0

    init(
        listener: String, templates: TemplateCache, enricher: FlowEnricher, queue: IngestQueue,
        metrics: FlowIngestMetrics, now: @escaping @Sendable () -> UInt64, activity: ReadActivity = ReadActivity()
    ) {
        self.activity = activity
        self.listener = listener
        self.templates = templates
        self.enricher = enricher
        self.queue = queue
        self.metrics = metrics
        self.now = now
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        persistTask = context.eventLoop.scheduleRepeatedTask(
            initialDelay: Self.persistInterval, delay: Self.persistInterval
        ) { _ in
            loopBound.value.expireTemplatesIfDue()
            loopBound.value.persistTemplatesIfDirty()
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        persistTask?.cancel()
        flush()
        persistTemplatesIfDirty()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        activity.markRead()
        let exporter = envelope.remoteAddress.netsightAddress ?? .zero
        let receivedAt = now()
        let buffer = envelope.data
        let result = buffer.withUnsafeReadableBytes { bytes in
            FlowDecoder.decode(
                bytes, exporter: exporter, receivedAtMillis: receivedAt, templates: &templates,
                samplingOverride: enricher.samplingOverride(for: exporter))
        }
        metrics.count(result, bytes: buffer.readableBytes)
        if result.templatesChanged { templatesDirty = true }
        if !result.records.isEmpty {
            var records = result.records
            enricher.enrich(&records)
            if pending.isEmpty { pending = records } else { pending.append(contentsOf: records) }
        }
        if !result.counters.isEmpty { pendingCounters.append(contentsOf: result.counters) }
        // Bound what one burst may hold before it goes to the queue.
        if pending.count >= 65_536 { flush() }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush()
    }

    private func flush() {
        if !pending.isEmpty {
            let n = pending.count
            if !queue.offer(.flows(pending, receivedAtMillis: now())) {
                metrics.queueDrops.increment(by: Int64(n))
            }
            pending = []
        }
        if !pendingCounters.isEmpty {
            if !queue.offer(.counters(pendingCounters)) {
                metrics.queueDrops.increment(by: Int64(pendingCounters.count))
            }
            pendingCounters = []
        }
    }

    private func expireTemplatesIfDue() {
        let t = now()
        guard t &- lastExpiryMillis >= Self.expiryEveryMillis else { return }
        lastExpiryMillis = t
        guard t > Self.templateLifetimeMillis else { return }
        if templates.expire(notSeenSince: t - Self.templateLifetimeMillis) > 0 { templatesDirty = true }
    }

    private func persistTemplatesIfDirty() {
        guard templatesDirty else { return }
        templatesDirty = false
        guard let blob = try? JSONEncoder().encode(templates) else { return }
        queue.offer(.templates(listener: listener, blob: [UInt8](blob)))
    }
}
