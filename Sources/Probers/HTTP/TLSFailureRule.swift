import Foundation
import NetsightModel

/// Whether the TLS facts of a run fail it. Pure so each clause is unit-tested: the facts
/// are always measured, and only this rule (with `insecure`) decides what they mean.
public enum TLSFailureRule {
    /// - Parameters:
    ///   - leafNames: the names the leaf certificate is for, for the message.
    /// - Returns: nil when the facts pass; otherwise a `.tls` failure saying which fact.
    public static func failure(
        for tls: TLSSummary, host: String, leafNames: [String], insecure: Bool, minimumDays: Double?
    ) -> ProbeFailure? {
        guard !insecure else { return nil }
        if let days = tls.daysLeft, days < 0 {
            return ProbeFailure(.tls, "certificate expired \(String(format: "%.1f", -days)) days ago")
        }
        if !tls.chainVerified {
            return ProbeFailure(.tls, "certificate not trusted: \(tls.verificationError ?? "no path to a trusted root")")
        }
        if !tls.hostnameVerified {
            let names = leafNames.isEmpty ? "(no name)" : leafNames.map { "'\($0)'" }.joined(separator: ", ")
            return ProbeFailure(.tls, "certificate for \(names) does not match '\(host)'")
        }
        if let minimumDays, let days = tls.daysLeft, days < minimumDays {
            return ProbeFailure(
                .tls,
                "certificate expires in \(String(format: "%.1f", days)) days, fewer than the \(String(format: "%g", minimumDays)) required")
        }
        return nil
    }
}
