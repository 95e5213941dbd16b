import Foundation
import NetsightModel
import Testing

@testable import Storage

@Suite struct MetadataStoreTests {
    @Test func templatesRoundTripAndReplace() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/netsight.sqlite"
        do {
            let store = try MetadataStore(path: path)
            try store.saveTemplates(exporterKey: "10.0.0.1|0", blob: Array("{\"a\":1}".utf8))
            try store.saveTemplates(exporterKey: "2001:db8::1|7", blob: [0, 255, 1])
            try store.saveTemplates(exporterKey: "10.0.0.1|0", blob: Array("{\"a\":2}".utf8))
        }
        // Reopen: migrations are idempotent and data persisted.
        let store = try MetadataStore(path: path)
        #expect(try store.loadTemplates() == ["10.0.0.1|0": Array("{\"a\":2}".utf8), "2001:db8::1|7": [0, 255, 1]])
    }

    @Test func interfaceCountersFilterByAgentAndWindow() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        let v4 = IPAddress("192.0.2.1")!, v6 = IPAddress("2001:db8::2")!
        let samples = [
            InterfaceCounterSample(
                agent: v4, timestampMillis: 1_000, ifIndex: 1, ifType: 6, ifSpeed: 10_000_000_000, ifDirection: 1,
                ifStatus: 3, inOctets: UInt64.max - 1, inUnicastPackets: 2, inMulticastPackets: 3,
                inBroadcastPackets: 4, inDiscards: 5, inErrors: 6, inUnknownProtos: 7, outOctets: 8,
                outUnicastPackets: 9, outMulticastPackets: 10, outBroadcastPackets: 11, outDiscards: 12,
                outErrors: 13, promiscuousMode: UInt32.max),
            InterfaceCounterSample(agent: v6, timestampMillis: 2_000, ifIndex: 2, inOctets: 100),
            InterfaceCounterSample(agent: v4, timestampMillis: 3_000, ifIndex: 1, inOctets: 200),
        ]
        try store.appendInterfaceCounters(samples)
        #expect(try store.interfaceCounters(agent: nil, fromMillis: 0, toMillis: 10_000) == samples)
        #expect(try store.interfaceCounters(agent: v4, fromMillis: 0, toMillis: 10_000) == [samples[0], samples[2]])
        #expect(try store.interfaceCounters(agent: v6, fromMillis: 0, toMillis: 10_000) == [samples[1]])
        #expect(try store.interfaceCounters(agent: nil, fromMillis: 1_500, toMillis: 3_000) == [samples[1], samples[2]])
        #expect(try store.deleteInterfaceCounters(olderThanMillis: 2_500) == 2)
        #expect(try store.interfaceCounters(agent: nil, fromMillis: 0, toMillis: 10_000) == [samples[2]])
    }

    @Test func rollupsAddByKey() throws {
        let dir = try TemporaryDirectory()
        let store = try MetadataStore(path: dir.path + "/m.sqlite")
        let a = FlowRollupRow(
            minuteMillis: 60_000, exporterName: "edge", inputInterface: 1, outputInterface: 2, proto: 6,
            srcAS: 64_512, dstAS: 15_169, srcSite: "Paris", dstSite: "", bytes: 1_000, packets: 10, flows: 1)
        var b = a
        b.proto = 17
        var c = a
        c.minuteMillis = 120_000
        try store.addRollup([a, b, c])
        try store.addRollup([a])
        var doubled = a
        doubled.bytes = 2_000
        doubled.packets = 20
        doubled.flows = 2
        #expect(try store.rollups(fromMillis: 0, toMillis: 200_000) == [doubled, b, c])
        #expect(try store.rollups(fromMillis: 61_000, toMillis: 120_000) == [c])
        #expect(try store.deleteRollups(olderThanMillis: 120_000) == 2)
        #expect(try store.rollups(fromMillis: 0, toMillis: .max) == [c])
    }

    @Test func databaseIsInWALMode() throws {
        let dir = try TemporaryDirectory()
        _ = try MetadataStore(path: dir.path + "/m.sqlite")
        // SQLite keeps WAL mode in the file header: bytes 18 and 19 are 2 for WAL.
        let header = try fileBytes(dir.path + "/m.sqlite")
        #expect(header[18] == 2 && header[19] == 2)
    }
}
