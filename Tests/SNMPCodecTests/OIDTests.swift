import Testing
@testable import SNMPCodec

@Suite struct OIDTests {
    @Test(arguments: [
        ("1.3.6.1.2.1.1.1.0", [1, 3, 6, 1, 2, 1, 1, 1, 0]),
        (".1.3.6.1.2.1.1.5.0", [1, 3, 6, 1, 2, 1, 1, 5, 0]),
        ("1.3.6.1.4.1.4294967295", [1, 3, 6, 1, 4, 1, 4_294_967_295]),
        ("0.0", [0, 0]),
        ("2", [2]),
    ] as [(String, [UInt32])])
    func parsesDottedText(text: String, arcs: [UInt32]) {
        #expect(OID(text)?.arcs == arcs)
    }

    @Test(arguments: ["", ".", "1..3", "1.3.", "1.3.x", "1.-3", "1.4294967296", "1. 3", "+1.3"])
    func rejectsBadText(text: String) {
        #expect(OID(text) == nil)
    }

    @Test func rejectsMoreThan128Arcs() {
        let text = Array(repeating: "1", count: 129).joined(separator: ".")
        #expect(OID(text) == nil)
        #expect(OID(Array(repeating: "1", count: 128).joined(separator: ".")) != nil)
    }

    @Test func printsWithoutLeadingDot() {
        #expect(OID(".1.3.6.1.2.1.1.5.0")?.description == "1.3.6.1.2.1.1.5.0")
    }

    @Test func ordersArcByArcWithPrefixFirst() {
        let sorted: [OID] = [[1, 3, 6, 1, 2, 1, 2], [1, 3, 6, 1, 2, 1, 10], [1, 3, 6, 1, 2, 1], [1, 3, 6, 1, 2, 1, 2, 1]].sorted()
        #expect(sorted == [[1, 3, 6, 1, 2, 1], [1, 3, 6, 1, 2, 1, 2], [1, 3, 6, 1, 2, 1, 2, 1], [1, 3, 6, 1, 2, 1, 10]])
        #expect(OID([1, 3, 6, 1, 2, 1, 2]) < OID([1, 3, 6, 1, 2, 1, 10]))  // numeric, not textual
    }

    @Test func prefixes() {
        let ifTable: OID = [1, 3, 6, 1, 2, 1, 2, 2]
        let ifDescr3: OID = [1, 3, 6, 1, 2, 1, 2, 2, 1, 2, 3]
        #expect(ifTable.isPrefix(of: ifDescr3))
        #expect(ifDescr3.hasPrefix(ifTable))
        #expect(ifTable.isPrefix(of: ifTable))
        #expect(!ifDescr3.isPrefix(of: ifTable))
        #expect(!OID([1, 3, 6, 1, 2, 1, 2, 20]).hasPrefix(ifTable))
        #expect(ifDescr3.arcs(after: [1, 3, 6, 1, 2, 1, 2, 2, 1, 2]).map(Array.init) == [3])
        #expect(ifDescr3.arcs(after: [1, 3, 6, 1, 2, 1, 31]) == nil)
        #expect(ifTable.appending(1, 2, 3) == ifDescr3)
    }

    @Test func knownEncodings() throws {
        #expect(OID("1.3.6.1.2.1.1.1.0")!.berContents == [0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00])
        var writer = BERWriter()
        writer.writeOID(OID("1.3.6.1.2.1.1.1.0")!)
        #expect(writer.bytes == [UInt8](hex: "06082b06010201010100"))
        // Multi-byte subidentifiers: 8072 = 0xBF 0x08, 4294967295 = 0x8F 0xFF 0xFF 0xFF 0x7F.
        #expect(OID("1.3.6.1.4.1.8072")!.berContents == [UInt8](hex: "2b06010401bf08"))
        #expect(OID("1.3.4294967295")!.berContents == [UInt8](hex: "2b8fffffff7f"))
        #expect(OID("1.3.128")!.berContents == [UInt8](hex: "2b8100"))
        // First two arcs: 2.999 = 1079 = 0x88 0x37 (X.690 example), 0.39 and 1.39.
        #expect(OID("2.999.3")!.berContents == [UInt8](hex: "883703"))
        #expect(OID("0.39")!.berContents == [0x27])
        #expect(OID("1.39")!.berContents == [0x4F])
        // Short OIDs pad with zeros like net-snmp (".2" went out as 06 01 02 in a capture).
        #expect(OID([2]).berContents == [0x50])
        #expect(OID([]).berContents == [0x00])
    }

    @Test(arguments: ["1.3.6.1.2.1.1.1.0", "0.0", "0.39", "1.0", "1.39", "2.0", "2.40", "2.999.1", "2.4294967215",
                      "1.3.6.1.4.1.9.9.13.1.3.1.3.4294967295", "1.3.0.127.128.16383.16384.2097151.2097152"])
    func roundTrips(text: String) throws {
        let oid = try #require(OID(text))
        let contents = oid.berContents
        #expect(try OID(berContents: contents[...], offset: 0) == oid)
    }

    @Test(arguments: [
        ("", "empty"), ("2b0680", "cut off"), ("2b8001", "non-minimal"), ("2b06ffffffff7f", "above 2^32-1"),
        ("90ffffff7f", "first subidentifier above 2^32-1"),
    ])
    func rejectsBadContents(hex: String, why: String) {
        #expect(throws: SNMPDecodeError.self, "\(why)") {
            try OID(berContents: [UInt8](hex: hex)[...], offset: 0)
        }
        do {
            _ = try OID(berContents: [UInt8](hex: hex)[...], offset: 0)
        } catch {
            #expect(error.reason == .badOID)
        }
    }

    @Test func decodingCapsArcCount() {
        let ok = [0x2B] + [UInt8](repeating: 1, count: 126)
        #expect((try? OID(berContents: ok[...], offset: 0))?.arcs.count == 128)
        let tooMany = ok + [1]
        #expect(throws: SNMPDecodeError(.badOID, "more than 128 subidentifiers at offset 0")) {
            try OID(berContents: tooMany[...], offset: 0)
        }
    }
}
