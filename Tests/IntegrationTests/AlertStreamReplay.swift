import Foundation
import NetsightModel

/// Netsight's alert states as recorded over time, for replay into Alertmanager: what the
/// rules engine said at each moment, before any grouping or notification.
struct AlertStream: Sendable {
    /// One alert as Prometheus would hand it to Alertmanager.
    struct Alert: Sendable, Hashable {
        enum Status: String, Sendable { case firing, resolved }
        /// Identifies the alert (Alertmanager fingerprints the label set).
        var labels: [String: String]
        var annotations: [String: String] = [:]
        var status: Status
        var startsAt: Date
        /// When it resolved; only read for `.resolved` (nil: the snapshot's own time).
        var endsAt: Date?
    }

    /// The alerts that existed `offset` seconds into the recording. An alert firing in one
    /// snapshot and absent from the next counts as resolved at the next one's time.
    struct Snapshot: Sendable {
        var offset: Double
        var alerts: [Alert]
    }

    /// The wall time that offset 0 stands for: every recorded time is moved by the same
    /// amount so the replay happens now, with the recording's spacing.
    var origin: Date
    var snapshots: [Snapshot]
}

extension AlertStream.Alert {
    /// A Netsight alert as Prometheus would send it; nil while inactive or pending, which
    /// Prometheus does not send either.
    init?(_ alert: NetsightModel.Alert) {
        guard alert.state == .firing || alert.state == .resolved, let firingSince = alert.firingSince else { return nil }
        var annotations = ["summary": alert.summary]
        if let runbook = alert.runbook { annotations["runbook_url"] = runbook }
        self.init(
            labels: alert.labels.dictionary, annotations: annotations, status: alert.state == .firing ? .firing : .resolved,
            startsAt: firingSince, endsAt: alert.resolvedAt)
    }
}

/// Replays an `AlertStream` into a real Alertmanager in real time, the way Prometheus
/// feeds it (every alert re-posted each `resendInterval`, firing ones with an `endsAt`
/// a few resends ahead, resolved ones with their resolution time), and collects what
/// Alertmanager then sent to the sink. The comparison puts this next to what Netsight
/// itself notified for the same stream.
struct AlertStreamReplay {
    let alertmanager: AlertmanagerPeer
    let sink: WebhookSink
    /// The sink path Alertmanager's webhook posts to.
    let path: String
    /// Prometheus re-sends every alert each `resend_delay` (1 m by default) so that
    /// Alertmanager never times it out; seconds here so a test stays short.
    var resendInterval: Duration = .seconds(1)
    /// How long to keep going after the last snapshot so Alertmanager's last group
    /// interval can flush; at least its group_interval plus a margin.
    var settle: Duration = .seconds(3)

    /// What the sink received during the replay.
    struct Outcome: Sendable {
        /// Every POST Alertmanager made, failed attempts included, in arrival order.
        var posts: [ReceivedPost]
        /// The bodies of the delivered (2xx) notifications, in arrival order.
        var notifications: [AMWebhookMessage]
        var notificationCount: Int { notifications.count }
        var alertsPerNotification: [Int] { notifications.map(\.alerts.count) }
    }

    /// Plays `stream` (taking its last offset plus `settle` seconds) and returns what the
    /// sink received meanwhile.
    func replay(_ stream: AlertStream) async throws -> Outcome {
        let clock = ContinuousClock()
        let begin = clock.now
        let wallBegin = Date()
        let shift = wallBegin.timeIntervalSince(stream.origin)
        let already = try sink.received(path).count
        let snapshots = stream.snapshots.sorted { $0.offset < $1.offset }
        let end = begin + .seconds(snapshots.last?.offset ?? 0) + settle

        var state = ReplayState()
        var next = 0
        var nextResend = begin
        while true {
            let due = next < snapshots.count ? begin + .seconds(snapshots[next].offset) : end
            let wake = min(due, nextResend)
            if wake > clock.now { try await Task.sleep(until: wake, clock: clock) }
            let now = wallBegin.addingTimeInterval(Self.seconds(clock.now - begin))
            if next < snapshots.count && clock.now >= due {
                state.apply(snapshots[next], shift: shift, now: now)
                next += 1
            } else if next >= snapshots.count && clock.now >= end {
                break
            }
            let posted = state.postable(now: now, validFor: Self.seconds(resendInterval) * 4)
            if !posted.isEmpty { try await alertmanager.post(posted) }
            nextResend = clock.now + resendInterval
        }
        let posts = Array(try sink.received(path).dropFirst(already))
        return Outcome(posts: posts, notifications: posts.filter { (200..<300).contains($0.status) }.compactMap(\.body))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// What the replay has told Alertmanager so far, keyed by label set.
private struct ReplayState {
    var alerts: [[String: String]: AlertStream.Alert] = [:]

    /// Takes in one snapshot with its times moved by `shift`; an alert that was firing
    /// and is missing now resolves at `now`.
    mutating func apply(_ snapshot: AlertStream.Snapshot, shift: Double, now: Date) {
        var seen = Set<[String: String]>()
        for var alert in snapshot.alerts {
            alert.startsAt = alert.startsAt.addingTimeInterval(shift)
            // A resolution is never in the future, else Alertmanager would keep it firing.
            alert.endsAt = alert.status == .resolved ? min(alert.endsAt?.addingTimeInterval(shift) ?? now, now) : nil
            alerts[alert.labels] = alert
            seen.insert(alert.labels)
        }
        for (labels, alert) in alerts where !seen.contains(labels) && alert.status == .firing {
            alerts[labels]?.status = .resolved
            alerts[labels]?.endsAt = now
        }
    }

    /// Every known alert as posted now: firing ones valid for `validFor` seconds (as
    /// Prometheus sets four resend intervals ahead), resolved ones with their end time.
    func postable(now: Date, validFor: Double) -> [AMAlert] {
        alerts.values.sorted { $0.labels.description < $1.labels.description }.map { alert in
            AMAlert(
                labels: alert.labels, annotations: alert.annotations, startsAt: alert.startsAt,
                endsAt: alert.status == .firing ? now.addingTimeInterval(validFor) : alert.endsAt)
        }
    }
}
