import NetsightModel
import Storage
import Testing

@testable import Collectors

/// Per-minute rollups keyed by interned label strings give the same rows as keying by the
/// strings themselves.
struct FlowRollupAccumulatorTests {
    static func record(
        minute: UInt64, exporter: String, src: String = "", dst: String = "", inIf: UInt32 = 1, proto: UInt8 = 6,
        bytes: UInt64
    ) -> FlowRecord {
        var r = FlowRecord()
        r.endMillis = minute * 60_000 + 59_999
        r.exporterName = exporter
        r.srcSite = src
        r.dstSite = dst
        r.inputInterface = inIf
        r.proto = proto
        r.bytes = bytes
        r.packets = 1
        return r
    }

    /// Rows as comparable tuples, sorted.
    static func summary(_ rows: [FlowRollupRow]) -> [String] {
        rows.map { r in
            var s = "\(r.minuteMillis / 60_000) \(r.exporterName)|\(r.srcSite)|\(r.dstSite) if\(r.inputInterface) p\(r.proto)"
            if r.outputInterface != 0 || r.srcAS != 0 || r.dstAS != 0 { s += " out\(r.outputInterface) as\(r.srcAS)-\(r.dstAS)" }
            return s + " b\(r.bytes) n\(r.packets) f\(r.flows)"
        }.sorted()
    }

    /// Thousands of keys (the table grows several times), checked against plain
    /// dictionary sums; and again after `removeAll`, which keeps the grown table.
    @Test func manyKeysSumLikeADictionary() {
        var acc = FlowRollupAccumulator()
        var generator = SystemRandomNumberGenerator()
        for round in 0..<2 {
            var expected: [String: (UInt64, UInt64)] = [:]
            var batch: [FlowRecord] = []
            for i in 0..<50_000 {
                var r = Self.record(
                    minute: UInt64(i % 7), exporter: "e\(i % 3)", src: i % 5 == 0 ? "s" : "",
                    inIf: UInt32.random(in: 0..<400, using: &generator), proto: UInt8(i % 2 == 0 ? 6 : 17),
                    bytes: UInt64(i))
                r.packets = UInt64(round + 1)
                batch.append(r)
                let k = "\(i % 7) \(r.exporterName)|\(r.srcSite)| if\(r.inputInterface) p\(r.proto)"
                let old = expected[k] ?? (0, 0)
                expected[k] = (old.0 + r.bytes, old.1 + 1)
                if batch.count == 1000 {
                    acc.add(batch)
                    batch = []
                }
            }
            let rows = acc.rows
            #expect(rows.count == expected.count)
            for r in rows {
                let k = "\(r.minuteMillis / 60_000) \(r.exporterName)|\(r.srcSite)| if\(r.inputInterface) p\(r.proto)"
                #expect(expected[k]?.0 == r.bytes && expected[k]?.1 == r.flows, "\(k)")
                #expect(r.packets == r.flows * UInt64(round + 1))
            }
            acc.removeAll()
            #expect(acc.isEmpty)
        }
        // After a large second, a small one still sums right in the shrunk table.
        acc.add([Self.record(minute: 9, exporter: "x", bytes: 5), Self.record(minute: 9, exporter: "x", bytes: 6)])
        acc.removeAll()
        acc.add([Self.record(minute: 9, exporter: "x", bytes: 7)])
        #expect(Self.summary(acc.rows) == ["9 x|| if1 p6 b7 n1 f1"])
    }

    /// Every key field survives the packing into words, at its largest value too.
    @Test func keepsEveryKeyFieldAtItsWidth() {
        var acc = FlowRollupAccumulator()
        var r = Self.record(minute: 4, exporter: "e", inIf: .max, proto: .max, bytes: 1)
        r.outputInterface = .max - 1
        r.srcAS = .max - 2
        r.dstAS = .max - 3
        var other = r
        other.dstAS = .max
        acc.add([r, other, r])
        #expect(Self.summary(acc.rows) == [
            "4 e|| if4294967295 p255 out4294967294 as4294967293-4294967292 b2 n2 f2",
            "4 e|| if4294967295 p255 out4294967294 as4294967293-4294967295 b1 n1 f1",
        ])
    }

    @Test func sumsByMinuteLabelsAndFields() {
        var acc = FlowRollupAccumulator()
        #expect(acc.isEmpty)
        // Label changes inside a batch, back and forth, and strings equal in value but not
        // in storage must all land on the right rows.
        let ldn = String("ld" + "n")
        acc.add([
            Self.record(minute: 1, exporter: "edge", src: "ldn", bytes: 10),
            Self.record(minute: 1, exporter: "edge", src: ldn, bytes: 5),
            Self.record(minute: 1, exporter: "edge", src: "par", bytes: 7),
            Self.record(minute: 1, exporter: "edge", src: "ldn", bytes: 1),
            Self.record(minute: 2, exporter: "edge", src: "ldn", bytes: 100),
            Self.record(minute: 1, exporter: "core", src: "ldn", bytes: 3),
            Self.record(minute: 1, exporter: "edge", src: "ldn", inIf: 2, bytes: 4),
            Self.record(minute: 1, exporter: "edge", src: "ldn", proto: 17, bytes: 2),
            Self.record(minute: 1, exporter: "edge", dst: "ldn", bytes: 9),
        ])
        acc.add([Self.record(minute: 1, exporter: "edge", src: "ldn", bytes: 1000)])
        #expect(Self.summary(acc.rows) == [
            "1 core|ldn| if1 p6 b3 n1 f1",
            "1 edge|ldn| if1 p17 b2 n1 f1",
            "1 edge|ldn| if1 p6 b1016 n4 f4",
            "1 edge|ldn| if2 p6 b4 n1 f1",
            "1 edge|par| if1 p6 b7 n1 f1",
            "1 edge||ldn if1 p6 b9 n1 f1",
            "2 edge|ldn| if1 p6 b100 n1 f1",
        ])
        acc.removeAll()
        #expect(acc.isEmpty && acc.rows.isEmpty)
        acc.add([Self.record(minute: 3, exporter: "x", bytes: 1)])
        #expect(Self.summary(acc.rows) == ["3 x|| if1 p6 b1 n1 f1"])
    }
}
