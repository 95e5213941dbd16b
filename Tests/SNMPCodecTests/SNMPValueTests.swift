import Testing
@testable import SNMPCodec

@Suite struct SNMPValueTests {
    private func encode(_ value: SNMPValue) -> String {
        var writer = BERWriter()
        value.write(to: &writer)
        return writer.bytes.hex
    }

    private func decode(_ hex: String) throws -> SNMPValue {
        var reader = BERReader([UInt8](hex: hex))
        let value = try SNMPValue.read(from: &reader)
        try reader.finish("value")
        return value
    }

    @Test(arguments: [
        (SNMPValue.integer(-2), "0201fe"),
        (.integer(Int32.max), "02047fffffff"),
        (.octetString(Array("core-1".utf8)), "0406636f72652d31"),
        (.octetString([]), "0400"),
        (.null, "0500"),
        (.objectIdentifier([1, 3, 6, 1, 4, 1, 8072, 3, 2, 10]), "060a2b06010401bf0803020a"),
        (.ipAddress(0x0A01_0203), "40040a010203"),
        (.counter32(UInt32.max), "410500ffffffff"),
        (.gauge32(1_000_000_000), "42043b9aca00"),
        (.timeTicks(121), "430179"),
        (.opaque([0x9F, 0x78, 0x04, 0x3F, 0x80, 0x00, 0x00]), "44079f78043f800000"),
        (.counter64(UInt64.max), "460900ffffffffffffffff"),
        (.counter64(8_802_669_910), "4605020cae1556"),
        (.noSuchObject, "8000"),
        (.noSuchInstance, "8100"),
        (.endOfMibView, "8200"),
        (.other(tag: 0x47, contents: [1]), "470101"),
    ])
    func knownEncodingsRoundTrip(value: SNMPValue, hex: String) throws {
        #expect(encode(value) == hex)
        #expect(try decode(hex) == value)
    }

    @Test(arguments: [
        ("4003010203", SNMPDecodeError.Reason.badValue),  // IpAddress of 3 octets
        ("0501ff", .badValue),  // NULL with contents
        ("800100", .badValue),  // noSuchObject with contents
        ("4100", .badValue),  // empty Counter32
        ("4209010000000000000000", .integerTooWide),
        ("3000", .unexpectedTag),  // constructed value
        ("a000", .unexpectedTag),
        ("0101ff", .unexpectedTag),  // BOOLEAN is not an SNMP type
        ("0600", .badOID),
    ])
    func invalidValuesAreTypedErrors(hex: String, reason: SNMPDecodeError.Reason) {
        let error = #expect(throws: SNMPDecodeError.self) { try decode(hex) }
        #expect(error?.reason == reason)
    }

    @Test func exceptionsAreFlagged() {
        #expect(SNMPValue.noSuchObject.isException)
        #expect(SNMPValue.endOfMibView.isException)
        #expect(!SNMPValue.null.isException)
    }
}
