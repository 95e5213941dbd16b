@testable import Analytics
import Foundation
import NetsightModel
import Testing

struct ProbeResultReportTests {
    @Test func convertsUnitsAndOmitsAbsentSections() throws {
        let r = ProbeResult(
            probeID: "ldn-core", kind: .icmp, target: "core-1", address: "192.0.2.1",
            startedAt: Date(timeIntervalSince1970: 1_796_012_345.25), durationMicros: 4_001_500, success: true, sent: 4,
            received: 3, samplesMicros: [1500, nil, 2250, 1001],
            rtt: RTTSummary(minMicros: 1001, medianMicros: 1500, meanMicros: 1583.67, maxMicros: 2250, stddevMicros: 512.4))
        let report = ProbeResultReport(r)
        #expect(report.startedAt == "2026-11-30T04:19:05.250Z")
        #expect(report.durationMs == 4001.5)
        #expect(report.lossPercent == 25)
        #expect(report.samplesMs == [1.5, nil, 2.25, 1.001])
        #expect(report.rtt == .init(minMs: 1.001, medianMs: 1.5, avgMs: 1.584, maxMs: 2.25, stddevMs: 0.512))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(report), as: UTF8.self)
        #expect(!json.contains("\"jitter\"") && !json.contains("\"failure\"") && !json.contains("\"scheduledAt\""))
        #expect(json.contains("\"samplesMs\":[1.5,null,2.25,1.001]"))
    }
}
