import NetsightModel

/// A `LabelMatcher` ready to test label sets: the regex is compiled once, anchored at both
/// ends as Alertmanager and Prometheus do (`dev=~"sw-1"` does not match `sw-10`).
///
/// An absent label matches as the empty string, so `team!="net"` matches alerts with no
/// `team` label and `team=""` matches only those.
public struct CompiledMatcher: Sendable {
    public let matcher: LabelMatcher
    private let regex: RegexBox?

    /// - Throws: `MatcherError` naming the matcher when its regex does not compile.
    public init(_ matcher: LabelMatcher) throws(MatcherError) {
        self.matcher = matcher
        if matcher.isRegex {
            do {
                regex = RegexBox(try Regex(matcher.value))
            } catch {
                throw MatcherError("\(matcher): bad regex: \(error)")
            }
        } else {
            regex = nil
        }
    }

    public func matches(_ labels: LabelSet) -> Bool {
        matches(value: labels[matcher.name] ?? "")
    }

    public func matches(value: String) -> Bool {
        let equal: Bool
        if let regex {
            equal = (try? regex.regex.wholeMatch(in: value)) != nil
        } else {
            equal = value == matcher.value
        }
        return equal == matcher.isEqual
    }

    /// True when every matcher matches (an empty list matches everything).
    public static func all(_ matchers: [CompiledMatcher], match labels: LabelSet) -> Bool {
        matchers.allSatisfy { $0.matches(labels) }
    }
}

/// `Regex<AnyRegexOutput>` is not `Sendable`; a compiled regex is never mutated after
/// `init`, so sharing it between tasks is safe.
private final class RegexBox: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>
    init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
}

/// A matcher that cannot be used, with the reason in words.
public struct MatcherError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
