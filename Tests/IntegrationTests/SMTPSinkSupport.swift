import Foundation
import Testing

/// `scripts/peers/smtp_sink.py` on 127.0.0.1: a real SMTP server (aiosmtpd, Debian's
/// python3-aiosmtpd) that stores each accepted message with its envelope and what
/// Python's email parser reads from it, so the email receiver is judged by an SMTP and a
/// MIME implementation that are not its own.
final class SMTPSink: @unchecked Sendable {
    let port: Int
    /// Where the sink writes one NNNN.json per accepted message.
    let messageDirectory: String
    private let process: PeerProcess

    /// One stored message, as the sink wrote it.
    struct Message: Decodable {
        var mailFrom: String
        var mailOptions: [String]
        var rcptTos: [String]
        var tls: Bool
        var authLogin: String?
        var helo: String?
        var raw: String
        var subject: String?
        var messageId: String?
        var headers: [[String]]
        var contentType: String
        var charset: String?
        var body: String?
        var defects: [String]

        func header(_ name: String) -> String? {
            headers.first { $0.first?.lowercased() == name.lowercased() }.flatMap { $0.count > 1 ? $0[1] : nil }
        }
    }

    /// Starts the sink with `arguments` (see the script). Returns nil when python3 or
    /// aiosmtpd is missing: a recorded failure under CI, a printed skip elsewhere.
    static func start(
        _ arguments: [String], directory: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> SMTPSink? {
        guard let python = Peers.find("python3", sourceLocation: sourceLocation) else { return nil }
        do {
            try runTool(python, ["-c", "import aiosmtpd"], timeout: 20)
        } catch {
            let text = "peer aiosmtpd (python3-aiosmtpd) is not installed for \(python)"
            if Peers.isCI {
                Issue.record("\(text) (scripts/install-deps.sh --test installs it)", sourceLocation: sourceLocation)
            } else {
                print("skipping: \(text)")
            }
            return nil
        }
        return try SMTPSink(python: python, arguments: arguments, directory: directory)
    }

    private init(python: String, arguments: [String], directory: String) throws {
        messageDirectory = "\(directory)/mail-\(UUID().uuidString.prefix(6))"
        process = try PeerProcess(
            python, [Peers.script("peers/smtp_sink.py"), "--port", "0", "--dir", messageDirectory] + arguments,
            logDirectory: directory)
        // `ready PORT` comes once it listens; python and aiosmtpd start in about 0.3 s.
        guard let found = process.readyPort() else {
            let log = process.log
            process.stop()
            throw ToolError(message: "smtp_sink.py did not come up: \(log)")
        }
        port = found
    }

    var smarthost: String { "127.0.0.1:\(port)" }

    /// The messages accepted so far, in arrival order.
    func messages() throws -> [Message] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: messageDirectory)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try names.map { name in
            try decoder.decode(Message.self, from: Data(contentsOf: URL(fileURLWithPath: "\(messageDirectory)/\(name)")))
        }
    }

    var log: String { process.log }

    func stop() { process.stop() }
}
