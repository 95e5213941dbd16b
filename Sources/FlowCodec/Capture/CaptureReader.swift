import NetsightModel

/// Reads UDP datagrams out of classic pcap and pcapng files, so `netsight flows decode` can
/// replay a capture of exporters through the same decoders the collector uses.
///
/// Pure: bytes in, datagrams out; the caller reads the file. Every length in the container is
/// checked against the bytes present before it is used.
public enum CaptureReader {
    /// Reads classic pcap (both byte orders, micro and nano) and pcapng (SHB/IDB/EPB/SPB), link types Ethernet (1, with 802.1Q), raw IP (101/228/229), Linux cooked SLL (113) and SLL2 (276), BSD loopback/null (0); returns the UDP payloads over IPv4 and IPv6 (skip IPv6 extension headers you can; skip non-first IPv4 fragments).
    ///
    /// Throws `.badCapture` for a bad or truncated container, or when every packet was on a
    /// link type the reader cannot parse (an empty answer would hide that).
    public static func udpDatagrams(in file: [UInt8]) throws(FlowDecodeError) -> [CapturedDatagram] {
        let result = scan(file)
        if let error = result.error { throw error }
        if result.datagrams.isEmpty && !result.unsupportedLinkTypes.isEmpty {
            let types = result.unsupportedLinkTypes.sorted().map(String.init).joined(separator: ", ")
            throw FlowDecodeError(.badCapture, "unsupported link type \(types)")
        }
        return result.datagrams
    }

    /// True when `file` starts like a pcap or pcapng file, so a caller can tell a capture
    /// from a raw datagram (NetFlow and sFlow start with 00 xx, never with these magics).
    public static func isCapture(_ file: [UInt8]) -> Bool {
        format(of: file) != nil
    }

    /// Reads as much of `file` as is intact; see `CaptureScan`.
    public static func scan(_ file: [UInt8]) -> CaptureScan {
        var result = CaptureScan()
        file.withUnsafeBytes { raw in
            switch format(of: file) {
            case .pcap(let littleEndian, let nanoseconds):
                readPcap(raw, littleEndian: littleEndian, nanoseconds: nanoseconds, into: &result)
            case .pcapng:
                readPcapng(raw, into: &result)
            case nil:
                result.error = FlowDecodeError(.badCapture, "not a pcap or pcapng file")
            }
        }
        return result
    }

    enum Format: Equatable {
        case pcap(littleEndian: Bool, nanoseconds: Bool)
        case pcapng
    }

    static func format(of file: [UInt8]) -> Format? {
        guard file.count >= 4 else { return nil }
        switch (file[0], file[1], file[2], file[3]) {
        case (0xD4, 0xC3, 0xB2, 0xA1): return .pcap(littleEndian: true, nanoseconds: false)
        case (0x4D, 0x3C, 0xB2, 0xA1): return .pcap(littleEndian: true, nanoseconds: true)
        case (0xA1, 0xB2, 0xC3, 0xD4): return .pcap(littleEndian: false, nanoseconds: false)
        case (0xA1, 0xB2, 0x3C, 0x4D): return .pcap(littleEndian: false, nanoseconds: true)
        case (0x0A, 0x0D, 0x0D, 0x0A):
            // The section header's byte-order magic tells pcapng from a text file starting "\n\r\r\n".
            guard file.count >= 12 else { return nil }
            let bom = (file[8], file[9], file[10], file[11])
            return bom == (0x1A, 0x2B, 0x3C, 0x4D) || bom == (0x4D, 0x3C, 0x2B, 0x1A) ? .pcapng : nil
        default: return nil
        }
    }

    /// Parses one captured packet and appends its UDP payload, if it has a whole one.
    static func handlePacket(
        _ bytes: UnsafeRawBufferPointer, linkType: UInt32, timestampMillis: UInt64, into result: inout CaptureScan
    ) {
        result.packets += 1
        guard let link = CaptureLinkType.link(linkType) else {
            result.unsupportedLinkTypes.insert(linkType)
            return
        }
        let h = PacketHeaderParser.parse(bytes, link: link)
        guard h.ipVersion != 0, h.proto == 17, let range = h.udpPayload else { return }
        result.datagrams.append(CapturedDatagram(
            timestampMillis: timestampMillis, source: h.srcAddress, sourcePort: h.srcPort,
            destination: h.dstAddress, destinationPort: h.dstPort, payload: Array(bytes[range])))
    }
}
