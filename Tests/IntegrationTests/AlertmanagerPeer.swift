import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real Prometheus Alertmanager (Debian prometheus-alertmanager 0.25) on 127.0.0.1, the
/// reference Netsight's grouping and notification are compared with. One route (the root)
/// groups by the caller's labels and sends to one webhook receiver (with resolved
/// notifications). Gossip is off (`--cluster.listen-address=` empty): with it on,
/// Alertmanager would listen on every interface and look for peers.
final class AlertmanagerPeer: @unchecked Sendable {
    /// The receiver's name in the generated configuration (the webhook's `receiver` field).
    static let receiverName = "sink"

    let port: Int
    let directory: String
    private let ownsDirectory: Bool
    private let process: PeerProcess

    /// Starts Alertmanager and waits until its API answers. Returns nil (a failure under
    /// CI) when it is not installed.
    /// - Parameters:
    ///   - webhookURL: where notifications go, e.g. `sink.url("/am")` (loopback only).
    ///   - groupBy: the labels that make one notification group (Alertmanager's `group_by`).
    ///   - groupWait: how long a new group waits for more alerts before its first
    ///     notification; 1 s keeps tests short (Alertmanager's default is 30 s).
    ///   - groupInterval: how long a group waits after a notification before sending its
    ///     changes (resolutions, new alerts); default 5 m in Alertmanager.
    ///   - repeatInterval: when an unchanged group is sent again; an hour so a test never
    ///     sees a repeat unless it asks for one.
    ///   - resolveTimeout: how long an alert posted without `endsAt` stays firing.
    ///   - directory: for the configuration, storage and log; a temporary directory of
    ///     its own, removed by `stop()`, when nil.
    static func start(
        webhookURL: String, groupBy: [String] = ["site", "rootcause"], groupWait: Duration = .seconds(1),
        groupInterval: Duration = .seconds(2), repeatInterval: Duration = .seconds(3600),
        resolveTimeout: Duration = .seconds(300), directory: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> AlertmanagerPeer? {
        guard let binary = Peers.find("prometheus-alertmanager", sourceLocation: sourceLocation) else { return nil }
        let config = Config(
            global: .init(resolve_timeout: goDuration(resolveTimeout)),
            route: .init(
                receiver: receiverName, group_by: groupBy, group_wait: goDuration(groupWait),
                group_interval: goDuration(groupInterval), repeat_interval: goDuration(repeatInterval)),
            receivers: [.init(name: receiverName, webhook_configs: [.init(url: webhookURL, send_resolved: true)])])
        let peer = try AlertmanagerPeer(binary: binary, config: config, directory: directory)
        do {
            try await peer.waitUntilReady(timeout: 10)
        } catch {
            peer.stop()
            throw error
        }
        return peer
    }

    private init(binary: String, config: Config, directory: String?) throws {
        ownsDirectory = directory == nil
        self.directory = try directory ?? Peers.temporaryDirectory("alertmanager")
        port = freeTCPPort()
        let configPath = "\(self.directory)/alertmanager.yml"
        // YAML is a superset of JSON: encoding the configuration as JSON needs no quoting
        // rules of our own, and Alertmanager reads it as it would the usual YAML.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(config).write(to: URL(fileURLWithPath: configPath))
        try FileManager.default.createDirectory(atPath: "\(self.directory)/data", withIntermediateDirectories: true)
        process = try PeerProcess(
            binary,
            [
                "--config.file=\(configPath)", "--storage.path=\(self.directory)/data",
                "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
                // Given, so Alertmanager never derives one from the host name.
                "--web.external-url=http://127.0.0.1:\(port)",
            ],
            logDirectory: self.directory)
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Alertmanager's log so far (for failure messages).
    var log: String { process.log }

    /// Posts alerts to `/api/v2/alerts`, as Prometheus does on every evaluation. A firing
    /// alert without `endsAt` resolves by itself after `resolveTimeout` unless posted again.
    func post(_ alerts: [AMAlert]) async throws {
        var request = URLRequest(url: URL(string: "\(baseURL)/api/v2/alerts")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONEncoder().encode(alerts)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw ToolError(
                message: "Alertmanager refused the alerts (\((response as? HTTPURLResponse)?.statusCode ?? 0)): "
                    + String(decoding: data, as: UTF8.self))
        }
    }

    /// `GET /api/v2/status`: its version and whether clustering is off.
    func status() async throws -> AMStatus {
        let (status, body) = try await httpGet(port: port, path: "/api/v2/status", timeout: 2)
        guard status == 200 else { throw ToolError(message: "Alertmanager status answered \(status): \(body)") }
        return try JSONDecoder().decode(AMStatus.self, from: Data(body.utf8))
    }

    /// Stops Alertmanager and removes its own directory.
    func stop() {
        process.stop(signal: SIGTERM)
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    deinit { stop() }

    private func waitUntilReady(timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if (try? await status()) != nil { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ToolError(message: "Alertmanager did not come up in \(timeout) s: \(process.log)")
    }

    /// A duration as Go's time.ParseDuration (Prometheus model.Duration) reads it.
    static func goDuration(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms"
    }

    /// The configuration file; property names are Alertmanager's keys.
    private struct Config: Encodable {
        struct Global: Encodable { var resolve_timeout: String }
        struct Route: Encodable {
            var receiver: String
            var group_by: [String]
            var group_wait: String
            var group_interval: String
            var repeat_interval: String
        }
        struct Receiver: Encodable {
            struct Webhook: Encodable {
                var url: String
                var send_resolved: Bool
            }
            var name: String
            var webhook_configs: [Webhook]
        }
        var global: Global
        var route: Route
        var receivers: [Receiver]
    }
}

/// One alert as Alertmanager's API v2 takes it (`postableAlert`).
struct AMAlert: Sendable, Hashable, Encodable {
    var labels: [String: String]
    var annotations: [String: String] = [:]
    var startsAt: Date
    /// In the past: the alert is resolved. Nil: it fires until `resolveTimeout` passes
    /// without it being posted again.
    var endsAt: Date?
    var generatorURL: String = ""

    private enum CodingKeys: String, CodingKey { case labels, annotations, startsAt, endsAt, generatorURL }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(labels, forKey: .labels)
        try c.encode(annotations, forKey: .annotations)
        try c.encode(Self.rfc3339(startsAt), forKey: .startsAt)
        if let endsAt { try c.encode(Self.rfc3339(endsAt), forKey: .endsAt) }
        if !generatorURL.isEmpty { try c.encode(generatorURL, forKey: .generatorURL) }
    }

    /// RFC 3339 with milliseconds, which Go's time parser (strfmt.DateTime) accepts.
    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

/// The parts of `GET /api/v2/status` the tests look at.
struct AMStatus: Sendable, Decodable {
    struct Cluster: Sendable, Decodable { var status: String }
    struct VersionInfo: Sendable, Decodable { var version: String }
    var cluster: Cluster
    var versionInfo: VersionInfo
    var uptime: String
}
