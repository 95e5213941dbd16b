import Analytics
import Foundation
import NetsightModel
import Storage
import Testing

/// softflowd exports the same generated traffic as NetFlow v5, v9 and IPFIX to Netsight
/// and to nfcapd (through a tee, so both receive identical datagrams); Netsight's top 10
/// by bytes, packets and flows for srcip, dstip, dstport and proto must equal
/// `nfdump -s` for the same flows.
@Suite(.serialized)
struct SoftflowdNfdumpComparisonTests {
    @Test(arguments: [5, 9, 10])
    func topTenMatchesNfdump(version: Int) async throws {
        guard let softflowd = Peers.find("softflowd"), let softflowctl = Peers.find("softflowctl"),
            let nfcapd = Peers.find("nfcapd"), let nfdump = Peers.find("nfdump"), let python = Peers.python
        else { return }
        let dir = try Peers.temporaryDirectory("sf\(version)")
        defer { try? FileManager.default.removeItem(atPath: dir) }

        // Traffic from ten minutes ago, so it falls in a default "last hour" window too.
        let start = Int(Date().timeIntervalSince1970) - 600
        try runTool(python, [Peers.script("peers/make_flow_pcap.py"), "\(dir)/in.pcap", "--start", "\(start)", "--ipv6"])

        let server = try await RunningServer(dataDirectory: "\(dir)/data")
        let nfcapdPort = Peers.freeUDPPort()
        try FileManager.default.createDirectory(atPath: "\(dir)/nfcapd", withIntermediateDirectories: true)
        let collector = try PeerProcess(
            nfcapd, ["-b", "127.0.0.1", "-p", "\(nfcapdPort)", "-w", "\(dir)/nfcapd", "-t", "3600", "-I", "test", "-B", "8388608"],
            logDirectory: dir)
        // One export, forwarded unchanged to both collectors.
        _ = try await e2eSoftflowdExport(
            softflowd: softflowd, softflowctl: softflowctl, pcap: "\(dir)/in.pcap", version: version,
            forwardTo: [server.netflowPort, nfcapdPort], saveDirectory: "\(dir)/datagrams", workDirectory: dir)
        try await Task.sleep(for: .milliseconds(300))
        collector.stop(signal: SIGTERM)

        let nfTotal = try runTool(nfdump, ["-R", "\(dir)/nfcapd", "-s", "proto/flows", "-n", "0", "-o", "csv"])
        let expectedFlows = RankedRow.parseNfdumpCSV(nfTotal, keyIsProtocol: true).reduce(0) { $0 + $1.flows }
        #expect(expectedFlows > 300, "nfcapd stored too few flows: \(expectedFlows)\n\(collector.log)")

        // Wait until Netsight has stored as many flows as nfcapd did (the writer flushes each second).
        let from = UInt64(start - 3600) * 1000
        let to = UInt64(Date().timeIntervalSince1970 + 3600) * 1000
        var stored: UInt64 = 0
        for _ in 0..<100 {
            let q = try TopNQuery(keys: [.proto], metric: .flows, limit: 0, fromMillis: from, toMillis: to)
            stored = try server.engine.top(q).result.totals.flows
            if stored >= expectedFlows { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(stored == expectedFlows, "netsight stored \(stored) flows, nfcapd \(expectedFlows)")

        for key in [FlowKey.srcip, .dstip, .dstport, .proto] {
            for metric in FlowMetric.allCases {
                let csv = try runTool(nfdump, ["-R", "\(dir)/nfcapd", "-s", "\(key.rawValue)/\(metric.rawValue)", "-n", "0", "-o", "csv"])
                let theirs = RankedRow.parseNfdumpCSV(csv, keyIsProtocol: key == .proto)
                let q = try TopNQuery(keys: [key], metric: metric, limit: 0, fromMillis: from, toMillis: to)
                let ours = try server.engine.top(q).result.rows.map {
                    RankedRow(key: $0.keyValues[0], flows: $0.flows, packets: $0.packets, bytes: $0.bytes)
                }
                #expect(theirs.count >= 3, "nfdump gave too few \(key) rows")
                let problems = compareRankings(ours, theirs, metric: metric, limit: 10)
                #expect(problems.isEmpty, "v\(version) top \(key.rawValue)/\(metric.rawValue): \(problems.joined(separator: "\n"))")
            }
        }
        try await server.stop()
    }
}

/// Waits for a small file another process writes when it is ready, and returns its number.
func waitForFile(_ path: String, timeout: Double = 10) async throws -> Int {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if let text = try? String(contentsOfFile: path, encoding: .utf8), let n = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            return n
        }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw ToolError(message: "\(path) did not appear within \(timeout) s")
}
