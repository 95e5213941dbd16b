import Logging
import NetsightModel
import ServiceLifecycle
import Storage

/// Drains the ingest queue into the flow segments and the SQLite metadata store.
///
/// The only task that writes to disk. It batches whatever arrived since its last turn into
/// one segment block, keeps per-minute rollups in memory and adds them to SQLite once a
/// second together with an fsync, so `kill -9` loses at most about one second of flows.
/// A failed write (full disk) is counted and retried next turn; the records wait in a
/// bounded retry buffer and only what overflows it is dropped, and counted.
public struct FlowStoreService: Service {
    public struct Retention: Sendable {
        /// How long raw flow segments are kept.
        public var rawMillis: UInt64
        /// How long per-minute rollups are kept.
        public var rollupMillis: UInt64
        public init(rawMillis: UInt64, rollupMillis: UInt64) {
            self.rawMillis = rawMillis
            self.rollupMillis = rollupMillis
        }
    }

    let queue: IngestQueue
    let writer: FlowStoreWriter
    let metadata: MetadataStore
    let metrics: FlowIngestMetrics
    let retention: Retention
    let logger: Logger
    let now: @Sendable () -> UInt64
    /// Most records held for retry after failed writes before new ones are dropped.
    let retryLimit: Int

    public init(
        queue: IngestQueue, writer: FlowStoreWriter, metadata: MetadataStore, metrics: FlowIngestMetrics,
        retention: Retention, logger: Logger, retryLimit: Int = 2_000_000,
        now: @escaping @Sendable () -> UInt64
    ) {
        self.queue = queue
        self.writer = writer
        self.metadata = metadata
        self.metrics = metrics
        self.retention = retention
        self.logger = logger
        self.retryLimit = retryLimit
        self.now = now
    }

    public func run() async throws {
        var state = WriterLoop(service: self)
        await withGracefulShutdownHandler {
            while let items = await queue.drain(timeout: .milliseconds(200)) {
                state.handle(items)
                metrics.queueDepth.set(Int64(queue.depth))
            }
            state.flushAll(final: true)
            try? writer.close()
            logger.info("flow store closed", metadata: ["written": "\(state.written)"])
        } onGracefulShutdown: {
            queue.finish()
        }
    }

    /// The mutable part of the loop, kept in one value so `run` stays readable.
    struct WriterLoop {
        let service: FlowStoreService
        var retry: [(records: [FlowRecord], receivedAt: UInt64)] = []
        var retryCount = 0
        var rollups: [FlowRollupKey: FlowRollupRow] = [:]
        var lastFlush: UInt64 = 0
        var lastRetention: UInt64 = 0
        var lastIdleRetry: UInt64 = 0
        var written: UInt64 = 0

        init(service: FlowStoreService) { self.service = service }

        mutating func handle(_ items: [IngestItem]) {
            var batch: [FlowRecord] = []
            var receivedAt: UInt64 = 0
            for item in items {
                switch item {
                case .flows(let records, let at):
                    if batch.isEmpty { batch = records } else { batch.append(contentsOf: records) }
                    receivedAt = max(receivedAt, at)
                case .counters(let samples):
                    do { try service.metadata.appendInterfaceCounters(samples) } catch {
                        service.metrics.storeErrors.increment()
                        service.logger.error("cannot store interface counters: \(error)")
                    }
                case .templates(let listener, let blob):
                    do { try service.metadata.saveTemplates(exporterKey: listener, blob: blob) } catch {
                        service.metrics.storeErrors.increment()
                        service.logger.error("cannot persist templates: \(error)")
                    }
                }
            }
            let t = service.now()
            if !batch.isEmpty {
                addRollups(batch)
                write(batch, receivedAt: receivedAt)
            } else if !retry.isEmpty, t &- lastIdleRetry >= 1000 {
                // No new flows, but some wait after a failed write (full disk): try them
                // again about once a second instead of holding them until traffic returns.
                lastIdleRetry = t
                write([], receivedAt: t)
            }
            if t &- lastFlush >= 1000 { flushAll(final: false) }
            if t &- lastRetention >= 60_000 { applyRetention(now: t) }
        }

        mutating func write(_ records: [FlowRecord], receivedAt: UInt64) {
            // Older batches that failed go first, so segments stay in arrival order.
            while !retry.isEmpty {
                let first = retry[0]
                guard append(first.records, receivedAt: first.receivedAt) else { break }
                retryCount -= first.records.count
                retry.removeFirst()
            }
            // One block per append: when a write fails part-way through a large batch, the
            // blocks already written are not written again by the retry.
            let step = FlowStoreWriter.maxRecordsPerBlock
            var offset = 0
            while offset < records.count {
                let end = min(offset + step, records.count)
                let chunk = records.count <= step ? records : Array(records[offset..<end])
                offset = end
                if retry.isEmpty, append(chunk, receivedAt: receivedAt) { continue }
                hold(chunk, receivedAt: receivedAt)
            }
        }

        /// Keeps records whose write failed for the next attempt, or drops and counts them
        /// when the retry buffer is full.
        private mutating func hold(_ records: [FlowRecord], receivedAt: UInt64) {
            if retryCount + records.count <= service.retryLimit {
                retry.append((records, receivedAt))
                retryCount += records.count
            } else {
                service.metrics.queueDrops.increment(by: Int64(records.count))
            }
        }

        private mutating func append(_ records: [FlowRecord], receivedAt: UInt64) -> Bool {
            let start = ContinuousClock.now
            do {
                try service.writer.append(records, receivedAtMillis: receivedAt)
                service.metrics.storeBatchSeconds.record(ContinuousClock.now - start)
                service.metrics.rowsWritten.increment(by: Int64(records.count))
                written += UInt64(records.count)
                return true
            } catch {
                service.metrics.storeErrors.increment()
                service.logger.error("cannot write flows, will retry: \(error)")
                return false
            }
        }

        mutating func addRollups(_ records: [FlowRecord]) {
            for r in records {
                let minute = r.endMillis / 60_000 * 60_000
                let key = FlowRollupKey(
                    minuteMillis: minute, exporterName: r.exporterName, inputInterface: r.inputInterface,
                    outputInterface: r.outputInterface, proto: r.proto, srcAS: r.srcAS, dstAS: r.dstAS,
                    srcSite: r.srcSite, dstSite: r.dstSite)
                rollups[key, default: key.emptyRow].add(r)
            }
        }

        mutating func flushAll(final: Bool) {
            lastFlush = service.now()
            if final, !retry.isEmpty { write([], receivedAt: lastFlush) }
            if !rollups.isEmpty {
                do {
                    try service.metadata.addRollup(Array(rollups.values))
                    rollups = [:]
                } catch {
                    service.metrics.storeErrors.increment()
                    service.logger.error("cannot store rollups, will retry: \(error)")
                }
            }
            do { try service.writer.flush() } catch {
                service.metrics.storeErrors.increment()
                service.logger.error("cannot flush flow segments: \(error)")
            }
        }

        mutating func applyRetention(now: UInt64) {
            lastRetention = now
            do {
                let n = try service.writer.deleteSegments(olderThanMillis: now &- service.retention.rawMillis)
                service.metrics.segmentsDeleted.increment(by: Int64(n))
                _ = try service.metadata.deleteRollups(olderThanMillis: now &- service.retention.rollupMillis)
            } catch {
                service.metrics.storeErrors.increment()
                service.logger.error("retention failed: \(error)")
            }
        }
    }
}

/// The dimensions per-minute rollups keep: the ones week-long top-N queries use.
struct FlowRollupKey: Hashable {
    var minuteMillis: UInt64
    var exporterName: String
    var inputInterface: UInt32
    var outputInterface: UInt32
    var proto: UInt8
    var srcAS: UInt32
    var dstAS: UInt32
    var srcSite: String
    var dstSite: String

    var emptyRow: FlowRollupRow {
        FlowRollupRow(
            minuteMillis: minuteMillis, exporterName: exporterName, inputInterface: inputInterface,
            outputInterface: outputInterface, proto: proto, srcAS: srcAS, dstAS: dstAS, srcSite: srcSite,
            dstSite: dstSite, bytes: 0, packets: 0, flows: 0)
    }
}

extension FlowRollupRow {
    mutating func add(_ r: FlowRecord) {
        bytes &+= r.bytes
        packets &+= r.packets
        flows &+= 1
    }
}
