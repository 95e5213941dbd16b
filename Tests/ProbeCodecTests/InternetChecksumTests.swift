import Testing
@testable import ProbeCodec

struct InternetChecksumTests {
    /// RFC 1071 section 3's worked example: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to
    /// 0xddf2 (after the end-around carry), so the checksum is its complement, 0x220d.
    @Test func rfc1071Example() {
        #expect(InternetChecksum.compute([0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]) == 0x220D)
    }

    /// A message with its checksum filled in sums to all ones, so checking it gives zero.
    @Test func verifiesToZero() {
        var message: [UInt8] = [8, 0, 0, 0, 0x12, 0x34, 0, 1, 0x61, 0x62, 0x63]
        let c = InternetChecksum.compute(message)
        message[2] = UInt8(c >> 8)
        message[3] = UInt8(c & 0xFF)
        #expect(InternetChecksum.compute(message) == 0)
    }
}
