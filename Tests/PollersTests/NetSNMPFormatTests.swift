import SNMPCodec
import Testing
@testable import Pollers

@Suite struct NetSNMPFormatTests {
    @Test(arguments: [
        (SNMPValue.octetString(Array("core-1".utf8)), #"STRING: "core-1""#),
        (.octetString([]), #""""#),
        (.octetString(Array("a \"quoted\" \\ path\n".utf8)), "STRING: \"a \\\"quoted\\\" \\\\ path\n\""),
        (.octetString([0x00, 0x1A, 0x2B, 0xFF]), "Hex-STRING: 00 1A 2B FF "),
        (.octetString(Array("abc".utf8) + [0]), "Hex-STRING: 61 62 63 00 "),
        (.octetString(Array("caf\u{e9}".utf8)), "Hex-STRING: 63 61 66 C3 A9 "),
        (.integer(-6), "INTEGER: -6"),
        (.counter32(123), "Counter32: 123"),
        (.counter64(18_446_744_073_709_551_615), "Counter64: 18446744073709551615"),
        (.gauge32(1000), "Gauge32: 1000"),
        (.timeTicks(12345), "Timeticks: (12345) 0:02:03.45"),
        (.timeTicks(8_640_000 + 366_105), "Timeticks: (9006105) 1 day, 1:01:01.05"),
        (.timeTicks(4_294_967_295), "Timeticks: (4294967295) 497 days, 2:27:52.95"),
        (.objectIdentifier([1, 3, 6, 1, 4, 1, 8072, 3, 2, 10]), "OID: .1.3.6.1.4.1.8072.3.2.10"),
        (.ipAddress(0x7F00_0001), "IpAddress: 127.0.0.1"),
        (.null, "NULL"),
        (.noSuchObject, "No Such Object available on this agent at this OID"),
        (.noSuchInstance, "No Such Instance currently exists at this OID"),
        (.endOfMibView, "No more variables left in this MIB View (It is past the end of the MIB tree)"),
    ])
    func values(value: SNMPValue, expected: String) {
        #expect(NetSNMPFormat.value(value) == expected)
    }

    @Test func line() {
        #expect(NetSNMPFormat.line(VarBind([1, 3, 6, 1, 2, 1, 1, 5, 0], .octetString(Array("core-1".utf8))))
            == #".1.3.6.1.2.1.1.5.0 = STRING: "core-1""#)
    }

    /// UCD-SNMP's Opaque-wrapped float and double (laLoadFloat), as net-snmp prints them.
    @Test func opaqueFloatAndDouble() {
        #expect(NetSNMPFormat.value(.opaque([0x9F, 0x78, 0x04, 0x40, 0x10, 0x00, 0x00])) == "Opaque: Float: 2.250000")
        #expect(NetSNMPFormat.value(.opaque([0x9F, 0x78, 0x04, 0x40, 0x52, 0xB8, 0x00])) == "Opaque: Float: 3.292480")
        #expect(NetSNMPFormat.value(.opaque([0x9F, 0x79, 0x08, 0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A]))
            == "Opaque: Double: 0.100000")
        #expect(NetSNMPFormat.value(.opaque([0x9F, 0x78, 0x04, 0xC0, 0x00, 0x00, 0x00])) == "Opaque: Float: -2.000000")
        // Anything else stays hex: other contents, a cut-off float, a float with a wrong length.
        #expect(NetSNMPFormat.value(.opaque([0x01, 0x02])) == "OPAQUE: 01 02 ")
        #expect(NetSNMPFormat.value(.opaque([0x9F, 0x78, 0x04, 0x40])) == "OPAQUE: 9F 78 04 40 ")
        #expect(NetSNMPFormat.value(.opaque([0x9F, 0x78, 0x08, 0x40, 0x10, 0x00, 0x00])) == "OPAQUE: 9F 78 08 40 10 00 00 ")
    }

    /// The byte path the walk commands use prints what `line` and `value` print.
    @Test(arguments: [
        SNMPValue.octetString(Array("a \"quoted\" \\ path\n".utf8)), .octetString([]), .octetString([UInt8](0..<40)),
        .integer(Int32.min), .integer(0), .integer(7), .integer(Int32.max), .counter32(0), .counter32(UInt32.max),
        .gauge32(10), .counter64(UInt64.max), .counter64(9), .timeTicks(0), .timeTicks(8_640_000 + 366_105),
        .objectIdentifier([1, 3, 6, 1, 4, 1, 4_294_967_295]), .objectIdentifier([]), .ipAddress(0xC0A8_01FE), .null,
        .opaque([0x9F, 0x78, 0x04, 0x40, 0x10, 0x00, 0x00]), .opaque([1]), .noSuchObject, .noSuchInstance,
        .endOfMibView, .other(tag: 0x45, contents: [1, 2]), .other(tag: 0x47, contents: []),
    ])
    func appendMatchesLine(value: SNMPValue) {
        var out: [UInt8] = [0x41]
        NetSNMPFormat.appendValue(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "A" + NetSNMPFormat.value(value))
        let vb = VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 10, 1_000_000], value)
        out = []
        NetSNMPFormat.appendLine(vb, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == ".1.3.6.1.2.1.2.2.1.10.1000000 = " + NetSNMPFormat.value(value))
    }

    @Test func longHexBreaksEvery16Octets() {
        let bytes = [UInt8](0..<18)
        #expect(NetSNMPFormat.hex(bytes) == "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F \n10 11 ")
    }
}

@Suite struct SNMPCLIParsingTests {
    func address(_ text: String) -> String? {
        SNMPTarget.parseAddress(text).map { "\($0.host)|\($0.port)" }
    }

    @Test func targets() {
        #expect(address("127.0.0.1") == "127.0.0.1|161")
        #expect(address("127.0.0.1:1161") == "127.0.0.1|1161")
        #expect(address("udp:localhost:1161") == "localhost|1161")
        #expect(address("[::1]:1161") == "::1|1161")
        #expect(SNMPTarget.parseAddress("tcp:host:1") == nil)
        #expect(SNMPTarget.parseAddress("host:0") == nil)
        #expect(SNMPTarget.parseAddress("host:x") == nil)
    }

    @Test func ipv6Targets() {
        #expect(address("udp6:[::1]:1161") == "::1|1161")
        #expect(address("udp6:[2001:db8::1]") == "2001:db8::1|161")
        #expect(address("::1") == "::1|161")
        #expect(address("udp6:2001:db8::7") == "2001:db8::7|161")
        #expect(SNMPTarget.parseAddress("udp6:host:161") == nil, "udp6 wants an IPv6 address")
        #expect(SNMPTarget.parseAddress("a:b:c") == nil, "three colons, not an IPv6 address")
        #expect(SNMPTarget.parseAddress("udp:udp6:[::1]") == nil)
        #expect(SNMPTarget(host: "::1", port: 1161).description == "[::1]:1161")
    }

    @Test func names() {
        #expect(SNMPObjectNames.parse(".1.3.6.1.2.1.1.5.0") == [1, 3, 6, 1, 2, 1, 1, 5, 0])
        #expect(SNMPObjectNames.parse("sysName.0") == [1, 3, 6, 1, 2, 1, 1, 5, 0])
        #expect(SNMPObjectNames.parse("SNMPv2-MIB::sysUpTime.0") == [1, 3, 6, 1, 2, 1, 1, 3, 0])
        #expect(SNMPObjectNames.parse("ifHCInOctets") == [1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6])
        #expect(SNMPObjectNames.parse("lldpRemTable") == [1, 0, 8802, 1, 1, 2, 1, 4, 1])
        #expect(SNMPObjectNames.parse("noSuchName") == nil)
        #expect(SNMPObjectNames.parse("sysName.x") == nil)
        for (name, oid) in SNMPObjectNames.table { #expect(OID(oid) != nil, "\(name)") }
    }
}
