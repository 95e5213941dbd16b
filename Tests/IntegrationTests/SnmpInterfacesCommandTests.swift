import Foundation
import Testing

/// `netsight snmp interfaces` against Debian's snmpd: the interfaces net-snmp's tools
/// list, with rates (loopback carries the polls themselves, so its counters move), over
/// v2c and v3; and a dead target fails with one line naming it.
@Suite(.serialized) struct SnmpInterfacesCommandTests {
    @Test(arguments: [nil, "privsha"])
    func interfacesMatchNetSNMPAndCarryRates(userName: String?) throws {
        guard let agent = try SNMPAgentPeer() else { return }
        defer { agent.stop() }
        let user = userName.flatMap { name in SNMPAgentPeer.users.first { $0.name == name } }
        let credentials = SNMPAgentPeer.credentials(user: user)
        let names = try runNetSNMP(
            agent.snmpbulkwalk, ["-On", "-Oqv"] + credentials + [agent.address, ".1.3.6.1.2.1.31.1.1.1.1"],
            environment: agent.clientEnvironment)
        let theirs = names.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        #expect(theirs.contains("lo"))

        let json = try runNetSNMP(
            Peers.netsightBinary, ["snmp", "interfaces"] + credentials + ["--seconds", "4", "--format", "json", agent.address])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]], "\(json)")
        #expect(rows.compactMap { $0["name"] as? String } == theirs)
        let lo = try #require(rows.first { $0["name"] as? String == "lo" })
        #expect(lo["operStatus"] as? String == "up" && lo["adminStatus"] as? String == "up", "\(lo)")
        #expect((lo["inBitsPerSecond"] as? Double ?? 0) > 0, "loopback carried the first poll (snmpd refreshes its counters every few seconds): \(lo)")

        let table = try runNetSNMP(Peers.netsightBinary, ["snmp", "interfaces"] + credentials + ["--seconds", "1", agent.address])
        let lines = table.split(separator: "\n")
        #expect(lines.count == theirs.count + 1, "\(table)")
        #expect(lines.contains { $0.split(separator: " ").dropFirst().first == "lo" }, "\(table)")
    }

    @Test func deadTargetFailsWithOneLine() throws {
        let port = Peers.freeUDPPort()
        let r = try runSNMPTool(Peers.netsightBinary, ["snmp", "interfaces", "-v2c", "-c", "public", "-t", "0.2", "-r", "1", "127.0.0.1:\(port)"])
        #expect(r.status != 0)
        #expect(r.out.isEmpty)
        #expect(r.err.hasSuffix("timeout after 2 tries to 127.0.0.1:\(port)\n"), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
    }
}
