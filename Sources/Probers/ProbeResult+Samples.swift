import Analytics
import Foundation
import NetsightModel

extension ProbeResult {
    /// A result whose counts and RTT statistics come from a burst's samples: the one place
    /// every prober turns `ProbeSample`s into the stored summary, so ICMP, TCP and DNS
    /// report loss, duplicates and ordering the same way.
    public init(
        spec: ProbeSpec, address: String?, scheduledAt: Date?, startedAt: Date, durationMicros: Int64,
        samples: [ProbeSample], success: Bool, failure: ProbeFailure?
    ) {
        let stats = ProbeRoundTripStats(samples: samples)
        self.init(
            probeID: spec.id, kind: spec.kind, target: spec.target, address: address, scheduledAt: scheduledAt,
            startedAt: startedAt, durationMicros: durationMicros, success: success, failure: failure,
            sent: stats.sent, received: stats.received, duplicates: stats.duplicates, outOfOrder: stats.outOfOrder,
            samplesMicros: samples.sorted { $0.sequence < $1.sequence }.map(\.roundTripMicros),
            rtt: RTTSummary(stats))
    }

    /// A run that failed before sending anything (unresolvable name, bad option).
    public static func failedBeforeSending(
        _ spec: ProbeSpec, scheduledAt: Date?, startedAt: Date, failure: ProbeFailure, address: String? = nil
    ) -> ProbeResult {
        ProbeResult(
            probeID: spec.id, kind: spec.kind, target: spec.target, address: address, scheduledAt: scheduledAt,
            startedAt: startedAt, durationMicros: Int64(Date().timeIntervalSince(startedAt) * 1e6), success: false,
            failure: failure)
    }
}

extension RTTSummary {
    /// nil when nothing came back.
    public init?(_ stats: ProbeRoundTripStats) {
        guard let minimum = stats.minMicros, let maximum = stats.maxMicros, let median = stats.medianMicros,
            let mean = stats.meanMicros
        else { return nil }
        self.init(
            minMicros: Double(minimum), medianMicros: median, meanMicros: mean, maxMicros: Double(maximum),
            stddevMicros: stats.standardDeviationMicros ?? 0)
    }
}
