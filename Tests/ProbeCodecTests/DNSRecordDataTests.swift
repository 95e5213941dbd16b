import Testing

@testable import ProbeCodec

/// Record data from hand-built bytes, for the types dnsmasq was not asked for.
@Suite struct DNSRecordDataTests {
    /// One answer record for "." of `type` with `data`, after a 12-byte header.
    private func text(_ type: UInt16, _ data: [UInt8]) throws -> String {
        var m = dnsHex("0001 8180 0000 0001 0000 0000")
        m += [0, UInt8(type >> 8), UInt8(type & 0xFF), 0, 1, 0, 0, 0, 0, UInt8(data.count >> 8), UInt8(data.count & 0xFF)]
        m += data
        return try DNSMessage(decoding: m).answers[0].dataText
    }

    @Test func soa() throws {
        let data = dnsHex("026e7300 0a686f73746d617374657200 00000001 00000e10 00000258 00093a80 0000012c")
        #expect(try text(6, data) == "ns. hostmaster. 1 3600 600 604800 300")
    }

    @Test func caa() throws {
        let data = [0, 5] + Array("issue".utf8) + Array("letsencrypt.org".utf8)
        #expect(try text(257, data) == "0 issue \"letsencrypt.org\"")
    }

    @Test func ptrAndNS() throws {
        #expect(try text(12, dnsHex("03777777 00")) == "www.")
        #expect(try text(2, dnsHex("00")) == ".")
    }

    @Test func txtEscapes() throws {
        #expect(try text(16, [4, 0x61, 0x22, 0x5C, 0x01]) == "\"a\\\"\\\\\\001\"")
        #expect(try text(16, []) == "\"\"")
    }

    @Test func unknownTypeIsRFC3597() throws {
        #expect(try text(65280, [0xC0, 0x00, 0x02, 0x01]) == "\\# 4 c0000201")
        #expect(try text(65280, []) == "\\# 0")
    }

    @Test func ipv6TextFollowsRFC5952() {
        func t(_ hex: String) -> String { DNSRecordData.ipv6Text(dnsHex(hex)) }
        #expect(t("20010db8000000000000000000000001") == "2001:db8::1")
        #expect(t("00000000000000000000000000000001") == "::1")
        #expect(t("00000000000000000000000000000000") == "::")
        #expect(t("20010db8000000010000000000000001") == "2001:db8:0:1::1")
        #expect(t("20010db8000100000001000100010001") == "2001:db8:1:0:1:1:1:1")
        #expect(t("20010000000000010000000000000001") == "2001:0:0:1::1")
        #expect(t("00000000000000000000ffffc0000201") == "::ffff:192.0.2.1")
    }

    /// Fields must fill the data exactly: an MX with a byte after its name is bad.
    @Test func leftoverBytesAreBadData() {
        #expect(throws: DNSDecodeError.badRecordData(type: "MX", offset: 23, reason: "1 bytes left over")) {
            try text(15, dnsHex("000a 00 ff"))
        }
        // A name inside the data may not run past the data's end into the next bytes.
        #expect(throws: DNSDecodeError.self) { try text(5, dnsHex("03777777")) }
    }
}
