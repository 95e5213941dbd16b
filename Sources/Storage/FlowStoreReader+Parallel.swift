import Dispatch
import Foundation
import NetsightModel
import Analytics

extension FlowStoreReader {
    /// Like `scanColumns`, on `workers` threads: each worker takes the next unread segment
    /// (so a big minute does not leave the others idle) and feeds its blocks to its own
    /// `State`, made by `makeState`. The caller merges the states. Blocks reach `body` in
    /// no particular order, so it must not depend on order (sums and groupings do not).
    ///
    /// `body` runs on several threads at once, each time with a different `State`; it must
    /// not touch shared mutable state. The first error stops every worker and is rethrown.
    /// - Returns: every worker's state (in worker order) and the scan's combined stats.
    public func scanColumns<State>(
        fromMillis: UInt64, toMillis: UInt64, fields: FlowFieldSet, workers: Int,
        makeState: () -> State, _ body: (inout State, FlowColumnBatch) throws -> Void
    ) throws -> (states: [State], stats: FlowScanStats) {
        guard fromMillis <= toMillis else { return ([makeState()], FlowScanStats()) }
        let candidates = try segments(fromMillis: fromMillis, toMillis: toMillis)
        let n = max(1, min(workers, candidates.count))
        let wanted = fields.fields.map { Int($0.rawValue) }
        var states = (0..<n).map { _ in makeState() }
        var stats = [FlowScanStats](repeating: FlowScanStats(), count: n)
        let shared = ScanCursor()
        withoutActuallyEscaping(body) { body in
            states.withUnsafeMutableBufferPointer { statesBuffer in
                stats.withUnsafeMutableBufferPointer { statsBuffer in
                    // Each worker touches only its own slot of the two buffers, and `body`
                    // only with its own state (the contract above): no two threads share
                    // anything mutable but the cursor, which locks.
                    nonisolated(unsafe) let states = statesBuffer
                    nonisolated(unsafe) let stats = statsBuffer
                    nonisolated(unsafe) let body = body
                    let work = { @Sendable (w: Int) in
                        var buffers = ColumnBuffers()
                        defer { buffers.free() }
                        while let index = shared.next(limit: candidates.count) {
                            do {
                                try scanSegment(
                                    candidates[index], from: fromMillis, to: toMillis, wanted: wanted,
                                    buffers: &buffers, stats: &stats[w]
                                ) { batch in try body(&states[w], batch) }
                            } catch {
                                shared.fail(error)
                                return
                            }
                        }
                    }
                    if n == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: n, execute: work) }
                }
            }
        }
        if let error = shared.error { throw error }
        var total = FlowScanStats()
        for s in stats { total.merge(s) }
        return (states, total)
    }

    /// Worker threads for a query on this machine: one per core, at most `limit`.
    public static func defaultWorkers(limit: Int = 8) -> Int {
        max(1, min(limit, ProcessInfo.processInfo.activeProcessorCount))
    }
}

/// The next segment to scan, shared by the workers of one parallel scan, and the first
/// error any of them hit (which makes the others stop taking segments).
private final class ScanCursor: @unchecked Sendable {
    private let lock = NSLock()
    private var position = 0
    private(set) var error: (any Error)?

    func next(limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard error == nil, position < limit else { return nil }
        position += 1
        return position - 1
    }

    func fail(_ e: any Error) {
        lock.lock()
        defer { lock.unlock() }
        if error == nil { error = e }
    }
}
