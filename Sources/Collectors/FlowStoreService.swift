import Foundation
import Logging
import NetsightModel
import ServiceLifecycle
import Storage

/// Drains the ingest queue into the flow segments and the SQLite metadata store.
///
/// The only thread that writes to disk. Each large burst from a listener becomes one
/// segment block and the small bursts of one turn are gathered into one; it keeps
/// per-minute rollups in memory and adds them to SQLite once a second together with an
/// fsync, so `kill -9` loses at most about one second of flows.
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

    /// Runs the writer on a thread of its own until the queue is finished and drained.
    ///
    /// Its work is blocking disk I/O (pwrite, fsync, SQLite), which must not occupy one of
    /// the few threads of Swift's concurrency pool (two on a two-core host) that the HTTP
    /// server and everything else share.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    // Shown by `top -H` and in /proc, so the writer's CPU can be told apart
                    // (Foundation names the OS thread only from the thread itself).
                    Thread.current.name = "netsight-writer"
                    var state = WriterLoop(service: self)
                    while let items = queue.drainBlocking(timeout: .milliseconds(200)) {
                        // 200 ms without records: let a past burst's buffers go.
                        if items.isEmpty { queue.trimSpares() }
                        state.handle(items)
                        metrics.queueDepth.set(Int64(queue.depth))
                    }
                    state.flushAll(final: true)
                    try? writer.close()
                    logger.info("flow store closed", metadata: ["written": "\(state.written)"])
                    done.resume()
                }
                thread.start()
            }
        } onGracefulShutdown: {
            queue.finish()
        }
    }

    /// The mutable part of the loop, kept in one value so `run` stays readable.
    struct WriterLoop {
        let service: FlowStoreService
        var retry: [(records: [FlowRecord], receivedAt: UInt64)] = []
        var retryCount = 0
        var rollups = FlowRollupAccumulator()
        /// Small bursts gathered into one block (see `handle`); its storage is reused.
        var small: [FlowRecord] = []
        var smallReceivedAt: UInt64 = 0
        var lastFlush: UInt64 = 0
        var lastRetention: UInt64 = 0
        var lastIdleRetry: UInt64 = 0
        var written: UInt64 = 0

        init(service: FlowStoreService) { self.service = service }

        /// Bursts of at least this many records are written as blocks of their own, uncopied
        /// (copying every record once more cost the writer as much as encoding it); smaller
        /// ones that arrived in the same turn are gathered into one block.
        static let directRecords = 2048

        mutating func handle(_ items: consuming [IngestItem]) {
            var items = items
            // Popping from the end leaves each burst's array with one owner, so it can be
            // recycled (emptied with its storage kept) once written.
            items.reverse()
            var wroteFlows = false
            while let item = items.popLast() {
                switch consume item {
                case .flows(let records, let at):
                    wroteFlows = true
                    rollups.add(records)
                    if records.count >= Self.directRecords {
                        writeSmall()
                        if write(records, receivedAt: at) { service.queue.recycle(consume records) }
                    } else {
                        if small.isEmpty { small.reserveCapacity(2 * Self.directRecords) }
                        small.append(contentsOf: records)
                        smallReceivedAt = max(smallReceivedAt, at)
                        if small.count >= Self.directRecords { writeSmall() }
                    }
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
            writeSmall()
            let t = service.now()
            if !wroteFlows, !retry.isEmpty, t &- lastIdleRetry >= 1000 {
                // No new flows, but some wait after a failed write (full disk): try them
                // again about once a second instead of holding them until traffic returns.
                lastIdleRetry = t
                write([], receivedAt: t)
            }
            if t &- lastFlush >= 1000 { flushAll(final: false) }
            if t &- lastRetention >= 60_000 { applyRetention(now: t) }
        }

        /// Writes the gathered small bursts, if any, and empties the buffer for reuse.
        private mutating func writeSmall() {
            guard !small.isEmpty else { return }
            write(small, receivedAt: smallReceivedAt)
            // Held for retry: the retry keeps this storage and `small` gets a new one.
            small.removeAll(keepingCapacity: true)
            smallReceivedAt = 0
        }

        /// Writes `records` (after any held for retry); returns false when some of them were
        /// held for retry or dropped instead.
        @discardableResult
        mutating func write(_ records: [FlowRecord], receivedAt: UInt64) -> Bool {
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
            var written = true
            while offset < records.count {
                let end = min(offset + step, records.count)
                let chunk = records.count <= step ? records : Array(records[offset..<end])
                offset = end
                if retry.isEmpty, append(chunk, receivedAt: receivedAt) { continue }
                hold(chunk, receivedAt: receivedAt)
                written = false
            }
            return written
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

        mutating func flushAll(final: Bool) {
            lastFlush = service.now()
            if final, !retry.isEmpty { write([], receivedAt: lastFlush) }
            if !rollups.isEmpty {
                do {
                    try service.metadata.addRollup(rollups.rows)
                    rollups.removeAll()
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
