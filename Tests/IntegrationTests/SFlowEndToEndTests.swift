import Analytics
import Foundation
import NetsightModel
import Storage
import Testing

/// pmacctd (sfprobe plugin, 1-in-4 sampling) replays a generated pcap and exports real
/// sFlow v5 to a running Netsight, through a tee that keeps every datagram. tshark decodes
/// the kept datagrams; the stored flows must be exactly those samples, scaled by the rate,
/// and each sample must be a packet of the pcap. Counter samples (pmacctd sends none in a
/// replay this short, so sflow_gen.py's are sent too) must land in the metadata store.
@Suite(.serialized)
struct SFlowEndToEndTests {
    @Test func pmacctdSFlowIsStoredScaled() async throws {
        guard let pmacctd = Peers.find("pmacctd"), let tshark = Peers.find("tshark"), let python = Peers.python else { return }
        let rate: UInt64 = 4
        let dir = try Peers.temporaryDirectory("sflow-e2e")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try runTool(python, [Peers.script("peers/make_flow_pcap.py"), "\(dir)/in.pcap", "--ipv6", "--flows", "300"])

        let server = try await RunningServer(dataDirectory: "\(dir)/data") {
            $0.sflowListen = .init(host: "127.0.0.1", port: 0)
        }
        let sflowPort = try #require(server.sflowPort)
        let testStart = UInt64(Date().timeIntervalSince1970 * 1000)

        // pmacctd -> tee (keeps each datagram) -> netsight's sFlow listener. A shell runs
        // both (see e2eSoftflowdExport for why Foundation's Process should not watch peers
        // that fiddle with inherited descriptors). pmacctd waits ~2 s, then sends everything
        // at once, and keeps waiting (it ignores SIGTERM). The tee stops before pmacctd gets
        // its SIGINT: on SIGINT pmacctd 1.7.7 sends one more datagram of phantom samples
        // (sample pools past the pcap's packet count, headers of packets it already
        // sampled), which no real agent would send.
        let saved = "\(dir)/datagrams"
        try FileManager.default.createDirectory(atPath: saved, withIntermediateDirectories: true)
        let driver = """
            set -u
            "$0" "$1" 0 "$2" --save "$3" --ready "$4/tee.port" 2>"$4/tee.log" & TEE=$!
            for i in $(seq 100); do [ -f "$4/tee.port" ] && break; sleep 0.05; done
            PORT=$(cat "$4/tee.port")
            cat > "$4/pmacctd.conf" <<CONF
            daemonize: false
            pcap_savefile: $4/in.pcap
            pcap_savefile_wait: true
            plugins: sfprobe
            sfprobe_receiver: 127.0.0.1:$PORT
            sfprobe_agentip: 192.0.2.200
            sampling_rate: $6
            CONF
            "$5" -f "$4/pmacctd.conf" >"$4/pmacctd.log" 2>&1 & PM=$!
            last=-1
            for i in $(seq 40); do
                sleep 0.25
                n=$(ls "$3" | wc -l)
                if [ "$n" -gt 0 ] && [ "$n" = "$last" ]; then break; fi
                last=$n
            done
            kill -TERM $TEE; wait $TEE
            kill -INT $PM
            for i in $(seq 80); do kill -0 $PM 2>/dev/null || break; sleep 0.1; done
            kill -9 $PM 2>/dev/null; wait $PM
            exit 0
            """
        try runTool(
            python, [Peers.script("peers/exec_clean.py"), "/bin/bash", "-c", driver, python, Peers.script("peers/udp_tee.py"), "\(sflowPort)", saved, dir, pmacctd, "\(rate)"],
            timeout: 30)
        let files = try e2eSavedDatagrams(saved)
        let log = (try? String(contentsOfFile: "\(dir)/pmacctd.log", encoding: .utf8)) ?? ""
        #expect(files.count >= 10, "pmacctd sent \(files.count) datagrams: \(log.suffix(600))")

        // What the wire carried, by tshark.
        try e2eDatagramPcap(files, port: 6343, output: "\(dir)/sflow.pcap")
        let wire = try E2ETshark.sflowSamples(tshark, pcap: "\(dir)/sflow.pcap", port: 6343)
        let samples = wire.samples
        #expect(samples.allSatisfy { $0.samplingRate == rate && $0.agent == "192.0.2.200" })

        // Every sample is a packet of the pcap (frame length + the 4 FCS bytes pmacctd
        // declares stripped), and there are about packets / rate of them.
        let pcapPackets = try pcapFrames(tshark, "\(dir)/in.pcap")
        var unmatched = pcapPackets
        var strays: [String] = []
        for s in samples {
            let k = "\(s.flow.key) len=\(s.frameLength - 4)"
            if let n = unmatched[k], n > 0 { unmatched[k] = n - 1 } else { strays.append(k) }
        }
        #expect(strays.isEmpty, "samples not in the pcap: \(strays.prefix(5))")
        let packetCount = pcapPackets.values.reduce(0, +)
        let expectedSamples = Double(packetCount) / Double(rate)
        #expect(Double(samples.count) > expectedSamples * 0.8 && Double(samples.count) < expectedSamples * 1.2,
                "\(samples.count) samples of \(packetCount) packets at 1/\(rate)")
        #expect(Set(samples.map(\.flow.proto)) == [1, 6, 17], "protocols: \(Set(samples.map(\.flow.proto)))")
        #expect(samples.contains { $0.flow.src.contains(":") }, "no IPv6 samples")

        // What netsight stored: one flow per sample, raw values as on the wire, scaled by 4.
        let stored = try await e2eStoredFlows(server, atLeast: samples.count)
        #expect(stored.count == samples.count, "stored \(stored.count) flows for \(samples.count) samples")
        #expect(stored.allSatisfy { $0.source == .sflow && $0.exporter == IPAddress("192.0.2.200")! })
        #expect(stored.allSatisfy { $0.samplingRate == UInt32(rate) && $0.rawPackets == 1 && $0.packets == rate })
        #expect(stored.allSatisfy { $0.bytes == $0.rawBytes * rate })
        let now = UInt64(Date().timeIntervalSince1970 * 1000)
        #expect(stored.allSatisfy { $0.startMillis >= testStart - 1000 && $0.endMillis <= now + 1000 })
        func interface(_ v: UInt32) -> UInt32 { v == 0x3FFF_FFFF ? 0 : v }  // "internal"
        let expected = samples.map { s in
            var f = s.flow
            f.inIf = interface(s.inputInterface)
            f.outIf = interface(s.outputInterface)
            return f
        }
        let ours = stored.map { r -> E2EFlow in
            var f = r.e2eRawFlow
            f.startMillis = 0
            f.endMillis = 0
            return f
        }
        let problems = e2eDifferences(ours, expected)
        #expect(problems.isEmpty, "stored flows differ from tshark's samples:\n\(problems.joined(separator: "\n"))")

        // Totals through the query engine: sum of frame lengths x rate.
        let q = try TopNQuery(keys: [.proto], metric: .bytes, limit: 0, fromMillis: testStart - 60_000, toMillis: now + 60_000)
        let totals = try server.engine.top(q).result.totals
        #expect(totals.bytes == samples.reduce(0) { $0 + $1.frameLength } * rate)
        #expect(totals.packets == UInt64(samples.count) * rate)
        #expect(totals.flows == UInt64(samples.count))

        // Counter samples: pmacctd's if any, and generated ones for two interfaces.
        try runTool(python, [Peers.script("sflow/sflow_gen.py"), "--out", "\(dir)/gen"])
        let list = try runTool(python, [Peers.script("sflow/sflow_gen.py"), "--list"])
        let scenarios = try #require(try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [String: Any])
        let scenario = try #require(scenarios["counters"] as? [String: Any])
        let expectedCounters = try #require(scenario["counters"] as? [[String: Any]])
        let agentText = try #require(scenario["agent"] as? String)
        let agent = try #require(IPAddress(agentText))
        let datagram = try #require(FileManager.default.contents(atPath: "\(dir)/gen/counters.bin"))
        try e2eSend([[UInt8](datagram)], to: sflowPort)

        let metadata = try MetadataStore(path: server.dataDirectory + "/netsight.sqlite")
        var got: [InterfaceCounterSample] = []
        for _ in 0..<50 {
            got = try metadata.interfaceCounters(agent: agent, fromMillis: 0, toMillis: UInt64(Int64.max))
            if got.count >= expectedCounters.count { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(got.count == expectedCounters.count, "stored counter samples: \(got)")
        for e in expectedCounters {
            let ifIndex = UInt32(e["ifIndex"] as? Int ?? -1)
            guard let c = got.first(where: { $0.ifIndex == ifIndex }) else {
                Issue.record("no counters stored for ifIndex \(ifIndex)")
                continue
            }
            func n(_ k: String) -> UInt64 { UInt64(e[k] as? Int ?? -1) }
            #expect(c.agent == agent)
            #expect(c.timestampMillis >= testStart && c.timestampMillis <= UInt64(Date().timeIntervalSince1970 * 1000) + 1000)
            #expect(UInt64(c.ifType) == n("ifType") && c.ifSpeed == n("ifSpeed") && UInt64(c.ifStatus) == n("ifStatus"))
            #expect(c.inOctets == n("inOctets") && c.outOctets == n("outOctets"))
            #expect(UInt64(c.inUnicastPackets) == n("inUcast") && UInt64(c.outUnicastPackets) == n("outUcast"))
            #expect(UInt64(c.inDiscards) == n("inDiscards") && UInt64(c.inErrors) == n("inErrors"))
            #expect(UInt64(c.outDiscards) == n("outDiscards") && UInt64(c.outErrors) == n("outErrors"))
        }
        if wire.counterSamples > 0 {
            let pm = try metadata.interfaceCounters(agent: IPAddress("192.0.2.200")!, fromMillis: 0, toMillis: UInt64(Int64.max))
            #expect(pm.count == wire.counterSamples, "pmacctd sent \(wire.counterSamples) counter samples, stored \(pm.count)")
        }
        try await server.stop()
    }

    /// The pcap's packets as "5-tuple len=frame length" -> how many, by tshark.
    private func pcapFrames(_ tshark: String, _ pcap: String) throws -> [String: Int] {
        let fields = ["ip.src", "ipv6.src", "ip.dst", "ipv6.dst", "ip.proto", "ipv6.nxt", "tcp.srcport", "udp.srcport",
                      "tcp.dstport", "udp.dstport", "icmp.type", "icmp.code", "frame.len"]
        let out = try runTool(
            tshark, ["-n", "-r", pcap, "-T", "fields", "-E", "separator=;"] + fields.flatMap { ["-e", $0] })
        var counts: [String: Int] = [:]
        for line in out.split(separator: "\n") {
            let v = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            guard v.count == fields.count else { continue }
            var f = E2EFlow()
            f.src = v[0].isEmpty ? v[1] : v[0]
            f.dst = v[2].isEmpty ? v[3] : v[2]
            f.proto = UInt8(v[4].isEmpty ? v[5] : v[4]) ?? 0
            f.srcPort = UInt16(v[6].isEmpty ? v[7] : v[6]) ?? 0
            f.dstPort = UInt16(v[8].isEmpty ? v[9] : v[8]) ?? 0
            if f.proto == 1 { f.dstPort = (UInt16(v[10]) ?? 0) << 8 | (UInt16(v[11]) ?? 0) }
            counts["\(f.key) len=\(v[12])", default: 0] += 1
        }
        return counts
    }
}
