import Foundation

/// `scripts/peers/malformed_tls_server.py` on 127.0.0.1: a hand-made TLS 1.2 server whose
/// Certificate message holds a broken certificate. A fake because no real TLS server can
/// be configured to send bytes that are not a certificate: OpenSSL parses its own chain
/// when loading it.
final class MalformedTLSServer {
    /// The broken chains the script can present (see the script's help).
    enum Variant: String, CaseIterable, Sendable {
        case garbage, truncated, wrongLength = "wrong-length", garbageChain = "garbage-chain", empty
    }

    let process: PeerProcess
    let port: Int

    /// - Parameter leafDER: a real certificate (DER) that the truncated, wrong-length and
    ///   garbage-chain variants start from.
    init(python: String, variant: Variant, leafDER: String, directory: String) throws {
        let ready = "\(directory)/malformed-tls-\(variant.rawValue).port"
        process = try PeerProcess(
            python,
            [Peers.script("peers/malformed_tls_server.py"), "--variant", variant.rawValue, "--leaf-der", leafDER,
             "--ready", ready],
            logDirectory: directory)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: ready, encoding: .utf8), let port = Int(text) {
                self.port = port
                return
            }
            if !process.isRunning { break }
            usleep(20_000)
        }
        process.stop()
        throw ToolError(message: "malformed_tls_server.py did not start: \(process.log)")
    }

    func stop() { process.stop() }
}
