import Alerting
import Foundation
import NetsightModel
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The two peers of the alerting scenario test, proved on their own: the recording webhook
/// sink (records, fails and hangs per path) and a real Alertmanager 0.25 delivering into it.
@Suite(.serialized) struct AlertmanagerPeerTests {
    /// POSTs `body` to `url`; the HTTP status, or nil when no answer came (connection dropped
    /// or timed out).
    static func post(_ url: String, body: Data, headers: [String: String] = [:], timeout: Double = 5) async -> Int? {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.timeoutInterval = timeout
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    /// A Netsight notification body as the webhook notifier sends it.
    static func netsightPayload() -> WebhookPayload {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        func alert(_ id: String, _ device: String, _ state: AlertState) -> Alert {
            Alert(
                id: id, rule: "DeviceDown", metric: "device_up",
                labels: LabelSet(["alertname": "DeviceDown", "device": device, "site": "ldn"]), severity: .critical,
                state: state, value: 0, summary: "\(device) down", firingSince: start,
                resolvedAt: state == .resolved ? start.addingTimeInterval(30) : nil, lastEvaluatedAt: start)
        }
        let notification = AlertNotification(
            id: "n-42", receiver: "ops", groupKey: "{}:{site=\"ldn\"}", groupLabels: LabelSet(["site": "ldn"]),
            commonLabels: LabelSet(["alertname": "DeviceDown", "site": "ldn"]), kind: .alert, status: .firing,
            alerts: [alert("f1", "core-1", .firing), alert("f2", "sw-2", .resolved)], createdAt: start)
        return WebhookPayload(notification, externalURL: "http://127.0.0.1:1")
    }

    @Test func webhookSinkRecordsFailsAndHangsPerPath() async throws {
        guard let sink = try WebhookSink.start() else { return }
        defer { sink.stop() }
        let payload = Self.netsightPayload()
        let ok = await Self.post(sink.url("/ok"), body: payload.encoded(), headers: ["Idempotency-Key": payload.idempotencyKey])
        #expect(ok == 200)
        #expect(await Self.post(sink.url("/ok"), body: Data("not json".utf8)) == 200)

        try await sink.setStatus(path: "/down", status: 503)
        #expect(await Self.post(sink.url("/down"), body: Data("{}".utf8)) == 503)

        // A held request on one path leaves the others answering at once.
        try await sink.setHang(path: "/stuck")
        let held = Task { await Self.post(sink.url("/stuck"), body: Data("{}".utf8), timeout: 15) }
        try await sink.waitForPosts(path: "/stuck", count: 1, timeout: 5)
        let clock = ContinuousClock()
        let before = clock.now
        #expect(await Self.post(sink.url("/ok"), body: Data("[1]".utf8)) == 200)
        let (status, listed) = try await httpGet(port: sink.port, path: "/_received?path=/ok")
        let elapsed = clock.now - before
        #expect(elapsed < .seconds(1), "a hanging path held up another one for \(elapsed)")
        #expect(status == 200)
        let listedCount = (try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [Any])?.count
        #expect(listedCount == 3, "\(listed)")

        // Reset answers the held request with 503 and makes a failing path answer 200.
        try await sink.reset(path: "/stuck")
        #expect(await held.value == 503)
        #expect(clock.now - before < .seconds(5), "reset did not release the held request")
        try await sink.reset(path: "/down")
        #expect(await Self.post(sink.url("/down"), body: Data("{}".utf8)) == 200)

        let oks = try sink.received("/ok")
        #expect(oks.count == 3)
        let first = try #require(oks.first?.body, "Netsight's body decodes as an Alertmanager message: \(oks)")
        #expect(first.version == "4" && first.groupKey == #"{}:{site="ldn"}"# && first.receiver == "ops")
        #expect(first.alerts.map(\.fingerprint) == ["f1", "f2"])
        #expect(first.firingCount == 1 && first.resolvedCount == 1)
        #expect(first.alerts[1].endsAt == "2027-01-15T08:00:30Z")
        #expect(first.netsightKind == "alert" && first.idempotencyKey == "n-42")
        #expect(oks[0].idempotencyKeyHeader == "n-42")
        #expect(oks[1].body == nil && oks[1].text == "not json" && oks[1].idempotencyKeyHeader == nil)
        #expect(try sink.received("/down").map(\.status) == [503, 200])
        let everything = try sink.all().map { "\($0.path) \($0.status) \($0.time.timeIntervalSince1970)" }
        #expect(try sink.received("/stuck").map(\.status) == [0], "\(everything)")
        #expect(try sink.received("/_control").isEmpty)
        let sequence = try sink.all().map(\.sequence)
        #expect(sequence == Array(1...sequence.count))
    }

    static func deviceDown(_ site: String, _ device: String, startsAt: Date, endsAt: Date? = nil) -> AMAlert {
        AMAlert(
            labels: ["alertname": "DeviceDown", "site": site, "device": device], annotations: ["summary": "\(device) down"],
            startsAt: startsAt, endsAt: endsAt)
    }

    /// Alertmanager's RFC 3339 text (fractional seconds optional) as a date.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = formatter.date(from: text) { return d }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    @Test func alertmanagerGroupsBySiteThenSendsTheResolutions() async throws {
        guard let sink = try WebhookSink.start() else { return }
        defer { sink.stop() }
        guard let am = try await AlertmanagerPeer.start(webhookURL: sink.url("/am")) else { return }
        defer { am.stop() }
        let status = try await am.status()
        #expect(status.cluster.status == "disabled", "gossip must be off")
        #expect(status.versionInfo.version.hasPrefix("0."), "\(status.versionInfo.version)")

        let start = Date()
        let alerts = [
            Self.deviceDown("ldn", "sw-1", startsAt: start), Self.deviceDown("ldn", "sw-2", startsAt: start),
            Self.deviceDown("ldn", "sw-3", startsAt: start), Self.deviceDown("nyc", "sw-9", startsAt: start),
        ]
        try await am.post(alerts)
        _ = try await sink.waitForPosts(path: "/am", count: 2, timeout: 6)
        // Nothing changes, so nothing more comes within a group interval (2 s).
        try await Task.sleep(for: .seconds(1.5))
        let firing = try sink.received("/am")
        #expect(firing.count == 2, "one notification per site: \(firing.map(\.text))")
        let bySite = Dictionary(firing.compactMap(\.body).map { ($0.groupLabels["site"] ?? "?", $0) }) { a, _ in a }
        let ldn = try #require(bySite["ldn"], "\(firing.map(\.text))")
        let nyc = try #require(bySite["nyc"], "\(firing.map(\.text))")
        #expect(ldn.groupKey == #"{}:{site="ldn"}"# && nyc.groupKey == #"{}:{site="nyc"}"#)
        #expect(ldn.groupLabels == ["site": "ldn"], "rootcause is absent, so it is not a group label")
        #expect(ldn.alerts.count == 3 && nyc.alerts.count == 1)
        #expect(ldn.firingCount == 3 && ldn.status == "firing" && ldn.version == "4")
        #expect(ldn.receiver == AlertmanagerPeer.receiverName)
        #expect(ldn.commonLabels == ["alertname": "DeviceDown", "site": "ldn"])
        #expect(Set(ldn.alerts.map { $0.labels["device"] ?? "" }) == ["sw-1", "sw-2", "sw-3"])
        #expect(Set((ldn.alerts + nyc.alerts).map(\.fingerprint)).count == 4)
        #expect(ldn.alerts.allSatisfy { $0.endsAt == "0001-01-01T00:00:00Z" }, "no endsAt posted: Go's zero time")
        #expect(firing.allSatisfy { $0.header("User-Agent")?.hasPrefix("Alertmanager/") == true })
        #expect(firing.allSatisfy { $0.idempotencyKeyHeader == nil && $0.body?.netsightKind == nil })

        // Resolve them all: each group sends one resolved notification at its next flush.
        let end = Date()
        try await am.post(alerts.map { Self.deviceDown($0.labels["site"]!, $0.labels["device"]!, startsAt: start, endsAt: end) })
        let all = try await sink.waitForPosts(path: "/am", count: 4, timeout: 6)
        try await Task.sleep(for: .seconds(0.5))
        let resolved = Array(try sink.received("/am").dropFirst(2)).compactMap(\.body)
        #expect(resolved.count == 2, "\(all.map(\.text))")
        #expect(Set(resolved.map(\.groupKey)) == [ldn.groupKey, nyc.groupKey])
        for message in resolved {
            #expect(message.status == "resolved" && message.firingCount == 0)
            #expect(message.alerts.count == (message.groupLabels["site"] == "ldn" ? 3 : 1))
            let ends = message.alerts.compactMap { Self.date($0.endsAt) }
            #expect(ends.count == message.alerts.count && ends.allSatisfy { abs($0.timeIntervalSince(end)) < 0.01 })
        }
    }

    @Test func alertmanagerRetriesAFailingWebhookUntilItAnswers() async throws {
        guard let sink = try WebhookSink.start() else { return }
        defer { sink.stop() }
        try await sink.setStatus(path: "/fail", status: 500)
        guard let am = try await AlertmanagerPeer.start(webhookURL: sink.url("/fail")) else { return }
        defer { am.stop() }
        try await am.post([Self.deviceDown("ldn", "sw-1", startsAt: Date())])
        // Alertmanager retries with exponential backoff (from about 0.5 s) inside one
        // notification attempt of at least 10 s.
        let failed = try await sink.waitForPosts(path: "/fail", count: 3, timeout: 8)
        #expect(failed.allSatisfy { $0.status == 500 })
        #expect(Set(failed.compactMap { $0.body?.groupKey }) == [#"{}:{site="ldn"}"#])
        try await sink.reset(path: "/fail")
        let deadline = Date().addingTimeInterval(12)
        var posts = try sink.received("/fail")
        while !posts.contains(where: { $0.status == 200 }) && Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            posts = try sink.received("/fail")
        }
        let delivered = posts.filter { $0.status == 200 }
        #expect(delivered.count == 1, "\(posts.map(\.status))")
        #expect(delivered.first?.body?.alerts == failed.first?.body?.alerts, "the retry carries the same alerts")
        #expect(posts.count > 3)
    }

    @Test func replayingATwoSnapshotStreamGivesTwoNotifications() async throws {
        guard let sink = try WebhookSink.start() else { return }
        defer { sink.stop() }
        guard let am = try await AlertmanagerPeer.start(webhookURL: sink.url("/replay")) else { return }
        defer { am.stop() }
        // Recorded a year ago: two alerts firing since 10 s before the recording began;
        // 2 s in, sw-1 has resolved (at 1.5 s) and sw-2 still fires.
        let origin = Date().addingTimeInterval(-365 * 86_400)
        func alert(_ device: String, _ status: AlertStream.Alert.Status, endsAt: Date? = nil) -> AlertStream.Alert {
            AlertStream.Alert(
                labels: ["alertname": "DeviceDown", "site": "ldn", "device": device], status: status,
                startsAt: origin.addingTimeInterval(-10), endsAt: endsAt)
        }
        let stream = AlertStream(
            origin: origin,
            snapshots: [
                .init(offset: 0, alerts: [alert("sw-1", .firing), alert("sw-2", .firing)]),
                .init(offset: 2, alerts: [alert("sw-1", .resolved, endsAt: origin.addingTimeInterval(1.5)), alert("sw-2", .firing)]),
            ])
        let begin = Date()
        let outcome = try await AlertStreamReplay(alertmanager: am, sink: sink, path: "/replay").replay(stream)
        #expect(outcome.notificationCount == 2, "\(outcome.posts.map(\.text))")
        #expect(outcome.alertsPerNotification == [2, 2])
        let first = try #require(outcome.notifications.first)
        let second = try #require(outcome.notifications.last)
        #expect(first.status == "firing" && first.firingCount == 2)
        #expect(second.status == "firing" && second.firingCount == 1 && second.resolvedCount == 1)
        let gone = try #require(second.alerts.first { $0.status == "resolved" })
        #expect(gone.labels["device"] == "sw-1")
        // Times moved to now, with the recording's spacing.
        let starts = first.alerts.compactMap { Self.date($0.startsAt) }
        #expect(starts.count == 2 && starts.allSatisfy { abs($0.timeIntervalSince(begin) + 10) < 1 }, "\(first.alerts)")
        let ended = try #require(Self.date(gone.endsAt))
        #expect(abs(ended.timeIntervalSince(begin) - 1.5) < 1, "\(gone.endsAt)")
    }
}
