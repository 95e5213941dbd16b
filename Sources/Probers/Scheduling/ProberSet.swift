import Foundation
import NetsightModel

/// The prober for each kind, so the scheduler and the CLI run any spec the same way.
public struct ProberSet: Sendable {
    public var probers: [ProbeKind: any Prober]

    public init(_ probers: [ProbeKind: any Prober]) {
        self.probers = probers
    }

    /// Runs `spec` with the prober of its kind; a kind with no prober is a `.setup` failure.
    public func run(_ spec: ProbeSpec, scheduledAt: Date?) async -> ProbeResult {
        guard let prober = probers[spec.kind] else {
            return .failedBeforeSending(
                spec, scheduledAt: scheduledAt, startedAt: Date(),
                failure: ProbeFailure(.setup, "\(spec.kind.rawValue) probes are not available in this build"))
        }
        return await prober.run(spec, scheduledAt: scheduledAt)
    }
}
