import FlowCodec
import NetsightModel
import Testing

/// The header parser shared by sFlow's sampled headers and the capture reader.
@Suite struct CapturePacketHeaderParserTests {
    static let ipv4UDP: [UInt8] = [0x45, 0xB8, 0, 31, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
        + [0x03, 0xE8, 0x07, 0xD0, 0, 11, 0, 0, 0x61, 0x62, 0x63]

    func parse(_ bytes: [UInt8], _ link: PacketHeaderParser.Link) -> PacketHeader {
        bytes.withUnsafeBytes { PacketHeaderParser.parse($0, link: link) }
    }

    @Test func ipv4UDPWithPayload() {
        let h = parse(Self.ipv4UDP, .rawIP)
        #expect(h.ipVersion == 4)
        #expect(h.srcAddress == IPAddress("10.0.0.1"))
        #expect(h.dstAddress == IPAddress("10.0.0.2"))
        #expect(h.tos == 0xB8)
        #expect((h.proto, h.srcPort, h.dstPort) == (17, 1000, 2000))
        #expect(h.udpPayload == 28..<31)
    }

    @Test func laterIPv4FragmentHasNoPorts() {
        var b = Self.ipv4UDP
        b[6] = 0x00
        b[7] = 0x10  // fragment offset 16 (x8 bytes)
        let h = parse(b, .ipv4)
        #expect(h.isLaterFragment)
        #expect(h.srcAddress == IPAddress("10.0.0.1"))
        #expect(h.srcPort == 0 && h.dstPort == 0)
        #expect(h.udpPayload == nil)
    }

    @Test func firstFragmentHasPortsButNoPayload() {
        var b = Self.ipv4UDP
        b[6] = 0x20  // more fragments
        let h = parse(b, .ipv4)
        #expect(h.hasMoreFragments && !h.isLaterFragment)
        #expect(h.dstPort == 2000)
        #expect(h.udpPayload == nil)
    }

    @Test func tcpFlagsAndICMPv6() {
        let tcp: [UInt8] = [0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]
            + [0, 80, 0x1F, 0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0x50, 0x19, 0, 0, 0, 0, 0, 0]
        let t = parse(tcp, .rawIP)
        #expect((t.proto, t.srcPort, t.dstPort, t.tcpFlags) == (6, 80, 8080, 0x19))
        let icmp6: [UInt8] = [0x60, 0, 0, 0, 0, 8, 58, 64] + [UInt8](repeating: 0, count: 15) + [1]
            + [UInt8](repeating: 0, count: 15) + [2] + [129, 0, 0, 0, 0, 0, 0, 0]
        let i = parse(icmp6, .ipv6)
        #expect(i.proto == 58)
        #expect(i.dstPort == 129 << 8)
        #expect(i.srcAddress == IPAddress("::1"))
    }

    @Test func loopbackFamiliesInEitherByteOrder() {
        for prefix: [UInt8] in [[2, 0, 0, 0], [0, 0, 0, 2]] {
            #expect(parse(prefix + Self.ipv4UDP, .bsdNull).dstPort == 2000)
            #expect(parse(prefix + Self.ipv4UDP, .bsdLoop).dstPort == 2000)
        }
        #expect(parse([99, 0, 0, 0] + Self.ipv4UDP, .bsdNull).ipVersion == 0)
    }
}
