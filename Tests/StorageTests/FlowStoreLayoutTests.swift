import Foundation
import NetsightModel
import Testing

@testable import Storage

@Suite struct FlowStoreLayoutTests {
    @Test func rotatesByReceiveMinuteAndDay() throws {
        let dir = try TemporaryDirectory()
        let writer = try FlowStoreWriter(directory: dir.path, writerID: "c-1")
        let nextDay = baseMinute - (19 * 60 + 5) * 60_000 + 86_400_000
        try writer.append([sampleRecord(1)], receivedAtMillis: baseMinute + 10_000)
        try writer.append([sampleRecord(2)], receivedAtMillis: baseMinute + 50_000)
        #expect(writer.currentSegmentPath == dir.path + "/2026-11-27/1905-c-1.nsf.open")
        try writer.append([sampleRecord(3)], receivedAtMillis: baseMinute + 61_000)
        try writer.append([sampleRecord(4)], receivedAtMillis: nextDay - 30_000)
        try writer.append([sampleRecord(5)], receivedAtMillis: nextDay + 10_000)
        #expect(try dir.segmentFiles(dir.path) == [
            "2026-11-27/1905-c-1.nsf", "2026-11-27/1906-c-1.nsf", "2026-11-27/2359-c-1.nsf",
            "2026-11-28/0000-c-1.nsf.open",
        ])
        try writer.close()
        #expect(try dir.segmentFiles(dir.path).last == "2026-11-28/0000-c-1.nsf")
        let (read, stats) = try readAll(dir.path)
        #expect(read.map(\.srcPort) == (1...5).map { sampleRecord($0).srcPort })
        #expect(stats.segments == 4)
        #expect(stats.blocksRead == 5)
    }

    @Test func sameMinuteAfterRestartAppendsToSealedSegment() throws {
        let dir = try TemporaryDirectory()
        do {
            let writer = try FlowStoreWriter(directory: dir.path)
            try writer.append([sampleRecord(1)], receivedAtMillis: baseMinute)
            try writer.close()
        }
        let writer = try FlowStoreWriter(directory: dir.path)
        try writer.append([sampleRecord(2)], receivedAtMillis: baseMinute + 30_000)
        try writer.close()
        #expect(try dir.segmentFiles(dir.path) == ["2026-11-27/1905-0.nsf"])
        #expect(try readAll(dir.path).0 == [sampleRecord(1), sampleRecord(2)])
    }

    @Test func windowPrunesSegmentsByNameAndBlocksByHeader() throws {
        let dir = try TemporaryDirectory()
        let writer = try FlowStoreWriter(directory: dir.path)
        // Flows last 1 s and are received as they end, at minutes 0, 10 and 20.
        for m in [0, 10, 20] {
            let t = baseMinute + UInt64(m) * 60_000
            try writer.append((0..<5).map { sampleRecord($0, startMillis: t + 1_000) }, receivedAtMillis: t + 2_000)
        }
        try writer.close()
        let from = baseMinute + 9 * 60_000, to = baseMinute + 11 * 60_000

        var got: [FlowRecord] = []
        let stats = try FlowStoreReader(directory: dir.path).scan(fromMillis: from, toMillis: to, fields: FlowFieldSet([.startMillis])) {
            got += $0
        }
        #expect(got.count == 5)
        #expect(got.allSatisfy { $0.startMillis >= from && $0.startMillis <= to })
        // Minute 0 is skipped by name; minute 20 is within the default 1 h flow duration, so
        // opened, but its block is skipped by its header.
        #expect(stats.segments == 2)
        #expect(stats.blocksRead == 1)
        #expect(stats.blocksSkipped == 1)

        let tight = FlowStoreReader(directory: dir.path, maxFlowDurationMillis: 5 * 60_000, maxClockSkewMillis: 0)
        let tightStats = try tight.scan(fromMillis: from, toMillis: to, fields: FlowFieldSet([.startMillis])) { _ in }
        #expect(tightStats.segments == 1)
        #expect(tightStats.records == 5)

        // Nothing overlaps a window after the last flow.
        let empty = try FlowStoreReader(directory: dir.path).scan(
            fromMillis: baseMinute + 30 * 60_000, toMillis: baseMinute + 40 * 60_000, fields: .all
        ) { _ in Issue.record("nothing overlaps") }
        #expect(empty.records == 0)
    }

    @Test func retentionDeletesWholeSegmentsAndEmptyDays() throws {
        let dir = try TemporaryDirectory()
        let writer = try FlowStoreWriter(directory: dir.path)
        let nextDay = baseMinute - (19 * 60 + 5) * 60_000 + 86_400_000
        for t in [baseMinute, baseMinute + 60_000, nextDay, nextDay + 5 * 60_000, nextDay + 9 * 60_000] {
            try writer.append([sampleRecord(0)], receivedAtMillis: t)
        }
        // Cut-off inside minute 5 of the next day: that minute is kept (not all received before).
        let deleted = try writer.deleteSegments(olderThanMillis: nextDay + 5 * 60_000 + 30_000)
        #expect(deleted == 3)
        #expect(try dir.segmentFiles(dir.path) == ["2026-11-28/0005-0.nsf", "2026-11-28/0009-0.nsf.open"])
        // The open segment survives even a cut-off past it, and keeps accepting flows.
        #expect(try writer.deleteSegments(olderThanMillis: .max) == 1)
        try writer.append([sampleRecord(1)], receivedAtMillis: nextDay + 9 * 60_000)
        try writer.close()
        #expect(try readAll(dir.path).0.count == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/2026-11-27"))
    }

    @Test(arguments: [
        (2026, 11, 27, "2026-11-27"), (1970, 1, 1, "1970-01-01"), (2000, 2, 29, "2000-02-29"),
        (2100, 3, 1, "2100-03-01"), (2024, 12, 31, "2024-12-31"),
    ])
    func dayDirectoryNames(_ y: Int, _ m: Int, _ d: Int, _ name: String) {
        let millis = UInt64(CivilDate.days(year: y, month: m, day: d)) * 86_400_000
        #expect(SegmentName.dayDirectory(millis + 86_399_999) == name)
        #expect(SegmentName.parseDay(name) == millis)
    }

    @Test(arguments: [
        ("1905-0.nsf", SegmentName.Parsed(minuteOfDay: 1145, writerID: "0", sealed: true)),
        ("0000-c-1.nsf.open", SegmentName.Parsed(minuteOfDay: 0, writerID: "c-1", sealed: false)),
        ("2460-0.nsf", nil), ("1905.nsf", nil), ("1905-0.txt", nil),
    ])
    func fileNames(_ name: String, _ parsed: SegmentName.Parsed?) {
        #expect(SegmentName.parseFile(name) == parsed)
    }
}
