import FlowCodec
import Foundation
import NIOCore
import NetsightModel

/// Decodes flow datagrams on the event loop and hands enriched records to the ingest queue.
///
/// One handler per listening socket. It owns that socket's template cache (decoders
/// receive the cache, never own it), so no lock is needed: NIO calls it from one thread.
/// Records of one read burst (up to `readsPerWakeup` x the vector-read count datagrams,
/// joined by the reads of the next few milliseconds when it is small) go to the queue as
/// one item, so the queue's lock is taken once per burst, not once per datagram.
///
/// Every datagram of a burst is decoded straight into one records array taken from the
/// queue's recycled buffers, and enriched in place: no per-datagram array, no copy of the
/// records before the writer gets them. The clock is read once per read, not per datagram.
final class FlowDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let listener: String
    private var templates: TemplateCache
    private let enricher: FlowEnricher
    private let queue: IngestQueue
    private let metrics: FlowIngestMetrics
    private let now: @Sendable () -> UInt64
    private let activity: ReadActivity
    /// The burst being decoded: records and counters accumulate, errors and unknown
    /// templates are counted and cleared after each datagram.
    private var burst = FlowDecodeResult()
    /// Receive time of the current read, taken at its first datagram.
    private var burstMillis: UInt64?
    private var enrichMemo = FlowEnricher.Memo()
    /// The sampling override of the last datagram's source, looked up once per source.
    private var overrideSource: IPAddress?
    private var overrideRate: UInt32?
    /// A burst goes to the queue once it holds this many records, whatever the read loop
    /// does; the buffer keeps room for one more datagram beyond it.
    static let burstRecords = 8192
    /// A smaller burst is copied into an array of its own size, so a record buffer queued
    /// is at least half full: the queue's bound in records then bounds memory to twice the
    /// records (as the geometric growth of an appended array did before buffers were reused).
    static let copyBelowRecords = IngestQueue.recordBufferCapacity / 2
    /// A read that leaves fewer than `copyBelowRecords` records waits this long for later
    /// reads to join it: from about 500,000 flows/s up the records then reach the writer in
    /// bursts large enough to hand over uncopied, and the writer wakes far less often.
    /// Negligible next to the writer's one-second flush, so it adds nothing to what a crash
    /// can lose; a graceful stop hands over what is held (`handlerRemoved`).
    static let holdTime = TimeAmount.milliseconds(10)
    private var heldFlush: Scheduled<Void>?
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
        self.burst.records = queue.takeRecordBuffer()
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
        let exporter = envelope.remoteAddress.netsightAddress ?? .zero
        let receivedAt: UInt64
        if let t = burstMillis {
            receivedAt = t
        } else {
            receivedAt = now()
            burstMillis = receivedAt
        }
        if exporter != overrideSource {
            overrideSource = exporter
            overrideRate = enricher.samplingOverride(for: exporter)
        }
        let firstRecord = burst.records.count
        let firstCounter = burst.counters.count
        let buffer = envelope.data
        buffer.withUnsafeReadableBytes { bytes in
            FlowDecoder.decode(
                bytes, exporter: exporter, receivedAtMillis: receivedAt, templates: &templates,
                samplingOverride: overrideRate, into: &burst)
        }
        metrics.count(
            version: burst.version, records: burst.records.count - firstRecord,
            counters: burst.counters.count - firstCounter, errors: burst.errors,
            unknownTemplates: burst.unknownTemplates, bytes: buffer.readableBytes)
        if !burst.errors.isEmpty { burst.errors.removeAll(keepingCapacity: true) }
        if !burst.unknownTemplates.isEmpty { burst.unknownTemplates.removeAll() }
        if burst.templatesChanged {
            templatesDirty = true
            burst.templatesChanged = false
        }
        enricher.enrich(&burst.records, from: firstRecord, memo: &enrichMemo)
        if burst.records.count >= Self.burstRecords { flush() }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        activity.markRead()
        burstMillis = nil
        if burst.records.count >= Self.copyBelowRecords {
            flush()
            return
        }
        guard heldFlush == nil, !burst.records.isEmpty || !burst.counters.isEmpty else { return }
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        heldFlush = context.eventLoop.scheduleTask(in: Self.holdTime) {
            loopBound.value.heldFlush = nil
            loopBound.value.flush()
        }
    }

    private func flush() {
        heldFlush?.cancel()
        heldFlush = nil
        burstMillis = nil
        let n = burst.records.count
        if n > 0 {
            let records: [FlowRecord]
            if n >= Self.copyBelowRecords {
                records = burst.records
                burst.records = queue.takeRecordBuffer()
            } else {
                // An explicit copy: `Array(slice)` may share the large storage instead.
                var copy: [FlowRecord] = []
                copy.reserveCapacity(n)
                copy.append(contentsOf: burst.records)
                records = copy
                burst.records.removeAll(keepingCapacity: true)
            }
            if !queue.offer(.flows(records, receivedAtMillis: now())) {
                metrics.queueDrops.increment(by: Int64(n))
                queue.recycle(records)
            }
        }
        if !burst.counters.isEmpty {
            if !queue.offer(.counters(burst.counters)) {
                metrics.queueDrops.increment(by: Int64(burst.counters.count))
            }
            burst.counters = []
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
