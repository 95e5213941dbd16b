import ProbeCodec
import Testing

struct UDPJitterPacketTests {
    /// The header written out by hand from docs/udp-jitter-protocol.md, not from the encoder.
    static let requestHeader: [UInt8] = [
        0x4E, 0x53, 0x4A, 0x54,  // "NSJT"
        0x01, 0x01, 0x00, 0x00,  // version 1, type request, reserved
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // token
        0x00, 0x00, 0x01, 0x2C,  // sequence 300
        0x00, 0x00, 0x00, 0x00,  // reserved
        0x00, 0x06, 0x2A, 0x8E, 0x3C, 0x4D, 0x5E, 0x6F,  // T1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // T2
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // T3
    ]

    static let request = UDPJitterPacket(
        kind: .request, token: 0x0102_0304_0506_0708, sequence: 300, sourceSentMicros: 0x0006_2A8E_3C4D_5E6F, size: 172)

    @Test func requestEncodesToTheDocumentedBytes() {
        let bytes = Self.request.encoded()
        #expect(bytes.count == 172)
        #expect(Array(bytes.prefix(48)) == Self.requestHeader)
        #expect(bytes.dropFirst(48).allSatisfy { $0 == 0 })
    }

    @Test func documentedBytesDecodeToTheRequest() throws {
        let bytes = Self.requestHeader + [UInt8](repeating: 0xAA, count: 124)
        let packet = try UDPJitterPacket(decoding: bytes)
        #expect(packet == Self.request)
    }

    @Test func replyCarriesAllThreeTimestampsBack() throws {
        let reply = Self.request.reply(receivedMicros: 1_700_000_000_123_456, sentMicros: -5)
        let bytes = reply.encoded()
        #expect(bytes[5] == 2)
        #expect(Array(bytes[32..<40]) == [0x00, 0x06, 0x0A, 0x24, 0x18, 0x20, 0x22, 0x40])
        #expect(Array(bytes[40..<48]) == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFB])
        let decoded = try UDPJitterPacket(decoding: bytes)
        #expect(decoded.kind == .reply)
        #expect(decoded.token == Self.request.token)
        #expect(decoded.sequence == 300)
        #expect(decoded.sourceSentMicros == Self.request.sourceSentMicros)
        #expect(decoded.responderReceivedMicros == 1_700_000_000_123_456)
        #expect(decoded.responderSentMicros == -5)
        #expect(decoded.size == 172)
    }

    @Test func sizeBelowTheHeaderIsRaisedToIt() {
        let packet = UDPJitterPacket(kind: .request, token: 1, sequence: 0, sourceSentMicros: 0, size: 10)
        #expect(packet.encoded().count == UDPJitterPacket.headerSize)
    }

    @Test(arguments: [0, 1, 4, 47])
    func truncatedIsRejected(length: Int) {
        let bytes = Array(Self.requestHeader.prefix(length))
        #expect(throws: UDPJitterPacketError.truncated(size: length)) { try UDPJitterPacket(decoding: bytes) }
    }

    @Test func wrongMagicIsRejected() {
        var bytes = Self.requestHeader
        bytes[0] = 0x47  // "GSJT"
        #expect(throws: UDPJitterPacketError.badMagic(0x4753_4A54)) { try UDPJitterPacket(decoding: bytes) }
        #expect(UDPJitterPacketError.badMagic(0x4753_4A54).description == "magic 0x47534A54 is not NSJT (0x4E534A54)")
    }

    @Test func otherVersionIsRejected() {
        var bytes = Self.requestHeader
        bytes[4] = 2
        #expect(throws: UDPJitterPacketError.unsupportedVersion(2)) { try UDPJitterPacket(decoding: bytes) }
    }

    @Test(arguments: [UInt8(0), 3, 255])
    func unknownTypeIsRejected(type: UInt8) {
        var bytes = Self.requestHeader
        bytes[5] = type
        #expect(throws: UDPJitterPacketError.unknownType(type)) { try UDPJitterPacket(decoding: bytes) }
    }

    /// Random datagrams never crash the decoder and, bar a 1-in-2³² magic, are rejected.
    @Test func randomBytesAreRejected() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let length = Int.random(in: 0...200, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(throws: UDPJitterPacketError.self) { try UDPJitterPacket(decoding: bytes) }
        }
    }
}
