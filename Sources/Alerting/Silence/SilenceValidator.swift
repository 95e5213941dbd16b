import Foundation
import NetsightModel

/// Checks a silence before it is stored, as Alertmanager's API does: it must have an
/// author and a comment, end after it starts, and select something narrower than
/// "everything".
public enum SilenceValidator {
    public static func validate(_ silence: Silence) throws(AlertValidationError) {
        try MatcherListValidator.validate(silence.matchers)
        if silence.endsAt <= silence.startsAt {
            throw AlertValidationError(field: "endsAt", problem: "must be after startsAt")
        }
        if silence.createdBy.trimmingCharacters(in: .whitespaces).isEmpty {
            throw AlertValidationError(field: "createdBy", problem: "required")
        }
        if silence.comment.trimmingCharacters(in: .whitespaces).isEmpty {
            throw AlertValidationError(field: "comment", problem: "required")
        }
    }
}

extension Silence {
    /// How many of `alerts` (pending, firing or resolved, muted or not) this silence's
    /// matchers select: 0 is worth a warning ("did you mean `site="ldn"`?"), as a silence
    /// that matches nothing mutes nothing until an alert with those labels starts.
    public func matchCount(in alerts: [Alert]) -> Int {
        guard let compiled = try? matchers.map({ matcher throws(MatcherError) in try CompiledMatcher(matcher) }) else { return 0 }
        return alerts.count { CompiledMatcher.all(compiled, match: $0.labels) }
    }
}
