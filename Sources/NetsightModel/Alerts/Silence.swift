import Foundation

/// A silence in the shape of Alertmanager's v2 API, so scripts written for Alertmanager
/// keep working: `matchers`, `startsAt`, `endsAt`, `createdBy`, `comment`, and `id` /
/// `status` / `updatedAt` in answers.
///
/// Netsight adds `untilResolved`: the silence also ends once every alert it muted has
/// resolved, for "silence this until it is fixed" without guessing an end time.
public struct Silence: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable { case pending, active, expired }

    public var id: String
    public var matchers: [LabelMatcher]
    public var startsAt: Date
    public var endsAt: Date
    public var createdBy: String
    public var comment: String
    public var untilResolved: Bool
    public var updatedAt: Date

    public init(
        id: String, matchers: [LabelMatcher], startsAt: Date, endsAt: Date, createdBy: String, comment: String,
        untilResolved: Bool = false, updatedAt: Date
    ) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
        self.untilResolved = untilResolved
        self.updatedAt = updatedAt
    }

    public func status(at now: Date) -> Status {
        if now < startsAt { return .pending }
        return now < endsAt ? .active : .expired
    }
}
