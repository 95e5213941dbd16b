import Foundation
import Testing

/// `netsight snmp` against Debian's snmpd, compared with net-snmp's own tools.
///
/// Each comparison walks with `snmpbulkwalk -On`, then `netsight snmp bulkwalk -On`, then
/// `snmpbulkwalk -On` again, and requires the same OIDs in the same order with the same
/// types. Values must be equal too, except where they change between two walks of a live
/// agent: Counter32, Counter64 and Timeticks (sysUpTime, ifLastChange) are compared by
/// type only, as is any value the two net-snmp walks disagree on (hrSystemDate,
/// hrStorageUsed). In the whole-MIB-2 walk every numeric value is compared by type only
/// (memory and process gauges move up and down), and rows present in only one of the
/// three walks are dropped: udpTable lists the walking tool's own socket.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct SNMPWalkComparisonTests {
    /// .1.3.6.1.4.1.2021.10: UCD-SNMP laTable, whose laLoadFloat is an Opaque-wrapped
    /// float (`Opaque: Float: 0.250000`); the agent's config (`load`) turns it on.
    static let subtrees = [".1.3.6.1.2.1.1", ".1.3.6.1.2.1.2.2", ".1.3.6.1.2.1.31.1.1", ".1.3.6.1.4.1.2021.10"]

    func compare(
        _ agent: SNMPAgentPeer, root: String, user: (name: String, auth: String, priv: String?)?, wholeTree: Bool = false
    ) throws {
        let credentials = SNMPAgentPeer.credentials(user: user)
        let reference = ["-On"] + credentials + [agent.address, root]
        let first = try runNetSNMP(agent.snmpbulkwalk, reference, environment: agent.clientEnvironment)
        let ours = try runNetSNMP(Peers.netsightBinary, ["snmp", "bulkwalk", "-On"] + credentials + [agent.address, root])
        let second = try runNetSNMP(agent.snmpbulkwalk, reference, environment: agent.clientEnvironment)
        var (r1, mine, r2) = (SNMPWalkEntry.parse(first), SNMPWalkEntry.parse(ours), SNMPWalkEntry.parse(second))
        #expect(!r1.isEmpty, "snmpbulkwalk returned nothing for \(root)")
        if wholeTree {
            var seen: [String: Int] = [:]
            for e in r1 + mine + r2 { seen[e.oid, default: 0] += 1 }
            let before = mine.count
            (r1, mine, r2) = (r1.filter { seen[$0.oid]! >= 2 }, mine.filter { seen[$0.oid]! >= 2 }, r2.filter { seen[$0.oid]! >= 2 })
            #expect(before - mine.count <= 4, "netsight returned \(before - mine.count) rows neither net-snmp walk had")
        }
        let label = "\(root) as \(user?.name ?? "v2c")"
        var differences: [String] = []
        let stable = Dictionary(r2.map { ($0.oid, $0) }, uniquingKeysWith: { a, _ in a })
        if mine.map(\.oid) != r1.map(\.oid) {
            let missing = Set(r1.map(\.oid)).subtracting(mine.map(\.oid)).sorted().prefix(5)
            let extra = Set(mine.map(\.oid)).subtracting(r1.map(\.oid)).sorted().prefix(5)
            differences.append("OIDs differ (\(mine.count) vs \(r1.count)); missing \(Array(missing)), extra \(Array(extra))")
        }
        for (theirs, mine) in zip(r1, mine) where theirs.oid == mine.oid {
            if theirs.type != mine.type {
                differences.append("type: net-snmp `\(theirs)`, netsight `\(mine)`")
                continue
            }
            if theirs.isVolatileType || (wholeTree && theirs.isNumericType) { continue }
            guard stable[theirs.oid]?.value == theirs.value else { continue }
            if theirs.value != mine.value { differences.append("value: net-snmp `\(theirs)`, netsight `\(mine)`") }
        }
        #expect(differences.isEmpty, "\(label): \(differences.prefix(15).joined(separator: "\n"))")
        #expect(ours.hasSuffix("\n") && first.hasSuffix("\n"))
    }

    @Test func v2cSubtreesMatchSnmpbulkwalk() throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        for root in Self.subtrees { try compare(agent, root: root, user: nil) }
    }

    @Test func v2cWholeMIB2MatchesSnmpbulkwalk() throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        try compare(agent, root: ".1.3.6.1.2.1", user: nil, wholeTree: true)
    }

    @Test(arguments: SNMPAgentPeer.users.map(\.name))
    func v3SubtreesMatchSnmpbulkwalk(userName: String) throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        let user = SNMPAgentPeer.users.first { $0.name == userName }!
        for root in Self.subtrees { try compare(agent, root: root, user: user) }
    }

    @Test func getAndWalkMatchNetSNMPForScalarsAndMissingObjects() throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        let oids = [".1.3.6.1.2.1.1.5.0", ".1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.99.0", ".1.3.6.1.2.1.1.1.99"]
        let credentials = SNMPAgentPeer.credentials(user: nil)
        let theirs = try runNetSNMP(agent.snmpget, ["-On"] + credentials + [agent.address] + oids, environment: agent.clientEnvironment)
        let ours = try runNetSNMP(Peers.netsightBinary, ["snmp", "get", "-On"] + credentials + [agent.address] + oids)
        #expect(ours == theirs)
        #expect(ours.contains("No Such Object available on this agent at this OID"))
        #expect(ours.contains("No Such Instance currently exists at this OID"))
        // Built-in names, and a GetNext walk of a scalar (nothing under it: net-snmp then Gets it).
        let named = try runNetSNMP(Peers.netsightBinary, ["snmp", "get"] + credentials + [agent.address, "sysName.0", "sysObjectID.0"])
        #expect(named == theirs.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n")
        let scalar = try runNetSNMP(Peers.netsightBinary, ["snmp", "walk"] + credentials + [agent.address, ".1.3.6.1.2.1.1.5.0"])
        #expect(scalar == theirs.split(separator: "\n").prefix(1).joined() + "\n")
        // --json
        let json = try runNetSNMP(Peers.netsightBinary, ["snmp", "get", "--json"] + credentials + [agent.address, "sysName.0"])
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.first?["oid"] as? String == ".1.3.6.1.2.1.1.5.0")
        #expect(parsed?.first?["type"] as? String == "OCTET STRING")
    }

    /// The same agent over ::1: v2c and v3 authPriv answers as net-snmp's tools give them.
    @Test func ipv6TargetsMatchNetSNMP() throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        for user in [nil, SNMPAgentPeer.users[1]] {
            let credentials = SNMPAgentPeer.credentials(user: user)
            let oids = [".1.3.6.1.2.1.1.5.0", ".1.3.6.1.2.1.1.3.0"]
            let theirs = try runNetSNMP(agent.snmpget, ["-On"] + credentials + [agent.address6] + oids, environment: agent.clientEnvironment)
            let ours = try runNetSNMP(Peers.netsightBinary, ["snmp", "get", "-On"] + credentials + [agent.address6] + oids)
            #expect(theirs.hasPrefix(".1.3.6.1.2.1.1.5.0 = STRING: "), "net-snmp reached the agent over IPv6: \(theirs)")
            // sysUpTime moves between the two calls: compare the name line and the shape.
            #expect(ours.split(separator: "\n").first == theirs.split(separator: "\n").first)
            #expect(ours.split(separator: "\n").last?.hasPrefix(".1.3.6.1.2.1.1.3.0 = Timeticks: (") == true)
            let walkTheirs = try runNetSNMP(agent.snmpbulkwalk, ["-On"] + credentials + [agent.address6, ".1.3.6.1.2.1.2.2.1.2"], environment: agent.clientEnvironment)
            let walkOurs = try runNetSNMP(Peers.netsightBinary, ["snmp", "bulkwalk", "-On"] + credentials + [agent.address6, ".1.3.6.1.2.1.2.2.1.2"])
            #expect(walkOurs == walkTheirs)
        }
    }

    @Test func wrongCommunityTimesOutWithOneLineError() throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        let r = try runSNMPTool(Peers.netsightBinary, ["snmp", "bulkwalk", "-v", "2c", "-c", "wrong", "-t", "0.3", "-r", "1", agent.address, ".1.3.6.1.2.1.1"])
        #expect(r.status != 0)
        #expect(r.err == "netsight: timeout after 2 tries to \(agent.address)\n")
        #expect(r.out.isEmpty)
        #expect(r.seconds < 3)
    }

    @Test(arguments: SNMPAgentPeer.users.map(\.name))
    func wrongAuthPasswordFailsFastWithAuthenticationError(userName: String) throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        let user = SNMPAgentPeer.users.first { $0.name == userName }!
        var args = SNMPAgentPeer.credentials(user: user)
        args[args.firstIndex(of: SNMPAgentPeer.authPassword)!] = "not-the-password"
        let r = try runSNMPTool(Peers.netsightBinary, ["snmp", "get"] + args + ["-t", "2", "-r", "3", agent.address, "sysName.0"])
        #expect(r.status != 0)
        #expect(r.err == "netsight: authentication failed for user \(userName) on \(agent.address)\n")
        #expect(r.seconds < 2, "an authentication failure must not wait for timeouts")
    }

    /// The right auth password and a wrong priv password: snmpd cannot decrypt and drops
    /// the request without a report, so both tools time out; netsight says what is likely
    /// wrong, since the agent did answer engine discovery.
    @Test(arguments: ["privsha", "privmd5"])
    func wrongPrivPasswordTimesOutWithAHint(userName: String) throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        let user = SNMPAgentPeer.users.first { $0.name == userName }!
        var args = SNMPAgentPeer.credentials(user: user)
        args[args.firstIndex(of: SNMPAgentPeer.privPassword)!] = "not-the-priv-password"
        let theirs = try runSNMPTool(agent.snmpget, args + ["-t", "0.5", "-r", "1", agent.address, ".1.3.6.1.2.1.1.5.0"], environment: agent.clientEnvironment)
        let r = try runSNMPTool(Peers.netsightBinary, ["snmp", "get"] + args + ["-t", "0.5", "-r", "1", agent.address, "sysName.0"])
        #expect(theirs.status != 0 && theirs.err.contains("Timeout"), "net-snmp: \(theirs.err)")
        #expect(r.status != 0)
        #expect(r.err == "netsight: timeout after 2 tries to \(agent.address) (the agent answered engine discovery; wrong privacy password or protocol for user \(userName)?)\n")
        #expect(r.seconds < 3)
    }

    @Test func unknownUserIsNamed() throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        let r = try runSNMPTool(Peers.netsightBinary, ["snmp", "get", "-v", "3", "-u", "nobody", "-l", "authNoPriv", "-a", "SHA", "-A", "whatever-123", agent.address, "sysName.0"])
        #expect(r.status != 0)
        #expect(r.err == "netsight: unknown user nobody on \(agent.address)\n")
    }

    @Test func nonListeningPortTimesOutWithinTheConfiguredTime() throws {
        guard Peers.find("snmpd") != nil else { return }
        let port = Peers.freeUDPPort()
        for args in [["-v", "2c", "-c", "public"], ["-v", "3", "-u", "privsha", "-l", "authPriv", "-a", "SHA", "-A", "auth-pass-123", "-x", "AES", "-X", "priv-pass-456"]] {
            let r = try runSNMPTool(Peers.netsightBinary, ["snmp", "bulkwalk"] + args + ["-t", "0.5", "-r", "1", "127.0.0.1:\(port)", ".1.3.6.1.2.1.1"])
            #expect(r.status != 0)
            #expect(r.err == "netsight: timeout after 2 tries to 127.0.0.1:\(port)\n")
            #expect(r.seconds >= 0.9 && r.seconds < 2.5, "took \(r.seconds) s for 2 tries of 0.5 s")
        }
    }
}
