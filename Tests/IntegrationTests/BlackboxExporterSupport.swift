import Foundation

/// Debian's prometheus-blackbox-exporter on loopback, the reference our probers are
/// compared with: modules `http_2xx` (plain), `https_ca` (trusting the test CA) and
/// `tcp_connect`, all IPv4 so both sides probe the same address.
final class BlackboxExporter {
    let process: PeerProcess
    let port: Int

    init(executable: String, caFile: String, directory: String) throws {
        port = freeTCPPort()
        let config = """
            modules:
              http_2xx:
                prober: http
                timeout: 5s
                http:
                  preferred_ip_protocol: ip4
                  ip_protocol_fallback: false
              https_ca:
                prober: http
                timeout: 5s
                http:
                  preferred_ip_protocol: ip4
                  ip_protocol_fallback: false
                  tls_config:
                    ca_file: \(caFile)
              tcp_connect:
                prober: tcp
                timeout: 5s
                tcp:
                  preferred_ip_protocol: ip4
                  ip_protocol_fallback: false

            """
        let configFile = "\(directory)/blackbox.yml"
        try config.write(toFile: configFile, atomically: true, encoding: .utf8)
        process = try PeerProcess(
            executable, ["--config.file=\(configFile)", "--web.listen-address=127.0.0.1:\(port)"], logDirectory: directory)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if nginxAccepts(port) { return }
            if !process.isRunning { break }
            usleep(20_000)
        }
        process.stop()
        throw ToolError(message: "blackbox_exporter did not come up: \(process.log)")
    }

    /// One `/probe` scrape, parsed.
    func probe(target: String, module: String) throws -> BlackboxMetrics {
        let query = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? target
        let text = try runTool(
            "/usr/bin/curl", ["-sS", "--max-time", "10", "http://127.0.0.1:\(port)/probe?module=\(module)&target=\(query)"])
        return BlackboxMetrics(text: text)
    }

    func stop() { process.stop() }
}

/// The Prometheus text exposition of one probe, keyed by `name{labels}` exactly as
/// printed (blackbox_exporter prints one label set per line, labels sorted).
struct BlackboxMetrics {
    var values: [String: Double] = [:]
    let text: String

    init(text: String) {
        self.text = text
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = value
        }
    }

    subscript(_ key: String) -> Double? { values[key] }

    var success: Bool? { self["probe_success"].map { $0 == 1 } }
    var durationSeconds: Double? { self["probe_duration_seconds"] }
    func phase(_ name: String) -> Double? { self["probe_http_duration_seconds{phase=\"\(name)\"}"] }
}
