import ProbeCodec
import Testing

/// Bytes captured with `tcpdump -i lo -xx` while iputils `ping -c1 -s 16` ran against
/// 127.0.0.1 and ::1 (this machine, 2026-11-28).
enum CapturedPing {
    static func hex(_ text: String) -> [UInt8] {
        let digits = text.filter { $0.isHexDigit }
        var bytes: [UInt8] = []
        var i = digits.startIndex
        while i < digits.endIndex {
            let j = digits.index(i, offsetBy: 2)
            bytes.append(UInt8(digits[i..<j], radix: 16)!)
            i = j
        }
        return bytes
    }

    static let payload = hex("b951 0a6b 0000 0000 5974 0300 0000 0000")
    /// IPv4 header + ICMP echo request, id 0x054b seq 1.
    static let v4Request = hex(
        "4500 002c 0726 4000 4001 35a9 7f00 0001 7f00 0001 0800 d282 054b 0001 b951 0a6b 0000 0000 5974 0300 0000 0000")
    static let v4Reply = hex(
        "4500 002c 0727 0000 4001 75a8 7f00 0001 7f00 0001 0000 da82 054b 0001 b951 0a6b 0000 0000 5974 0300 0000 0000")
    static let v6Payload = hex("b951 0a6b 0000 0000 4d8b 0300 0000 0000")
    /// ICMPv6 message only (what a raw ICMPv6 socket delivers), id 0x054c seq 1.
    static let v6Request = hex("8000 6616 054c 0001 b951 0a6b 0000 0000 4d8b 0300 0000 0000")
    static let v6Reply = hex("8100 6516 054c 0001 b951 0a6b 0000 0000 4d8b 0300 0000 0000")
    /// The kernel's answer to a UDP datagram sent to 127.0.0.1:9 (no listener), with its
    /// IPv4 header.
    static let v4PortUnreachable = hex(
        "45c0 003a 073b 0000 4001 74c6 7f00 0001 7f00 0001 0303 e2f2 0000 0000 4500 001e b52e 4000 4011 879e"
            + "7f00 0001 7f00 0001 b36f 0009 000a fe1d 6869")
    /// The same for [::1]:9, ICMPv6 message only.
    static let v6PortUnreachable = hex(
        "0104 2291 0000 0000 600b 3729 000a 1140 0000 0000 0000 0000 0000 0000 0000 0001"
            + "0000 0000 0000 0000 0000 0000 0000 0001 cada 0009 000a 001d 6869")
    static let loopback6: [UInt8] = Array(repeating: 0, count: 15) + [1]
}

@Suite struct ICMPEchoRequestTests {
    @Test func ipv4RequestMatchesPingsBytesIncludingChecksum() {
        let request = ICMPEchoRequest(version: .v4, identifier: 0x054B, sequence: 1, payload: CapturedPing.payload)
        #expect(request.encoded() == Array(CapturedPing.v4Request[20...]))
    }

    @Test func ipv4ChecksumVerifiesToZero() {
        let bytes = ICMPEchoRequest(version: .v4, identifier: 0xBEEF, sequence: 0x1234, payload: [1, 2, 3]).encoded()
        // Summing a message together with its own checksum gives all ones, i.e. 0 after ~.
        #expect(InternetChecksum.compute(bytes) == 0)
        #expect(bytes[0] == 8 && bytes[1] == 0)
    }

    /// ICMPv6 leaves the checksum to the kernel; the captured request proves the kernel's
    /// value is the RFC 4443 one over the pseudo-header, and ours differs only there.
    @Test func ipv6RequestMatchesPingsBytesExceptKernelChecksum() {
        let request = ICMPEchoRequest(version: .v6, identifier: 0x054C, sequence: 1, payload: CapturedPing.v6Payload)
        var expected = CapturedPing.v6Request
        expected[2] = 0
        expected[3] = 0
        #expect(request.encoded() == expected)

        let length = CapturedPing.v6Request.count
        let pseudo = CapturedPing.loopback6 + CapturedPing.loopback6
            + [0, 0, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 0, 58]
        #expect(InternetChecksum.compute(pseudo + CapturedPing.v6Request) == 0)
    }

    @Test(arguments: [0, 3, 8, 56])
    func payloadStartsWithTokenAndHasTheAskedSize(size: Int) {
        let payload = ICMPEchoRequest.payload(token: 0x0102_0304_0506_0708, size: size)
        #expect(payload.count == size)
        #expect(Array(payload.prefix(8)) == Array([1, 2, 3, 4, 5, 6, 7, 8].prefix(size)))
        if size > 9 { #expect(payload[9] == 9) }
    }
}
