import Foundation
import NetsightModel

/// Runs one burst of one probe kind.
///
/// Conformers never throw and never hang: every failure (unresolvable, timeout, garbage)
/// is a `ProbeResult` with `success == false` and a `ProbeFailure`, and every wait is
/// bounded by the spec's timeout, so the scheduler can run thousands side by side.
public protocol Prober: Sendable {
    /// - Parameters:
    ///   - spec: what to probe; its `options` are of this prober's kind.
    ///   - scheduledAt: when the scheduler meant to start it, copied into the result.
    func run(_ spec: ProbeSpec, scheduledAt: Date?) async -> ProbeResult
}
