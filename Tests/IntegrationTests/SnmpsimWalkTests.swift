import Foundation
import Testing

/// `netsight snmp bulkwalk` against snmpsim serving several synthetic routers (one
/// community each, made by scripts/peers/make_snmprec.py), compared with
/// `snmpbulkwalk -On`.
///
/// With static recordings the two outputs must be byte for byte the same. With counters
/// that grow (snmpsim's `numeric` variation module) the OIDs, types and fixed values must
/// match, and each of netsight's ifHCInOctets must lie between the values of two net-snmp
/// walks made just before and just after it.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct SnmpsimWalkTests {
    static let ifXTable = ".1.3.6.1.2.1.31.1.1"

    func walks(_ sim: SnmpsimPeer, community: String, root: String, netsightOptions: [String] = [], netSNMPOptions: [String] = []) throws
        -> (theirs: String, ours: String)
    {
        let credentials = ["-v", "2c", "-c", community]
        let theirs = try runNetSNMP(sim.snmpbulkwalk, ["-On"] + netSNMPOptions + credentials + [sim.address, root], environment: sim.clientEnvironment)
        let ours = try runNetSNMP(Peers.netsightBinary, ["snmp", "bulkwalk", "-On"] + netsightOptions + credentials + [sim.address, root])
        return (theirs, ours)
    }

    /// Where two outputs first differ, for the failure message.
    func firstDifference(_ a: String, _ b: String) -> String {
        let (la, lb) = (a.split(separator: "\n", omittingEmptySubsequences: false), b.split(separator: "\n", omittingEmptySubsequences: false))
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? String(la[i]) : "<end>"
            let y = i < lb.count ? String(lb[i]) : "<end>"
            if x != y { return "line \(i + 1): net-snmp `\(x)`, netsight `\(y)` (\(la.count) vs \(lb.count) lines)" }
        }
        return "same"
    }

    @Test func ifXTableOfEveryCommunityMatchesSnmpbulkwalkExactly() throws {
        // The first device's octet counters sit just below 2^32 (Counter32) and above
        // 2^32 (Counter64): the encodings' edge cases.
        guard let sim = try SnmpsimPeer(devices: 3, interfaces: 6, extraArguments: ["--wrap-devices", "1"]) else { return }
        defer { sim.stop() }
        for community in sim.communities {
            let (theirs, ours) = try walks(sim, community: community, root: Self.ifXTable)
            #expect(SNMPWalkEntry.parse(theirs).count == 19 * 6, "\(community): snmpbulkwalk gave \(theirs.prefix(300))")
            #expect(ours == theirs, "\(community): \(firstDifference(theirs, ours))")
            #expect(ours.contains("GigabitEthernet0/6"))
        }
        // Each community is its own device: the walks differ.
        let a = try walks(sim, community: sim.communities[1], root: ".1.3.6.1.2.1.1.5").ours
        let b = try walks(sim, community: sim.communities[2], root: ".1.3.6.1.2.1.1.5").ours
        #expect(a == ".1.3.6.1.2.1.1.5.0 = STRING: \"\(sim.communities[1]).lab.example\"\n")
        #expect(b == ".1.3.6.1.2.1.1.5.0 = STRING: \"\(sim.communities[2]).lab.example\"\n")
    }

    @Test func wholeDeviceAndLLDPMatchSnmpbulkwalkExactly() throws {
        guard let sim = try SnmpsimPeer(devices: 2, interfaces: 4, extraArguments: ["--wrap-devices", "1"]) else { return }
        defer { sim.stop() }
        // MIB-2, HOST-RESOURCES, and LLDP-MIB (Hex-STRING chassis IDs and BITS), with
        // max-repetitions starting small, default, and above snmpsim's 64-varbind cap.
        for (root, start) in [(".1.3.6.1.2.1", "r5"), (".1.0.8802", "r25"), (".1.3.6.1.2.1.2", "r100")] {
            let (theirs, ours) = try walks(sim, community: sim.communities[0], root: root, netsightOptions: ["-C\(start)"])
            #expect(!theirs.isEmpty)
            #expect(ours == theirs, "\(root) -C\(start): \(firstDifference(theirs, ours))")
        }
        // The whole device, which ends at the end of snmpsim's MIB view: both tools then
        // print one endOfMibView line per varbind of the last answer that carries it. How
        // many depends on the last request's max-repetitions, which netsight adapts, so
        // the count may differ; the lines themselves and everything before them may not.
        let (theirs, ours) = try walks(sim, community: sim.communities[0], root: ".1.3.6.1")
        let endOfView = "No more variables left in this MIB View"
        func rows(_ text: String) -> String {
            text.split(separator: "\n").filter { !$0.contains(endOfView) }.joined(separator: "\n") + "\n"
        }
        func ends(_ text: String) -> Set<Substring> { Set(text.split(separator: "\n").filter { $0.contains(endOfView) }) }
        #expect(theirs.contains(endOfView) && ours.contains(endOfView))
        #expect(ends(ours) == ends(theirs), "the same end-of-view line(s)")
        #expect(rows(ours) == rows(theirs), ".1.3.6.1: \(firstDifference(rows(theirs), rows(ours)))")
        let lldp = try walks(sim, community: sim.communities[0], root: ".1.0.8802.1.1.2.1.4.1.1.9").ours
        #expect(lldp.contains("STRING: \"\(sim.communities[1]).lab.example\""), "the ring neighbour: \(lldp)")
    }

    @Test func growingCountersMatchTypesAndLieBetweenTwoNetSNMPWalks() throws {
        guard let sim = try SnmpsimPeer(devices: 2, interfaces: 4, isStatic: false) else { return }
        defer { sim.stop() }
        for community in sim.communities {
            let credentials = ["-v", "2c", "-c", community]
            let reference = ["-On"] + credentials + [sim.address, Self.ifXTable]
            let first = SNMPWalkEntry.parse(try runNetSNMP(sim.snmpbulkwalk, reference, environment: sim.clientEnvironment))
            usleep(300_000)
            let mine = SNMPWalkEntry.parse(try runNetSNMP(Peers.netsightBinary, ["snmp", "bulkwalk"] + reference))
            usleep(300_000)
            let second = SNMPWalkEntry.parse(try runNetSNMP(sim.snmpbulkwalk, reference, environment: sim.clientEnvironment))
            #expect(first.count == 19 * 4)
            #expect(mine.map(\.oid) == first.map(\.oid), "\(community): OIDs differ")
            #expect(mine.map(\.type) == first.map(\.type), "\(community): types differ")
            for (a, (m, b)) in zip(first, zip(mine, second)) where a.oid == m.oid && m.oid == b.oid {
                if !a.isVolatileType {
                    #expect(m.value == a.value, "\(community): \(a) vs \(m)")
                } else if a.type == "Counter64", let x = UInt64(a.value), let y = UInt64(m.value), let z = UInt64(b.value) {
                    #expect(x <= y && y <= z, "\(community): \(m.oid) netsight \(y) not within net-snmp's \(x)...\(z)")
                }
            }
            // ifHCInOctets of port 1 (up, 1 kB/s or more) moved between the two net-snmp walks.
            let hc = ".1.3.6.1.2.1.31.1.1.1.6.1"
            let before = first.first { $0.oid == hc }.flatMap { UInt64($0.value) } ?? 0
            let after = second.first { $0.oid == hc }.flatMap { UInt64($0.value) } ?? 0
            #expect(after > before, "\(community): ifHCInOctets.1 did not grow (\(before) -> \(after))")
        }
    }
}
