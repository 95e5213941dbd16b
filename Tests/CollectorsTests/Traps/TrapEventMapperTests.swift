import NetsightModel
import SNMPCodec
import Testing

@testable import Collectors

@Suite struct TrapEventMapperTests {
    let origin = TrapEventMapper.Origin(
        timeMillis: 5, source: IPAddress("192.0.2.1")!, version: .v1, security: "public",
        deviceNames: [IPAddress("10.9.9.9")!: "behind-nat"])

    @Test(arguments: [
        (Int32(0), "coldStart"), (1, "warmStart"), (2, "linkDown"), (3, "linkUp"), (4, "authenticationFailure"), (5, "egpNeighborLoss"),
    ])
    func v1GenericTrapsMapToTheV2Names(generic: Int32, name: String) {
        let trap = TrapV1PDU(enterprise: [1, 3, 6, 1, 4, 1, 9], agentAddress: 0x0A09_0909, genericTrap: generic, specificTrap: 0, timestamp: 1, varBinds: [])
        let e = TrapEventMapper.event(v1: trap, origin: origin)
        #expect(e.trapName == name)
        #expect(e.trapOID == "1.3.6.1.6.3.1.1.5.\(generic + 1)")
        // No name for the UDP source, so the agent-addr field names the device.
        #expect(e.deviceName == "behind-nat")
    }

    @Test func enterpriseSpecificV1TrapKeepsItsOIDWithoutAName() {
        let trap = TrapV1PDU(enterprise: [1, 3, 6, 1, 4, 1, 9], agentAddress: 0, genericTrap: 6, specificTrap: 17, timestamp: 1, varBinds: [])
        let e = TrapEventMapper.event(v1: trap, origin: origin)
        #expect(e.trapOID == "1.3.6.1.4.1.9.0.17" && e.trapName == "")
    }

    @Test func linkUpInterfaceFieldsComeFromTheInstanceWhenIfIndexIsAbsent() throws {
        let varBinds = [
            VarBind([1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0], .objectIdentifier([1, 3, 6, 1, 6, 3, 1, 1, 5, 4])),
            VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 12], .octetString(Array("Gi0/12".utf8))),
            VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 7, 12], .integer(1)),
            VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 8, 12], .integer(1)),
            VarBind([1, 3, 6, 1, 4, 1, 9, 2, 2, 1, 1, 20, 12], .octetString([0xDE, 0xAD])),
        ]
        let e = try #require(TrapEventMapper.event(v2: varBinds, kind: .trap, origin: origin))
        #expect(e.trapName == "linkUp" && e.ifIndex == 12 && e.ifDescr == "Gi0/12")
        #expect(e.ifAdminStatus == 1 && e.ifOperStatus == 1 && e.uptime == nil)
        #expect(e.varBinds.split(separator: "\n").last == ".1.3.6.1.4.1.9.2.2.1.1.20.12 = Hex-STRING: DE AD")
        #expect(TrapEventMapper.event(v2: Array(varBinds.dropFirst()), kind: .trap, origin: origin) == nil)
    }

    @Test func varbindTextFollowsNetSNMP() {
        #expect(TrapVarBindText.value(.ipAddress(0xC000_0201)) == "IpAddress: 192.0.2.1")
        #expect(TrapVarBindText.value(.counter64(5)) == "Counter64: 5")
        #expect(TrapVarBindText.value(.octetString(Array("a\"b".utf8))) == "STRING: \"a\\\"b\"")
        #expect(TrapVarBindText.value(.objectIdentifier([1, 3, 6])) == "OID: .1.3.6")
    }
}
