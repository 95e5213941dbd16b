import Foundation
import NetsightModel

/// Routes alerts, groups them and decides which notifications go out now: Alertmanager's
/// dispatcher, aggregation groups and notification log in one pure state machine.
///
/// - Each alert takes the first route whose matchers match, and the next ones while the
///   matched route says `continue`. A route whose regex does not compile matches nothing
///   (config validation refuses it before it gets here).
/// - Only firing and resolved alerts that are neither muted nor suppressed are notified; a
///   symptom travels inside its root's `impact`, and the group's identity compares ids only,
///   so a change in a root's impact alone sends nothing.
/// - Groups are keyed by route (its name, else its position) and `groupBy` labels. The
///   `rootcause` label is the alert's own id when it is the root of other alerts (its
///   symptoms travel inside it), and absent otherwise: an incident with a known root cause
///   is a group of its own, and independent faults group by the other labels (by default,
///   their site). A root keeps its incident's group until that group is told it resolved,
///   even after its impact is gone; a notified fault that becomes a root moves there, and
///   that is told (the news is the root cause), while its old group drops it quietly.
/// - A group not yet notified waits `groupWait`, counted from when its earliest firing
///   member first waited in any group of that receiver: an alert that changes group (a
///   fault that turns out to be the root of others) neither waits again nor is told twice
///   while it waits. A change waits `groupInterval` after the previous message; an
///   unchanged firing group repeats after `repeatInterval` unless every firing alert is
///   acknowledged.
/// - The notification log is the memory: what each receiver was told per group. Content
///   equal to the log is never sent again, also after a restart (`init(routes:log:)`
///   rebuilds from it; only group-wait timers restart). A resolution goes only to receivers
///   whose log has the alert firing.
/// - An alert in the log's firing set that is now muted, or became a symptom, or no longer
///   belongs to the group, is dropped from the log without a message, so its resolution is
///   never announced (Alertmanager #891). An id the input no longer has is kept: nothing is
///   known about it.
/// - A flapping alert gets one `.flapping` message when it starts, nothing while it flaps
///   (the log keeps what the receiver was told before), and one `.flapSettled` when it
///   stops, which also tells the receiver whether it settled firing or resolved.
public struct AlertDispatcher: Sendable {
    private struct Route: Sendable {
        var spec: AlertRouteSpec
        var matchers: [CompiledMatcher]?
    }

    private struct GroupID: Hashable, Comparable {
        var receiver: String
        var groupKey: String
        static func < (a: GroupID, b: GroupID) -> Bool { (a.receiver, a.groupKey) < (b.receiver, b.groupKey) }
    }

    private struct Bucket {
        var route: Int
        var groupLabels: LabelSet
        var alerts: [Alert] = []
    }

    private struct MemberID: Hashable {
        var receiver: String
        var alertID: String
    }

    private let routes: [Route]
    private var log: [GroupID: NotificationLogEntry] = [:]
    /// When each firing alert first waited in a group of each receiver (for `groupWait`);
    /// kept while it fires, whichever group it is in.
    private var firstSeen: [MemberID: Date] = [:]

    public init(routes: [AlertRouteSpec], log: [NotificationLogEntry]) {
        self.routes = routes.map { spec in
            Route(spec: spec, matchers: try? spec.matchers.map { matcher throws(MatcherError) in try CompiledMatcher(matcher) })
        }
        for entry in log { self.log[GroupID(receiver: entry.receiver, groupKey: entry.groupKey)] = entry }
    }

    /// The log as it stands, sorted by receiver and group: persist it after each `process`.
    public var logEntries: [NotificationLogEntry] {
        log.sorted { $0.key < $1.key }.map(\.value)
    }

    public mutating func process(_ alerts: [Alert], at now: Date) -> [AlertNotification] {
        var byID: [String: Alert] = [:]
        byID.reserveCapacity(alerts.count)
        var buckets: [GroupID: Bucket] = [:]
        // A series that flaps under a `for` never fires, yet it is the news: flapping alerts
        // take part in whatever state they are, and so do those a receiver was told are
        // flapping, until their settled message is sent.
        var toldFlapping: Set<String> = []
        for entry in log.values where !entry.flapping.isEmpty { toldFlapping.formUnion(entry.flapping) }
        for alert in alerts {
            byID[alert.id] = alert
            guard alert.state == .firing || alert.state == .resolved || alert.flapping || toldFlapping.contains(alert.id),
                !alert.isMuted, !alert.isSuppressed
            else { continue }
            for routeIndex in matchingRoutes(alert.labels) {
                let spec = routes[routeIndex].spec
                let prefix = spec.name ?? "route\(routeIndex)"
                var shared = alert.labels.keeping(spec.groupBy)
                shared["rootcause"] = nil
                let sharedKey = "\(prefix):\(shared.description)"
                // The alert's own incident group, when the route groups by root cause.
                var own: (labels: LabelSet, key: String)?
                if spec.groupBy.contains("rootcause") {
                    var labels = shared
                    labels["rootcause"] = alert.id
                    own = (labels, "\(prefix):\(labels.description)")
                }
                for receiver in spec.receivers {
                    var labels = shared
                    var key = sharedKey
                    // A root stays in its incident's group until that group hears it resolved,
                    // also once its symptoms have gone (a resolved alert has no impact).
                    if let own,
                        !alert.impact.isEmpty || log[GroupID(receiver: receiver, groupKey: own.key)]?.firing.contains(alert.id) == true
                    {
                        labels = own.labels
                        key = own.key
                    }
                    let id = GroupID(receiver: receiver, groupKey: key)
                    buckets[id, default: Bucket(route: routeIndex, groupLabels: labels)].alerts.append(alert)
                }
            }
        }
        var keys = Set(buckets.keys)
        for (key, entry) in log where !entry.firing.isEmpty || !entry.flapping.isEmpty { keys.insert(key) }
        var notifications: [AlertNotification] = []
        var waiting: Set<MemberID> = []
        for key in keys.sorted() {
            step(key, bucket: buckets[key], byID: byID, now: now, into: &notifications, waiting: &waiting)
        }
        firstSeen = firstSeen.filter { waiting.contains($0.key) }
        return notifications
    }

    private func matchingRoutes(_ labels: LabelSet) -> [Int] {
        var matched: [Int] = []
        for (index, route) in routes.enumerated() {
            guard let matchers = route.matchers, CompiledMatcher.all(matchers, match: labels) else { continue }
            matched.append(index)
            if !route.spec.continue { break }
        }
        return matched
    }

    private mutating func step(
        _ key: GroupID, bucket: Bucket?, byID: [String: Alert], now: Date, into notifications: inout [AlertNotification],
        waiting: inout Set<MemberID>
    ) {
        let members = (bucket?.alerts ?? []).sorted { $0.id < $1.id }
        var inBucket: [String: Alert] = [:]
        for alert in members { inBucket[alert.id] = alert }
        let original = log[key]
        let loggedFiring = Set(original?.firing ?? [])

        // What the receiver keeps knowing, after silent drops.
        var known: Set<String> = []
        var resolvedNow: [Alert] = []
        for id in loggedFiring {
            guard byID[id] != nil else { known.insert(id); continue }
            guard let alert = inBucket[id] else { continue }
            if alert.flapping || alert.state == .firing { known.insert(id) } else { resolvedNow.append(alert) }
        }
        var flapping = Set((original?.flapping ?? []).filter { byID[$0] == nil || inBucket[$0] != nil })
        var entry =
            original
            ?? NotificationLogEntry(receiver: key.receiver, groupKey: key.groupKey, firing: [], resolved: [], flapping: [], sentAt: now)
        entry.firing = known.union(resolvedNow.map(\.id)).sorted()
        entry.flapping = flapping.sorted()
        if original != nil { log[key] = entry }

        guard let bucket else { return }
        let spec = routes[bucket.route].spec

        func send(_ kind: AlertNotification.Kind, firing: [Alert], resolved: [Alert], firingIDs: [String], resolvedIDs: [String]) {
            let shown = firing + resolved
            let id = NotificationID.make(
                receiver: key.receiver, groupKey: key.groupKey, kind: kind, firing: firingIDs, resolved: resolvedIDs,
                previousSentAt: log[key]?.sentAt)
            notifications.append(
                AlertNotification(
                    id: id, receiver: key.receiver, groupKey: key.groupKey, groupLabels: bucket.groupLabels,
                    commonLabels: Self.commonLabels(shown), kind: kind,
                    status: kind == .flapping || shown.contains { $0.state == .firing } ? .firing : .resolved, alerts: shown,
                    createdAt: now))
        }

        // Flapping: one message when it starts, one when it settles.
        let started = members.filter { $0.flapping && !flapping.contains($0.id) }
        if !started.isEmpty {
            let ids = started.map(\.id)
            send(.flapping, firing: started.filter { $0.state == .firing }, resolved: started.filter { $0.state != .firing },
                 firingIDs: ids, resolvedIDs: [])
            flapping.formUnion(ids)
            entry.flapping = flapping.sorted()
            entry.sentAt = now
            log[key] = entry
        }
        let settled = members.filter { !$0.flapping && flapping.contains($0.id) }
        if !settled.isEmpty {
            let firing = settled.filter { $0.state == .firing }
            let resolved = settled.filter { $0.state != .firing }
            send(.flapSettled, firing: firing, resolved: resolved, firingIDs: firing.map(\.id), resolvedIDs: resolved.map(\.id))
            flapping.subtract(settled.map(\.id))
            known.formUnion(firing.map(\.id))
            let resolvedIDs = Set(resolved.map(\.id))
            known.subtract(resolvedIDs)
            resolvedNow.removeAll { resolvedIDs.contains($0.id) }
            entry.flapping = flapping.sorted()
            entry.firing = known.union(resolvedNow.map(\.id)).sorted()
            entry.sentAt = now
            log[key] = entry
        }

        // Plain firing/resolved messages.
        let firingAlerts = members.filter { $0.state == .firing && !$0.flapping }
        for alert in firingAlerts {
            let member = MemberID(receiver: key.receiver, alertID: alert.id)
            waiting.insert(member)
            if firstSeen[member] == nil { firstSeen[member] = now }
        }
        let newFiring = known.union(firingAlerts.map(\.id))
        let changed = newFiring != known || !resolvedNow.isEmpty
        let due: Bool
        if loggedFiring.isEmpty && original.map({ $0.flapping.isEmpty }) ?? true {
            guard !firingAlerts.isEmpty else { return }
            let since = firingAlerts.map { firstSeen[MemberID(receiver: key.receiver, alertID: $0.id)] ?? now }.min() ?? now
            due = changed && now >= since + spec.groupWait.timeInterval
        } else if changed {
            due = now >= (original?.sentAt ?? now) + spec.groupInterval.timeInterval
        } else {
            due =
                !firingAlerts.isEmpty && !firingAlerts.allSatisfy { $0.acknowledgement != nil }
                && now >= (original?.sentAt ?? now) + spec.repeatInterval.timeInterval
        }
        guard due, !firingAlerts.isEmpty || !resolvedNow.isEmpty else { return }
        let firingIDs = newFiring.sorted()
        let resolvedIDs = resolvedNow.map(\.id).sorted()
        send(.alert, firing: firingAlerts, resolved: resolvedNow.sorted { $0.id < $1.id }, firingIDs: firingIDs, resolvedIDs: resolvedIDs)
        entry.firing = firingIDs
        entry.resolved = resolvedIDs
        entry.flapping = flapping.sorted()
        entry.sentAt = now
        log[key] = entry
    }

    /// Labels every alert shown shares.
    static func commonLabels(_ alerts: [Alert]) -> LabelSet {
        guard var common = alerts.first?.labels.dictionary else { return LabelSet() }
        for alert in alerts.dropFirst() {
            for (name, value) in common where alert.labels[name] != value { common[name] = nil }
        }
        return LabelSet(common)
    }
}
