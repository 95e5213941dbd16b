import NetsightModel

/// Reads Ethernet (with 802.1Q tags), IPv4, IPv6 (with extension headers) and TCP/UDP/ICMP
/// headers from the front of a packet.
///
/// One parser serves both the sFlow sampled-header record and the capture reader, so the
/// two can never disagree about a header. It never throws: it fills in as much as the bytes
/// reach and stops, because a sampled header is cut short by design and a partial answer
/// (addresses without ports) is still worth recording.
public enum PacketHeaderParser {
    /// The framing in front of the network layer.
    public enum Link: Sendable, Hashable {
        /// Ethernet II (and 802.3 frames, which yield no network layer).
        case ethernet
        /// A bare IP packet; the version nibble says 4 or 6.
        case rawIP
        case ipv4
        case ipv6
        /// Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 16-byte header).
        case linuxSLL
        /// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 20-byte header).
        case linuxSLL2
        /// BSD loopback: a 4-byte address family in the capturing host's byte order.
        case bsdNull
        /// OpenBSD loopback: the same 4-byte family in network byte order.
        case bsdLoop
    }

    /// At most this many stacked VLAN tags are skipped; real frames carry one or two, and the
    /// limit keeps a frame of repeated 0x8100 words from being walked tag by tag.
    static let maxVLANTags = 4
    /// At most this many IPv6 extension headers are skipped before giving up on the transport
    /// header; RFC 8200 §4.1 expects each type at most once or twice.
    static let maxIPv6ExtensionHeaders = 8

    /// Parses `bytes` framed as `link`.
    public static func parse(_ bytes: UnsafeRawBufferPointer, link: Link) -> PacketHeader {
        var header = PacketHeader()
        let b = Bytes(bytes)
        switch link {
        case .ethernet:
            parseEthernet(b, into: &header)
        case .rawIP:
            guard let first = b.u8(0) else { return header }
            parseIP(b, at: 0, version: first >> 4, into: &header)
        case .ipv4:
            parseIP(b, at: 0, version: 4, into: &header)
        case .ipv6:
            parseIP(b, at: 0, version: 6, into: &header)
        case .linuxSLL:
            guard let type = b.u16(14) else { return header }
            parseEtherType(type, b, at: 16, into: &header)
        case .linuxSLL2:
            guard let type = b.u16(0) else { return header }
            parseEtherType(type, b, at: 20, into: &header)
        case .bsdNull, .bsdLoop:
            guard let a = b.u8(0), let z = b.u8(1), let y = b.u8(2), let d = b.u8(3) else { return header }
            // The family is host-order for null, network-order for loop; a family fits in one
            // byte, so take whichever end is non-zero instead of guessing the writer's order.
            let family = UInt32(a) << 24 | UInt32(z) << 16 | UInt32(y) << 8 | UInt32(d)
            let value = family > 0xFFFF ? family.byteSwapped : family
            switch value {
            case 2: parseIP(b, at: 4, version: 4, into: &header)
            case 10, 24, 28, 30: parseIP(b, at: 4, version: 6, into: &header)  // Linux, BSDs, macOS
            default: break
            }
        }
        return header
    }

    static func parseEthernet(_ b: Bytes, into header: inout PacketHeader) {
        var offset = 12
        guard var type = b.u16(offset) else { return }
        var tags = 0
        while type == 0x8100 || type == 0x88a8 || type == 0x9100, tags < maxVLANTags {
            guard let tci = b.u16(offset + 2), let inner = b.u16(offset + 4) else { return }
            if tags == 0 { header.vlan = tci & 0x0FFF }
            type = inner
            offset += 4
            tags += 1
        }
        parseEtherType(type, b, at: offset + 2, into: &header)
    }

    static func parseEtherType(_ type: UInt16, _ b: Bytes, at offset: Int, into header: inout PacketHeader) {
        header.etherType = type
        switch type {
        case 0x0800: parseIP(b, at: offset, version: 4, into: &header)
        case 0x86dd: parseIP(b, at: offset, version: 6, into: &header)
        default: break
        }
    }

    static func parseIP(_ b: Bytes, at offset: Int, version: UInt8, into header: inout PacketHeader) {
        if version == 4 { parseIPv4(b, at: offset, into: &header) }
        if version == 6 { parseIPv6(b, at: offset, into: &header) }
    }

    static func parseIPv4(_ b: Bytes, at o: Int, into header: inout PacketHeader) {
        guard let vihl = b.u8(o), vihl >> 4 == 4, let tos = b.u8(o + 1), let total = b.u16(o + 2),
            let frag = b.u16(o + 6), let proto = b.u8(o + 9), let src = b.u32(o + 12), let dst = b.u32(o + 16)
        else { return }
        let headerLength = Int(vihl & 0x0F) * 4
        guard headerLength >= 20 else { return }
        header.ipVersion = 4
        header.tos = tos
        header.proto = proto
        header.ipTotalLength = Int(total)
        header.srcAddress = IPAddress(ipv4: src)
        header.dstAddress = IPAddress(ipv4: dst)
        header.isLaterFragment = frag & 0x1FFF != 0
        header.hasMoreFragments = frag & 0x2000 != 0
        guard !header.isLaterFragment else { return }
        // The IP length bounds the transport payload; trailing Ethernet padding is not data.
        let end = Int(total) >= headerLength ? o + Int(total) : o + headerLength
        parseTransport(proto, b, at: o + headerLength, ipEnd: end, into: &header)
    }

    static func parseIPv6(_ b: Bytes, at o: Int, into header: inout PacketHeader) {
        guard let w = b.u32(o), w >> 28 == 6, let payload = b.u16(o + 4), var next = b.u8(o + 6),
            let src = b.bytes(o + 8, 16), let dst = b.bytes(o + 24, 16)
        else { return }
        header.ipVersion = 6
        header.tos = UInt8(truncatingIfNeeded: w >> 20)
        header.srcAddress = IPAddress(ipv6: src)
        header.dstAddress = IPAddress(ipv6: dst)
        header.ipTotalLength = 40 + Int(payload)
        let end = o + 40 + Int(payload)
        var offset = o + 40
        var skipped = 0
        header.proto = next
        while skipped < maxIPv6ExtensionHeaders {
            switch next {
            case 0, 43, 60, 135, 139, 140:  // hop-by-hop, routing, destination, mobility, HIP, shim6
                guard let n = b.u8(offset), let len = b.u8(offset + 1) else { return }
                next = n
                offset += (Int(len) + 1) * 8
            case 51:  // AH counts its length in 4-byte words, minus 2
                guard let n = b.u8(offset), let len = b.u8(offset + 1) else { return }
                next = n
                offset += (Int(len) + 2) * 4
            case 44:
                guard let n = b.u8(offset), let frag = b.u16(offset + 2) else { return }
                next = n
                offset += 8
                header.isLaterFragment = frag & 0xFFF8 != 0
                header.hasMoreFragments = frag & 1 != 0
            default:
                header.proto = next
                guard !header.isLaterFragment else { return }
                parseTransport(next, b, at: offset, ipEnd: end, into: &header)
                return
            }
            header.proto = next
            skipped += 1
        }
    }

    static func parseTransport(_ proto: UInt8, _ b: Bytes, at o: Int, ipEnd: Int, into header: inout PacketHeader) {
        switch proto {
        case 6:
            guard let sp = b.u16(o), let dp = b.u16(o + 2) else { return }
            header.srcPort = sp
            header.dstPort = dp
            if let flags = b.u8(o + 13) { header.tcpFlags = flags }
        case 17:
            guard let sp = b.u16(o), let dp = b.u16(o + 2) else { return }
            header.srcPort = sp
            header.dstPort = dp
            // The payload is offered only when the whole datagram is here and unfragmented;
            // a partial payload would decode as a different, broken flow datagram.
            guard let length = b.u16(o + 4), length >= 8, !header.hasMoreFragments else { return }
            let end = o + Int(length)
            guard end <= ipEnd, end <= b.count else { return }
            header.udpPayload = (o + 8)..<end
        case 1, 58:
            guard let type = b.u8(o), let code = b.u8(o + 1) else { return }
            header.dstPort = UInt16(type) << 8 | UInt16(code)
        default:
            break
        }
    }

    /// Optional-returning reads: a read past the end yields nil, which ends parsing there.
    struct Bytes {
        let raw: UnsafeRawBufferPointer
        init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }
        var count: Int { raw.count }

        func u8(_ at: Int) -> UInt8? {
            at >= 0 && at < raw.count ? raw[at] : nil
        }

        func u16(_ at: Int) -> UInt16? {
            guard at >= 0, at <= raw.count - 2 else { return nil }
            return UInt16(raw[at]) << 8 | UInt16(raw[at + 1])
        }

        func u32(_ at: Int) -> UInt32? {
            guard at >= 0, at <= raw.count - 4 else { return nil }
            return raw.loadUnaligned(fromByteOffset: at, as: UInt32.self).bigEndian
        }

        func bytes(_ at: Int, _ n: Int) -> UnsafeRawBufferPointer? {
            guard at >= 0, n >= 0, at <= raw.count - n else { return nil }
            return UnsafeRawBufferPointer(rebasing: raw[at..<(at + n)])
        }
    }
}
