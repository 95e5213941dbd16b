import Foundation
import NetsightModel
import Testing

@testable import Storage

@Suite struct MetadataStoreEventsTests {
    func event(_ t: UInt64, _ name: String = "linkDown", ifIndex: UInt32? = 2) -> SNMPEvent {
        SNMPEvent(
            timeMillis: t, source: IPAddress("192.0.2.7")!, version: .v2c, kind: .trap, security: "public",
            trapOID: "1.3.6.1.6.3.1.1.5.3", trapName: name, deviceName: "core-1", agentAddress: IPAddress("10.0.0.1"),
            uptime: 12345, ifIndex: ifIndex, ifDescr: "eth0", ifAdminStatus: 1, ifOperStatus: 2,
            varBinds: ".1.3.6.1.2.1.2.2.1.1.2 = INTEGER: 2")
    }

    @Test func eventsRoundTripNewestFirstWithinWindowAndLimit() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/m.sqlite"
        let sparse = SNMPEvent(
            timeMillis: 3_000, source: IPAddress("2001:db8::9")!, version: .v3, kind: .inform, security: "bob",
            trapOID: "1.3.6.1.4.1.9.0.1", trapName: "", varBinds: "")
        do {
            let store = try MetadataStore(path: path)
            try store.appendEvents([event(1_000), event(2_000, "linkUp"), sparse, event(9_000)])
            try store.appendEvents([])
        }
        let store = try MetadataStore(path: path)
        #expect(try store.events(fromMillis: 0, toMillis: 10_000, limit: 10).map(\.timeMillis) == [9_000, 3_000, 2_000, 1_000])
        #expect(try store.events(fromMillis: 1_500, toMillis: 3_000, limit: 10) == [sparse, event(2_000, "linkUp")])
        #expect(try store.events(fromMillis: 0, toMillis: 10_000, limit: 2).map(\.timeMillis) == [9_000, 3_000])
        #expect(try store.events(fromMillis: 0, toMillis: 10_000, limit: 10).last == event(1_000))
        #expect(try store.deleteEvents(olderThanMillis: 2_500) == 2)
        #expect(try store.events(fromMillis: 0, toMillis: 10_000, limit: 10).count == 2)
    }

    @Test func engineIDPersistsAndBootsIncrease() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/m.sqlite"
        var made = 0
        let make: () -> [UInt8] = { made += 1; return [0x80, 0, 0x1F, 0x88, 0x80, 1, 2, 3] }
        let first = try MetadataStore(path: path).startSNMPEngine(configuredEngineID: nil, makeEngineID: make)
        let second = try MetadataStore(path: path).startSNMPEngine(configuredEngineID: nil, makeEngineID: make)
        #expect(first.engineID == [0x80, 0, 0x1F, 0x88, 0x80, 1, 2, 3])
        #expect(second.engineID == first.engineID)
        #expect(first.boots == 1)
        #expect(second.boots == 2)
        #expect(made == 1)
        // A configured ID replaces the generated one; boots restart for the new engine.
        let configured = try MetadataStore(path: path).startSNMPEngine(configuredEngineID: [0x80, 0, 0, 0, 4, 65], makeEngineID: make)
        #expect(configured.engineID == [0x80, 0, 0, 0, 4, 65])
        #expect(configured.boots == 1)
    }
}
