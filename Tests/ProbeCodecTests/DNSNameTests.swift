import Testing

@testable import ProbeCodec

@Suite struct DNSNameTests {
    @Test func encodesLabels() throws {
        #expect(try DNSName.encode("www.example.") == [3] + Array("www".utf8) + [7] + Array("example".utf8) + [0])
        #expect(try DNSName.encode("www.example") == DNSName.encode("www.example."))
        #expect(try DNSName.encode(".") == [0])
        #expect(try DNSName.encode("") == [0])
    }

    @Test func escapesRoundTrip() throws {
        let wire = try DNSName.encode("a\\.b.c\\032d.")
        #expect(wire == [3, 0x61, 0x2E, 0x62, 3, 0x63, 0x20, 0x64, 0])
        var reader = DNSMessageReader(wire)
        #expect(DNSName.text(try reader.name()) == "a\\.b.c\\032d.")
    }

    @Test func enforcesRFC1035Limits() throws {
        let label63 = String(repeating: "a", count: 63)
        #expect(throws: Never.self) { try DNSName.encode(label63 + ".example") }
        #expect(throws: DNSNameError.labelTooLong(label: label63 + "a")) { try DNSName.encode(label63 + "a.example") }
        // 4 labels of 63 = 256 wire bytes with the root: one over.
        let long = [label63, label63, label63, String(repeating: "b", count: 62)].joined(separator: ".")
        #expect(throws: DNSNameError.nameTooLong(name: long)) { try DNSName.encode(long) }
        let fits = [label63, label63, label63, String(repeating: "b", count: 61)].joined(separator: ".")
        #expect(try DNSName.encode(fits).count == 255)
        #expect(throws: DNSNameError.emptyLabel(name: "a..b")) { try DNSName.encode("a..b") }
        #expect(throws: DNSNameError.emptyLabel(name: ".a")) { try DNSName.encode(".a") }
        #expect(throws: DNSNameError.badEscape(name: "a\\")) { try DNSName.encode("a\\") }
        #expect(throws: DNSNameError.badEscape(name: "a\\999")) { try DNSName.encode("a\\999") }
    }

    @Test func comparesWithoutCaseAndTrailingDot() {
        #expect(DNSName.equal("WWW.Example", "www.example."))
        #expect(!DNSName.equal("www.example", "www.example.org."))
    }

    @Test func typeMnemonicsBothWays() {
        #expect(DNSRecordType(mnemonic: "A") == .a)
        #expect(DNSRecordType(mnemonic: "aaaa") == .aaaa)
        #expect(DNSRecordType(mnemonic: "TYPE65")?.rawValue == 65)
        #expect(DNSRecordType(mnemonic: "type1") == .a)
        #expect(DNSRecordType(mnemonic: "TYPE70000") == nil)
        #expect(DNSRecordType(mnemonic: "BOGUS") == nil)
        #expect(DNSRecordType.mx.description == "MX")
        #expect(DNSRecordType(rawValue: 65280).description == "TYPE65280")
    }

    @Test func rcodeNamesBothWays() {
        #expect(DNSRcode.name(0) == "NOERROR")
        #expect(DNSRcode.name(5) == "REFUSED")
        #expect(DNSRcode.name(11) == "RCODE11")
        #expect(DNSRcode.code("nxdomain") == 3)
        #expect(DNSRcode.code("RCODE11") == 11)
        #expect(DNSRcode.code("NOPE") == nil)
    }

    /// The query's bytes, field by field (RFC 1035 4.1.1 and 4.1.2).
    @Test func encodesQuery() throws {
        let q = try DNSQuery.encode(id: 0xBEEF, name: "example.org", type: .mx, recursionDesired: true)
        #expect(q == dnsHex("beef 0100 0001 0000 0000 0000 076578616d706c65 036f7267 00 000f 0001"))
        let noRD = try DNSQuery.encode(id: 1, name: "x", type: .a, recursionDesired: false)
        #expect(Array(noRD[2..<4]) == [0, 0])
        #expect(DNSQuery.tcpFrame([1, 2, 3]) == [0, 3, 1, 2, 3])
        // The query decodes as a query with our question.
        let m = try DNSMessage(decoding: q)
        #expect(!m.header.isResponse)
        #expect(m.questions.map(\.description) == ["example.org. MX"])
    }
}
