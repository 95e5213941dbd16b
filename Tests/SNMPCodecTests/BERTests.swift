import Testing
@testable import SNMPCodec

@Suite struct BERTests {
    private func encodedInteger(_ value: Int64) -> String {
        var writer = BERWriter()
        writer.writeInteger(value)
        return writer.bytes.hex
    }

    @Test(arguments: [
        (0, "020100"), (1, "020101"), (127, "02017f"), (128, "02020080"), (255, "020200ff"), (256, "02020100"),
        (-1, "0201ff"), (-128, "020180"), (-129, "0202ff7f"), (-256, "0202ff00"),
        (Int64(Int32.max), "02047fffffff"), (Int64(Int32.min), "020480000000"),
        (Int64.max, "02087fffffffffffffff"), (Int64.min, "02088000000000000000"),
    ] as [(Int64, String)])
    func integersEncodeMinimally(value: Int64, hex: String) throws {
        #expect(encodedInteger(value) == hex)
        var reader = BERReader([UInt8](hex: hex))
        let contents = try reader.read(.integer, "test")
        #expect(try reader.signedValue(contents, bits: 64, "test") == value)
    }

    @Test(arguments: [
        (0, "410100"), (127, "41017f"), (128, "41020080"), (UInt64(UInt32.max), "410500ffffffff"),
        (UInt64(UInt32.max) + 1, "41050100000000"), (UInt64.max, "410900ffffffffffffffff"),
    ] as [(UInt64, String)])
    func unsignedEncodeWithSignGuard(value: UInt64, hex: String) throws {
        var writer = BERWriter()
        writer.writeUnsigned(value, tag: .counter32)
        #expect(writer.bytes.hex == hex)
        var reader = BERReader(writer.bytes)
        let contents = try reader.read(.counter32, "test")
        #expect(try reader.unsignedValue(contents, bits: 64, "test") == value)
    }

    @Test func negativeIntegersDecode() throws {
        var reader = BERReader([UInt8](hex: "0201ff 0202ff7f 020480000000 02050000000001 0203ffff80"))
        #expect(try reader.readInt32("a") == -1)
        #expect(try reader.readInt32("b") == -129)
        #expect(try reader.readInt32("c") == Int32.min)
        #expect(try reader.readInt32("padded") == 1)  // redundant leading zeros tolerated
        #expect(try reader.readInt32("padded negative") == -128)
    }

    @Test(arguments: ["02050100000000", "0205ff7fffffff", "020900ffffffffffffffff", "0204"])
    func integersTooWideForInt32(hex: String) {
        var reader = BERReader([UInt8](hex: hex))
        let error = try? #require(throws: SNMPDecodeError.self) { try reader.readInt32("request-id") }
        #expect(error?.reason == (hex == "0204" ? .truncated : .integerTooWide))
    }

    @Test func emptyIntegerIsBadValue() {
        var reader = BERReader([0x02, 0x00])
        #expect(throws: SNMPDecodeError(.badValue, "x: empty INTEGER at offset 2")) { try reader.readInt32("x") }
    }

    @Test func unsignedWithoutSignGuardReadsUnsigned() throws {
        // Some agents drop the 0x00: 41 04 ff ff ff ff still means 4294967295.
        var reader = BERReader([UInt8](hex: "4104ffffffff"))
        #expect(try SNMPValue.read(from: &reader) == .counter32(UInt32.max))
        var tooWide = BERReader([UInt8](hex: "4105 0100000000"))
        #expect(throws: SNMPDecodeError.self) { try SNMPValue.read(from: &tooWide) }
        var counter64 = BERReader([UInt8](hex: "4609 010000000000000000"))
        let error = try? #require(throws: SNMPDecodeError.self) { try SNMPValue.read(from: &counter64) }
        #expect(error?.reason == .integerTooWide)
    }

    @Test(arguments: [(0, "00"), (127, "7f"), (128, "8180"), (255, "81ff"), (256, "820100"), (65535, "82ffff"), (65536, "83010000")])
    func lengthsUseShortAndLongForms(length: Int, hex: String) throws {
        var out: [UInt8] = []
        BERWriter.appendLength(length, to: &out)
        #expect(out.hex == hex)
        let tlv = [0x04] + out + [UInt8](repeating: 0x61, count: length)
        var reader = BERReader(tlv)
        #expect(try reader.read(.octetString, "s").count == length)
        #expect(reader.isAtEnd)
    }

    @Test func nonMinimalLongLengthIsAccepted() throws {
        // BER (unlike DER) allows 0x81 0x05 for 5; some agents send 0x82 00 xx always.
        var reader = BERReader([UInt8](hex: "04820005 6869686968"))
        #expect(try reader.readOctetString("s") == Array("hihih".utf8))
    }

    @Test(arguments: [
        ("0480", SNMPDecodeError.Reason.badLength),  // indefinite
        ("0485010000000000", .badLength),  // five length octets
        ("04ff", .badLength),  // reserved
        ("0405616263", .truncated),  // length lies
        ("048201", .truncated),  // length octets cut
        ("04", .truncated),
        ("", .truncated),
        ("1f0100", .unexpectedTag),  // high-tag-number form
        ("0484ffffffff", .truncated),  // 4 GiB claimed
    ])
    func badLengthsAreTypedErrors(hex: String, reason: SNMPDecodeError.Reason) {
        var reader = BERReader([UInt8](hex: hex))
        let error = try? #require(throws: SNMPDecodeError.self) { _ = try reader.readTLV() }
        #expect(error?.reason == reason)
    }

    @Test func innerLengthCannotEscapeOuter() throws {
        // The SEQUENCE says 3 octets, its OCTET STRING claims 5: the reader must not look
        // at the bytes after the SEQUENCE even though they exist.
        var reader = BERReader([UInt8](hex: "3003 0405 6162 636465"))
        var inner = try reader.enter(.sequence, "seq")
        let error = try? #require(throws: SNMPDecodeError.self) { _ = try inner.readOctetString("s") }
        #expect(error?.reason == .truncated)
    }

    @Test func writerWidensLengthsAndMovesMarks() throws {
        var writer = BERWriter()
        var mark = 0
        writer.writeSequence { outer in
            outer.writeSequence { inner in
                inner.writeOctetString([UInt8](repeating: 1, count: 200))
                mark = inner.writeMarked(.octetString, contents: [9, 9, 9])
            }
        }
        let bytes = writer.bytes
        #expect(Array(bytes.prefix(9)) == [UInt8](hex: "3081d3 3081d0 0481c8"))
        let at = writer.position(of: mark)
        #expect(Array(bytes[at..<(at + 3)]) == [9, 9, 9])
        #expect(bytes.count == 3 + 3 + 3 + 200 + 2 + 3)
    }

    @Test func genericTreeParses() throws {
        let tree = try BERElement.parse([UInt8](hex: "3007 020105 3002 0500"))
        #expect(tree.count == 1)
        guard case .constructed(let tag, let children)? = tree.first else {
            Issue.record("expected a constructed element")
            return
        }
        #expect(tag == .sequence)
        #expect(children.count == 2)
        #expect(children[0] == .primitive(tag: .integer, contents: [5]))
    }

    @Test func nestingTooDeepIsTypedError() {
        // 2,000 nested SEQUENCEs: a recursive parser without a limit would overflow the stack.
        var bytes: [UInt8] = [0x05, 0x00]
        for _ in 0..<2000 {
            var header: [UInt8] = [0x30]
            BERWriter.appendLength(bytes.count, to: &header)
            bytes = header + bytes
        }
        let error = try? #require(throws: SNMPDecodeError.self) { _ = try BERElement.parse(bytes) }
        #expect(error?.reason == .tooDeep)
        #expect((try? BERElement.parse(bytes, maxDepth: 3000)) != nil)
        // The message decoder meets the nest where a varbind value should be: unexpected_tag.
        let varBind = wrap(0x30, [0x06, 0x01, 0x2B] + bytes)
        let pdu = wrap(0xA2, [UInt8](hex: "020101 020100 020100") + wrap(0x30, varBind))
        let message = wrap(0x30, [UInt8](hex: "020101") + wrap(0x04, Array("public".utf8)) + pdu)
        let decodeError = try? #require(throws: SNMPDecodeError.self) { _ = try CommunityMessage.decode(message) }
        #expect(decodeError?.reason == .unexpectedTag)
    }
}

/// A TLV with a minimal length, for building malformed input by hand.
func wrap(_ tag: UInt8, _ contents: [UInt8]) -> [UInt8] {
    var header: [UInt8] = [tag]
    BERWriter.appendLength(contents.count, to: &header)
    return header + contents
}
