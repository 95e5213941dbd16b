import Testing
@testable import SNMPCodec

/// Bytes no agent should send: every one must end in a typed error, never a trap.
@Suite struct MalformedInputTests {
    /// Decodes like a receiver would: any version, and v3 through USM with the right keys.
    static func decodeAsReceiver(_ bytes: [UInt8]) throws {
        switch try SNMPMessage.decode(bytes) {
        case .community: break
        case .v3(let message):
            let user = message.securityParameters.userNameText
            let keys = SNMPFixtures.users[user]?.localizedKeys(engineID: message.securityParameters.engineID)
            _ = try USM.open(bytes, keys: keys)
        }
    }

    @Test func capturedMessagesTruncatedAtEveryByte() throws {
        var checked = 0
        for bytes in try SNMPFixtures.all() {
            for length in 0..<bytes.count {
                let error = #expect(throws: SNMPDecodeError.self) { try SNMPMessage.decode(Array(bytes.prefix(length))) }
                #expect(error?.reason == .truncated, "cut at \(length) of \(bytes.count)")
                checked += 1
            }
        }
        #expect(checked > 5_000)
    }

    /// Offsets of every short-form length octet in a message (walking constructed values
    /// and the SNMPv3 security parameters wrapper).
    static func lengthOffsets(_ bytes: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        func walk(_ window: Range<Int>) {
            var reader = BERReader(bytes: bytes, window: window, depth: 0, maxDepth: 64)
            while !reader.isAtEnd {
                let start = reader.position
                guard let (tag, contents) = try? reader.readTLV() else { return }
                if bytes[start + 1] < 0x80 { offsets.append(start + 1) }
                let wrapsBER = tag == .octetString && contents.count > 1 && bytes[contents.lowerBound] == 0x30
                    && (try? BERElement.parse(Array(bytes[contents]))) != nil
                if tag.isConstructed || wrapsBER { walk(contents) }
            }
        }
        walk(0..<bytes.count)
        return offsets
    }

    @Test func lyingLengthsInEveryTLV() throws {
        var errors: [SNMPDecodeError.Reason: Int] = [:]
        for bytes in try SNMPFixtures.all() {
            let offsets = MalformedInputTests.lengthOffsets(bytes)
            #expect(offsets.count > 8)
            for offset in offsets {
                for lie in [bytes[offset] &+ 1, bytes[offset] &- 1, 0x7F, 0x00, 0x80, 0x84, 0xFF] where lie != bytes[offset] {
                    var mutated = bytes
                    mutated[offset] = lie
                    do {
                        try MalformedInputTests.decodeAsReceiver(mutated)
                    } catch let error as SNMPDecodeError {
                        errors[error.reason, default: 0] += 1
                    } catch is USMError {
                    }
                }
            }
        }
        #expect(errors[.truncated, default: 0] > 100)
        #expect(errors[.badLength, default: 0] > 100)
        #expect(errors[.trailingBytes, default: 0] > 0)
    }

    @Test(arguments: [
        ("30", SNMPDecodeError.Reason.truncated, "only a tag"),
        ("3080020101", .badLength, "indefinite length"),
        ("30850000000005020101", .badLength, "five length octets"),
        ("30ff020101", .badLength, "reserved length 0xFF (a 'negative' length)"),
        ("3084ffffffff020101", .truncated, "4 GiB length"),
        ("3005020101", .truncated, "length beyond the buffer"),
        ("3103020101", .unexpectedTag, "SET instead of SEQUENCE"),
        ("3003040101", .unexpectedTag, "OCTET STRING where msgVersion belongs"),
        ("3003020102", .badVersion, "msgVersion 2"),
        ("30060204ffffffff", .badVersion, "msgVersion -1"),
        ("300702050100000000", .integerTooWide, "5-octet version"),
        ("3006020101040170", .truncated, "no PDU"),
        ("3009020101040170a40300", .truncated, "PDU header cut"),
        ("3008020101040170a500", .truncated, "empty GetBulk"),
        ("3008020101040170a900", .unexpectedTag, "PDU tag 0xA9"),
        ("300b020101040170a2020201ff", .truncated, "response without error fields"),
    ])
    func handMadeMessages(hex: String, reason: SNMPDecodeError.Reason, why: String) {
        let error = #expect(throws: SNMPDecodeError.self, "\(why)") { try SNMPMessage.decode([UInt8](hex: hex)) }
        #expect(error?.reason == reason, "\(why): \(String(describing: error))")
    }

    @Test func wrongTagsInsideAVarBind() throws {
        let good = CommunityMessage(version: .v2c, community: "public", pdu: .response(PDU(requestID: 1, varBinds: [VarBind([1, 3], .integer(5))]))).encode()
        #expect(throws: Never.self) { try CommunityMessage.decode(good) }
        // The varbind name: OID tag 06 replaced by 04.
        var badName = good
        let oid = try #require(good.firstRange(of: [0x06, 0x01, 0x2B])).lowerBound
        badName[oid] = 0x04
        #expect((#expect(throws: SNMPDecodeError.self) { try CommunityMessage.decode(badName) })?.reason == .unexpectedTag)
        // A varbind with a third element.
        let extra = wrap(0x30, wrap(0x30, wrap(0x30, [0x06, 0x01, 0x2B, 0x05, 0x00, 0x05, 0x00])))
        let message = wrap(0x30, [UInt8](hex: "020101") + wrap(0x04, Array("public".utf8))
            + wrap(0xA2, [UInt8](hex: "020101 020100 020100") + Array(extra.dropFirst(2))))
        #expect((#expect(throws: SNMPDecodeError.self) { try CommunityMessage.decode(message) })?.reason == .trailingBytes)
    }

    @Test func v3WithMalformedSecurityParameters() throws {
        let discovery = SNMPEngineState.discoveryRequest(messageID: 1, requestID: 1).encode()
        // msgSecurityParameters holds "30 0e ..." ; make its inner SEQUENCE an INTEGER.
        var bytes = discovery
        let at = try #require(bytes.firstRange(of: [0x04, 0x10, 0x30, 0x0E])).lowerBound + 2
        bytes[at] = 0x02
        #expect((#expect(throws: SNMPDecodeError.self) { try SNMPMessage.decode(bytes) })?.reason == .unexpectedTag)
        // msgFlags of two octets.
        let flags = SNMPv3Message(
            messageID: 1, flags: .reportable, securityParameters: USMSecurityParameters(),
            scopedPDU: .plaintext(ScopedPDU(pdu: .getRequest(PDU(requestID: 1, varBinds: [])))))
        var twoOctets = flags.encode()
        let flagAt = try #require(twoOctets.firstRange(of: [0x04, 0x01, 0x04])).lowerBound
        twoOctets.replaceSubrange(flagAt..<(flagAt + 3), with: [0x04, 0x02, 0x04, 0x00])
        twoOctets = fixOuterLengths(twoOctets)
        #expect((#expect(throws: SNMPDecodeError.self) { try SNMPMessage.decode(twoOctets) })?.reason == .badValue)
    }

    /// Grows the message and msgGlobalData SEQUENCE lengths by one (both short form here).
    private func fixOuterLengths(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        out[1] += 1
        out[6] += 1
        return out
    }
}
