import Foundation
import NetsightModel
import Prometheus
import Testing

@testable import NetsightServer

/// `/metrics` text of the probe series (``ProbeMetrics/emit(into:)``).
@Suite struct ProbeMetricsTests {
    static func text(_ m: ProbeMetrics) -> String {
        var buffer: [UInt8] = []
        m.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func rendersEachFamilyOnceWithEscapedLabels() {
        let m = ProbeMetrics(registry: PrometheusCollectorRegistry())
        #expect(Self.text(m).isEmpty, "no probe, no families")
        let tcp = ProbeSpec(
            id: "web-1", target: "x:1", options: .tcp, labels: ["site": "ldn \"east\"", "bad-name": "dropped"])
        let jitter = ProbeSpec(id: "voice", target: "y:1", options: .udpJitter(.init()))
        let t0 = Date(timeIntervalSince1970: 0)
        m.record(
            ProbeResult(
                probeID: "web-1", kind: .tcp, target: "x:1", startedAt: t0, success: true, sent: 2, received: 2,
                rtt: RTTSummary(minMicros: 1000, medianMicros: 1500, meanMicros: 1500, maxMicros: 2000, stddevMicros: 500)),
            spec: tcp, startErrorMicros: 300, skipped: 0)
        m.record(
            ProbeResult(
                probeID: "web-1", kind: .tcp, target: "x:1", startedAt: t0, success: false,
                failure: ProbeFailure(.refused, "connection refused"), sent: 2, received: 0),
            spec: tcp, startErrorMicros: 300, skipped: 2)
        let d = JitterSummary.Direction(received: 10, lost: 0, jitterMicros: 250)
        m.record(
            ProbeResult(
                probeID: "voice", kind: .udpJitter, target: "y:1", startedAt: t0, success: true, sent: 10, received: 10,
                jitter: JitterSummary(
                    sourceToDestination: d, destinationToSource: d, late: 0, outOfSequence: 0, codec: "G.711",
                    rating: 93, mos: 4.4, icpif: 0)),
            spec: jitter, startErrorMicros: 100, skipped: 0)
        m.reaction("web-1", "failed", raised: true)
        let text = Self.text(m)
        #expect(text.contains(#"netsight_probe_success{probe="web-1",kind="tcp",site="ldn \"east\""} 0"#), "\(text)")
        #expect(!text.contains("bad-name"))
        #expect(text.contains(#"netsight_probe_rtt_average_seconds{probe="web-1"} NaN"#))
        #expect(text.contains(#"netsight_probe_loss_ratio{probe="web-1"} 1"#))
        #expect(text.contains(#"netsight_probe_skipped_runs_total{probe="web-1"} 2"#))
        #expect(text.contains(#"netsight_probe_runs_total{probe="web-1",kind="tcp",result="ok"} 1"#))
        #expect(text.contains(#"netsight_probe_runs_total{probe="web-1",kind="tcp",result="refused"} 1"#))
        #expect(text.contains(#"netsight_probe_jitter_seconds{probe="voice"} 0.00025"#))
        #expect(text.contains(#"netsight_probe_mos{probe="voice"} 4.4"#))
        #expect(!text.contains(#"netsight_probe_mos{probe="web-1"}"#))
        #expect(text.contains(#"netsight_probe_reaction_raised{probe="web-1",reaction="failed"} 1"#))
        // One HELP and TYPE per family, whatever the number of probes.
        #expect(text.components(separatedBy: "# TYPE netsight_probe_success gauge").count == 2)
        #expect(text.components(separatedBy: "# TYPE netsight_probe_runs_total counter").count == 2)
    }
}
