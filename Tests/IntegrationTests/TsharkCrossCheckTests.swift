import Foundation
import Testing

/// softflowd exports generated traffic as NetFlow v5, v9 and IPFIX; the datagrams are kept
/// as they crossed the wire. The real `netsight flows decode --json` binary and tshark's
/// cflow dissector decode the same bytes, and every record must agree: addresses, ports,
/// protocol, TCP flags, ToS, bytes, packets, interfaces, start and end times (to the
/// millisecond), matched by 5-tuple.
@Suite(.serialized)
struct TsharkCrossCheckTests {
    @Test(arguments: [5, 9, 10])
    func decodeAgreesWithTshark(version: Int) async throws {
        guard let softflowd = Peers.find("softflowd"), let softflowctl = Peers.find("softflowctl"),
            let tshark = Peers.find("tshark"), let python = Peers.python
        else { return }
        let dir = try Peers.temporaryDirectory("tshark\(version)")
        defer { try? FileManager.default.removeItem(atPath: dir) }

        let start = Int(Date().timeIntervalSince1970) - 600
        var pcapArgs = [Peers.script("peers/make_flow_pcap.py"), "\(dir)/in.pcap", "--start", "\(start)"]
        if version != 5 { pcapArgs.append("--ipv6") }
        try runTool(python, pcapArgs)
        // Nobody listens on the forward port: only the saved copies matter here.
        let files = try await e2eSoftflowdExport(
            softflowd: softflowd, softflowctl: softflowctl, pcap: "\(dir)/in.pcap", version: version,
            forwardTo: [Peers.freeUDPPort()], saveDirectory: "\(dir)/datagrams", workDirectory: dir)
        #expect(files.count >= 10, "softflowd sent only \(files.count) datagrams")

        // netsight reads the raw datagram files; tshark the same payloads wrapped in a pcap.
        let decoded = try netsightDecode(files)
        try e2eDatagramPcap(files, port: 2055, output: "\(dir)/export.pcap")
        let reference = try E2ETshark.cflowRecords(tshark, pcap: "\(dir)/export.pcap", port: 2055)

        let versionName = ["5": "netflow-v5", "9": "netflow-v9", "10": "ipfix"]["\(version)"]!
        #expect(decoded.allSatisfy { $0.version == versionName }, "versions: \(Set(decoded.map(\.version)))")
        #expect(decoded.allSatisfy { $0.samplingRate == 1 && $0.bytes == $0.rawBytes })
        // 400 IPv4 flows from the generator (+20 IPv6 ones for v9/IPFIX), some split by softflowd.
        #expect(reference.count >= (version == 5 ? 390 : 410), "tshark decoded only \(reference.count) records")
        #expect(decoded.count == reference.count, "netsight \(decoded.count) records, tshark \(reference.count)")
        if version != 5 {
            #expect(decoded.contains { $0.src.contains(":") }, "no IPv6 records decoded")
        }
        #expect(decoded.contains { $0.proto == 6 && $0.tcpFlags != 0 }, "no TCP flags to compare")
        #expect(decoded.contains { $0.proto == 1 && $0.dstPort == 0x0800 }, "no ICMP echo records to compare")
        // The generator's flows start ten minutes ago: times must be absolute and plausible.
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        #expect(decoded.allSatisfy { $0.startMillis >= UInt64(start) * 1000 - 60_000 && $0.endMillis <= now })

        let problems = e2eDifferences(decoded.map(\.flow), reference)
        #expect(problems.isEmpty, "v\(version): netsight and tshark disagree:\n\(problems.joined(separator: "\n"))")
    }
}
