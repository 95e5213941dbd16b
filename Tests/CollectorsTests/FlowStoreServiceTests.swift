import Foundation
import Logging
import NetsightModel
import Prometheus
import Storage
import Testing

@testable import Collectors

/// The writer turn: large bursts become blocks of their own and their arrays go back to the
/// receive path; the small bursts of one turn share one block; order and rollups are kept.
struct FlowStoreServiceTests {
    /// 2026-11-27T19:05:00Z.
    static let minute: UInt64 = 1_795_806_300_000

    static func burst(_ range: Range<Int>, buffer: [FlowRecord] = []) -> [FlowRecord] {
        var out = buffer
        for i in range {
            var r = FlowRecord()
            r.startMillis = minute + 1000
            r.endMillis = minute + 2000
            r.bytes = UInt64(i)
            r.packets = 1
            r.exporterName = "edge"
            out.append(r)
        }
        return out
    }

    @Test func largeBurstsWrittenAloneSmallOnesGatheredInOrder() throws {
        let dir = NSTemporaryDirectory() + "netsight-writer-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let queue = IngestQueue(capacity: 1_000_000)
        let writer = try FlowStoreWriter(directory: dir + "/flows")
        let metadata = try MetadataStore(path: dir + "/meta.sqlite")
        let service = FlowStoreService(
            queue: queue, writer: writer, metadata: metadata,
            metrics: FlowIngestMetrics(registry: PrometheusCollectorRegistry()),
            retention: .init(rawMillis: 365 * 86_400_000, rollupMillis: 365 * 86_400_000), logger: Logger(label: "test"),
            now: { Self.minute + 5000 })
        var loop = FlowStoreService.WriterLoop(service: service)

        let large = FlowStoreService.WriterLoop.directRecords
        // As the listener hands them over: a large burst in a receive buffer.
        let buffer = Self.burst(30..<(30 + large), buffer: queue.takeRecordBuffer())
        let storage = buffer.withUnsafeBufferPointer { $0.baseAddress }
        let items: [IngestItem] = [
            .flows(Self.burst(0..<10), receivedAtMillis: Self.minute + 3000),
            .flows(Self.burst(10..<30), receivedAtMillis: Self.minute + 3001),
            .flows(consume buffer, receivedAtMillis: Self.minute + 3002),
            .flows(Self.burst((30 + large)..<(35 + large)), receivedAtMillis: Self.minute + 3003),
        ]
        loop.handle(consume items)
        loop.flushAll(final: true)
        try writer.close()
        #expect(loop.written == UInt64(35 + large))
        #expect(queue.spareCount == 1, "the large burst's buffer went back to the receive path")
        let reused = queue.takeRecordBuffer()
        #expect(reused.isEmpty)
        #expect(reused.withUnsafeBufferPointer { $0.baseAddress } == storage, "its storage, not a copy")

        var blocks: [[UInt64]] = []
        _ = try FlowStoreReader(directory: dir + "/flows").scan(
            fromMillis: 0, toMillis: .max, fields: FlowFieldSet([FlowField.bytes])
        ) { records in blocks.append(records.map(\.bytes)) }
        #expect(blocks.map(\.count) == [30, large, 5])
        #expect(blocks.flatMap { $0 } == (0..<UInt64(35 + large)).map { $0 })

        let rollups = try metadata.rollups(fromMillis: 0, toMillis: .max)
        #expect(rollups.count == 1)
        #expect(rollups.first?.flows == UInt64(35 + large))
        #expect(rollups.first?.exporterName == "edge")
        #expect(rollups.first?.bytes == (0..<UInt64(35 + large)).reduce(0, +))
    }
}
