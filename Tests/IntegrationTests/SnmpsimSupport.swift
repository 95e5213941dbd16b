import Foundation
import Testing

/// Debian's snmpsim (`snmpsimd`, 0.4.5) serving synthetic routers made by
/// scripts/peers/make_snmprec.py, on 127.0.0.1 and a free port. One community per device
/// (the recording's file name stem). Stopped by PID.
final class SnmpsimPeer: @unchecked Sendable {
    let port: Int
    let directory: String
    let communities: [String]
    /// What make_snmprec.py wrote about the devices (rates per port, special devices).
    let manifest: [String: Any]
    let process: PeerProcess
    let snmpbulkwalk: String
    let snmpget: String

    /// - Parameters:
    ///   - devices: how many devices (communities) to generate.
    ///   - interfaces: ports per device.
    ///   - isStatic: plain values (every walk gives the same answer); false uses snmpsim's
    ///     `numeric` variation module so counters grow between requests.
    ///   - extraArguments: more make_snmprec.py options (--wrap-devices 1, ...).
    init?(devices: Int = 3, interfaces: Int = 6, isStatic: Bool = true, prefix: String = "ns", extraArguments: [String] = []) throws {
        guard let snmpsimd = Peers.find("snmpsimd"), let walk = Peers.find("snmpbulkwalk"), let get = Peers.find("snmpget"),
            let python = Peers.python
        else {
            return nil
        }
        snmpbulkwalk = walk
        snmpget = get
        directory = try Peers.temporaryDirectory("snmpsim")
        let data = "\(directory)/data"
        let cache = "\(directory)/cache"
        // snmpsimd drops to nobody when started as root: it must read the data and write
        // its index cache.
        chmod(directory, 0o755)
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        chmod(cache, 0o777)
        var generator = [Peers.script("peers/make_snmprec.py"), "\(devices)", "\(interfaces)", data, "--prefix", prefix]
        if isStatic { generator.append("--static") }
        try runTool(python, generator + extraArguments, timeout: 120)
        communities = (0..<devices).map { prefix + String(format: "%04d", $0) }
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: "\(data)/manifest.json"))
        manifest = (try JSONSerialization.jsonObject(with: manifestData) as? [String: Any]) ?? [:]

        port = Peers.freeUDPPort()
        var arguments = [
            "--data-dir=\(data)", "--cache-dir=\(cache)", "--agent-udpv4-endpoint=127.0.0.1:\(port)",
            "--logging-method=file:\(directory)/snmpsimd.log",
        ]
        if getuid() == 0 { arguments += ["--process-user=nobody", "--process-group=nogroup"] }
        process = try PeerProcess(snmpsimd, arguments, logDirectory: directory)

        // Ready when every community answers (it indexes each recording at start-up).
        let deadline = Date().addingTimeInterval(90)
        var lastError = ""
        var waiting = communities
        while Date() < deadline, !waiting.isEmpty, process.isRunning {
            do {
                let out = try runNetSNMP(
                    get, ["-On", "-v2c", "-c", waiting[0], "-t", "0.5", "-r", "0", address, ".1.3.6.1.2.1.1.5.0"],
                    timeout: 10, environment: clientEnvironment)
                if out.contains("STRING: \"\(waiting[0])") {
                    waiting.removeFirst()
                    continue
                }
                lastError = out
            } catch {
                lastError = "\(error)"
            }
            usleep(200_000)
        }
        if waiting.isEmpty { return }
        process.stop()
        Issue.record(
            "snmpsimd did not answer for \(waiting.first ?? "") on \(address): \(lastError) \(process.log) \((try? String(contentsOfFile: "\(directory)/snmpsimd.log", encoding: .utf8))?.suffix(3000) ?? "")"
        )
        try? FileManager.default.removeItem(atPath: directory)
        return nil
    }

    var address: String { "127.0.0.1:\(port)" }

    var clientEnvironment: [String: String] { ["SNMP_PERSISTENT_DIR": "\(directory)/client", "MIBS": ""] }

    /// The manifest's entry for one community.
    func device(_ community: String) -> [String: Any]? {
        (manifest["devices"] as? [[String: Any]])?.first { $0["community"] as? String == community }
    }

    /// Stops snmpsimd by its PID and removes the directory.
    func stop() {
        process.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
