import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A recording webhook receiver (scripts/peers/webhook_sink.py) on 127.0.0.1: the far end
/// of every webhook test, for Netsight and Alertmanager alike, so both are judged by the
/// same recorder. It answers 200 unless a path is told to fail or hang, and records every
/// attempt (failed ones too) so a test can count retries.
final class WebhookSink: @unchecked Sendable {
    let port: Int
    /// `https` when started with a certificate.
    let scheme: String
    /// The JSON-lines file the sink appends one record per POST to.
    let outPath: String
    private let directory: String
    private let ownsDirectory: Bool
    private let process: PeerProcess

    /// Starts the sink on a free port. Returns nil (a failure under CI) without python3.
    /// - Parameter directory: where the record and log go; a temporary directory of its
    ///   own, removed by `stop()`, when nil.
    ///   - tls: serve HTTPS with this certificate and key (then only POSTs and
    ///     `received` work: the control calls speak plain HTTP).
    static func start(
        directory: String? = nil, tls: (certificate: String, key: String)? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> WebhookSink? {
        guard let python = Peers.find("python3", sourceLocation: sourceLocation) else { return nil }
        return try WebhookSink(python: python, directory: directory, tls: tls)
    }

    private init(python: String, directory: String?, tls: (certificate: String, key: String)?) throws {
        scheme = tls == nil ? "http" : "https"
        ownsDirectory = directory == nil
        self.directory = try directory ?? Peers.temporaryDirectory("webhook-sink")
        outPath = "\(self.directory)/webhook-sink-\(UUID().uuidString.prefix(6)).jsonl"
        process = try PeerProcess(
            python,
            [Peers.script("peers/webhook_sink.py"), "--port", "0", "--out", outPath]
                + (tls.map { ["--tls-cert", $0.certificate, "--tls-key", $0.key] } ?? []),
            logDirectory: self.directory)
        // The sink prints `ready PORT` once it listens; python starts in well under a second.
        guard let found = process.readyPort() else {
            let log = process.log
            process.stop()
            if ownsDirectory { try? FileManager.default.removeItem(atPath: self.directory) }
            throw ToolError(message: "webhook_sink.py did not come up: \(log)")
        }
        port = found
    }

    /// The URL a webhook sender should POST to for `path` (which starts with "/").
    func url(_ path: String) -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }

    /// Every POST to `path` so far, in arrival order, read from the record file (one
    /// complete line per request; a line still being written is left for the next read).
    func received(_ path: String) throws -> [ReceivedPost] {
        try all().filter { $0.path == path }
    }

    /// Every POST to any path so far, in arrival order.
    func all() throws -> [ReceivedPost] {
        guard let data = FileManager.default.contents(atPath: outPath) else { return [] }
        let decoder = JSONDecoder()
        var posts: [ReceivedPost] = []
        var rest = data[...]
        while let newline = rest.firstIndex(of: UInt8(ascii: "\n")) {
            posts.append(try decoder.decode(ReceivedPost.self, from: Data(rest[..<newline])))
            rest = rest[rest.index(after: newline)...]
        }
        return posts.sorted { $0.sequence < $1.sequence }
    }

    /// From now on, `path` answers `status` (but still records each request).
    func setStatus(path: String, status: Int) async throws {
        try await control(["path": .string(path), "status": .int(status)])
    }

    /// From now on, requests to `path` are recorded and then held unanswered until
    /// `reset(path:)` or `stop()` releases them with a 503.
    func setHang(path: String) async throws {
        try await control(["path": .string(path), "hang": .bool(true)])
    }

    /// `path` answers 200 again; requests it held are answered 503 (dropping them would
    /// make libcurl and Go re-send them, which would look like retries).
    func reset(path: String) async throws {
        try await control(["path": .string(path), "reset": .bool(true)])
    }

    /// Waits until `path` has received at least `count` POSTs and returns them all; throws
    /// with what did arrive when `timeout` seconds pass first.
    @discardableResult
    func waitForPosts(path: String, count: Int, timeout: Double) async throws -> [ReceivedPost] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let posts = try received(path)
            if posts.count >= count { return posts }
            guard Date() < deadline else {
                throw ToolError(
                    message: "\(path) received \(posts.count) of \(count) POSTs in \(timeout) s: "
                        + posts.map(\.text).joined(separator: "\n"))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops the sink (held requests are released) and removes its own directory.
    func stop() {
        process.stop(signal: SIGTERM)
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    deinit { stop() }

    private enum ControlValue: Encodable {
        case string(String), int(Int), bool(Bool)
        func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let s): try c.encode(s)
            case .int(let i): try c.encode(i)
            case .bool(let b): try c.encode(b)
            }
        }
    }

    private func control(_ command: [String: ControlValue]) async throws {
        var request = URLRequest(url: URL(string: url("/_control"))!)
        request.httpMethod = "POST"
        request.httpBody = try JSONEncoder().encode(command)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
            throw ToolError(message: "webhook sink control \(command) refused: \(String(decoding: data, as: UTF8.self))")
        }
    }
}

/// One request the sink recorded.
struct ReceivedPost: Sendable, Decodable {
    /// Arrival order across all paths, from 1.
    var sequence: Int
    var time: Date
    var path: String
    /// What the sink answered; 0 when it held the request (a hang; released later with 503).
    var status: Int
    /// Header names as the sender spelt them; look them up with `header(_:)`.
    var headers: [String: String]
    /// The body as text, exactly as it arrived (UTF-8).
    var text: String
    /// The body as an Alertmanager webhook message, or nil when it is not one.
    var body: AMWebhookMessage?

    /// A header's value, whatever the case of its name.
    func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The `Idempotency-Key` header Netsight sends so a receiver can drop a retry it has seen.
    var idempotencyKeyHeader: String? { header("Idempotency-Key") }

    private enum CodingKeys: String, CodingKey {
        case seq, time, path, status, headers, raw
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try c.decode(Int.self, forKey: .seq)
        time = Date(timeIntervalSince1970: try c.decode(Double.self, forKey: .time))
        path = try c.decode(String.self, forKey: .path)
        status = try c.decode(Int.self, forKey: .status)
        headers = try c.decode([String: String].self, forKey: .headers)
        text = try c.decode(String.self, forKey: .raw)
        body = try? JSONDecoder().decode(AMWebhookMessage.self, from: Data(text.utf8))
    }
}

/// Alertmanager's webhook message (version "4"), the part the tests compare; Netsight's
/// own body (`WebhookPayload`) decodes into it too and fills the two optional extras.
struct AMWebhookMessage: Sendable, Hashable, Codable {
    struct Alert: Sendable, Hashable, Codable {
        var status: String
        var labels: [String: String]
        var annotations: [String: String]
        /// RFC 3339 as sent; Go's zero time ("0001-01-01T00:00:00Z") when unset.
        var startsAt: String
        var endsAt: String
        var fingerprint: String
    }

    var version: String
    var groupKey: String
    /// "firing" while any alert of the group fires, else "resolved".
    var status: String
    var receiver: String
    var groupLabels: [String: String]
    var commonLabels: [String: String]
    var alerts: [Alert]
    /// Netsight only: alert, flapping or flap_settled.
    var netsightKind: String?
    /// Netsight only: the notification id (also sent as the Idempotency-Key header).
    var idempotencyKey: String?

    var firingCount: Int { alerts.filter { $0.status == "firing" }.count }
    var resolvedCount: Int { alerts.filter { $0.status == "resolved" }.count }
}
