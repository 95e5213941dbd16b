import Foundation
import NetsightModel

/// Marks alerts muted by active silences (`mutedBy`, kind `.silence`), keeping them
/// visible, and says which "until resolved" silences have done their job.
///
/// A silence whose matchers do not compile is skipped: `SilenceValidator` refuses those
/// before they are stored, so one can only come from a hand-edited store, and muting
/// nothing is the safe failure (an alert still gets through).
public struct SilenceMuter: Sendable {
    private let silences: [(silence: Silence, matchers: [CompiledMatcher])]

    public init(silences: [Silence]) {
        self.silences = silences.compactMap { silence in
            do {
                return (silence, try silence.matchers.map { matcher throws(MatcherError) in try CompiledMatcher(matcher) })
            } catch {
                return nil
            }
        }
    }

    /// The alerts with their silence mutes recomputed for `now`, and the ids of
    /// `untilResolved` silences to expire now: active ones that matched an alert that had
    /// fired, with none of their alerts still pending or firing.
    public func apply(_ alerts: [Alert], at now: Date) -> (alerts: [Alert], expire: [String]) {
        var result = alerts
        let active = silences.filter { $0.silence.status(at: now) == .active }
        var hadFired: Set<String> = []
        var stillActive: Set<String> = []
        for index in result.indices {
            result[index].mutedBy.removeAll { $0.kind == .silence }
            let alert = result[index]
            for entry in active where CompiledMatcher.all(entry.matchers, match: alert.labels) {
                result[index].mutedBy.append(AlertMute(kind: .silence, id: entry.silence.id))
                guard entry.silence.untilResolved else { continue }
                if alert.state == .pending || alert.state == .firing { stillActive.insert(entry.silence.id) }
                if alert.firingSince != nil || alert.state == .firing || alert.state == .resolved {
                    hadFired.insert(entry.silence.id)
                }
            }
        }
        return (result, hadFired.subtracting(stillActive).sorted())
    }
}
