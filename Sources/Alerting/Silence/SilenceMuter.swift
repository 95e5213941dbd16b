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
        // Only what the loop needs, so an iteration copies an id and a flag rather than a
        // whole `Silence`; the memo spares repeated regex matches (`MatcherMemo`).
        var active = silences.filter { $0.silence.status(at: now) == .active }.map {
            (id: $0.silence.id, untilResolved: $0.silence.untilResolved, matchers: MatcherMemo($0.matchers))
        }
        var hadFired: Set<String> = []
        var stillActive: Set<String> = []
        for index in result.indices {
            result[index].mutedBy.removeAll { $0.kind == .silence }
            let labels = result[index].labels
            let state = result[index].state
            let fired = result[index].firingSince != nil || state == .firing || state == .resolved
            for k in active.indices {
                guard active[k].matchers.matches(labels) else { continue }
                let id = active[k].id
                result[index].mutedBy.append(AlertMute(kind: .silence, id: id))
                guard active[k].untilResolved else { continue }
                if state == .pending || state == .firing { stillActive.insert(id) }
                if fired { hadFired.insert(id) }
            }
        }
        return (result, hadFired.subtracting(stillActive).sorted())
    }
}
