extension CaptureReader {
    /// One interface description block: the link type and how to read its timestamps.
    struct PcapngInterface {
        var linkType: UInt32
        var snapLength: UInt32
        /// if_tsresol: the low 7 bits are an exponent, of 2 when the top bit is set, else of 10.
        var timestampResolution: UInt8 = 6
        /// if_tsoffset: seconds added to every timestamp.
        var timestampOffsetSeconds: Int64 = 0
    }

    static let sectionHeaderType: UInt32 = 0x0A0D_0D0A
    /// A block needs its type, its length twice: 12 bytes.
    static let minimumBlockLength = 12

    /// pcapng (https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcapng/): a sequence of
    /// sections, each a section header then blocks; byte order is set per section.
    static func readPcapng(_ raw: UnsafeRawBufferPointer, into result: inout CaptureScan) {
        var offset = 0
        var littleEndian = true
        var interfaces: [PcapngInterface] = []
        var sawSection = false
        do throws(FlowDecodeError) {
            while offset < raw.count {
                guard raw.count - offset >= minimumBlockLength else {
                    throw FlowDecodeError(.badCapture, "pcapng block cut short at offset \(offset)")
                }
                let rest = UnsafeRawBufferPointer(rebasing: raw[offset...])
                if rest.prefix(4).elementsEqual([0x0A, 0x0D, 0x0D, 0x0A]) {
                    // A new section may switch byte order; its magic follows type and length.
                    let bom = Array(rest[8..<12])
                    guard bom == [0x4D, 0x3C, 0x2B, 0x1A] || bom == [0x1A, 0x2B, 0x3C, 0x4D] else {
                        throw FlowDecodeError(.badCapture, "pcapng section at offset \(offset) has no byte-order magic")
                    }
                    littleEndian = bom[0] == 0x4D
                    interfaces = []
                    sawSection = true
                } else if !sawSection {
                    throw FlowDecodeError(.badCapture, "pcapng file does not start with a section header")
                }
                var r = CaptureByteReader(rest, littleEndian: littleEndian)
                let type = try r.readU32()
                let length = Int(try r.readU32())
                guard length >= minimumBlockLength, length % 4 == 0, length <= rest.count else {
                    throw FlowDecodeError(
                        .badCapture, "pcapng block type \(type) at offset \(offset): length \(length), \(rest.count) left")
                }
                var trailer = CaptureByteReader(UnsafeRawBufferPointer(rebasing: rest[(length - 4)..<length]), littleEndian: littleEndian)
                guard Int(try trailer.readU32()) == length else {
                    throw FlowDecodeError(.badCapture, "pcapng block at offset \(offset): trailing length differs")
                }
                var body = try r.slice(length - minimumBlockLength)
                switch type {
                case 1:
                    interfaces.append(try readInterface(&body))
                case 6:
                    try readEnhancedPacket(&body, interfaces: interfaces, into: &result)
                case 3:
                    try readSimplePacket(&body, interfaces: interfaces, into: &result)
                case 2:
                    try readObsoletePacket(&body, interfaces: interfaces, into: &result)
                default:
                    break  // section header (already handled), statistics, name resolution, custom
                }
                offset += length
            }
        } catch {
            result.error = error.reason == .badCapture
                ? error : FlowDecodeError(.badCapture, "pcapng block at offset \(offset): \(error.detail)")
        }
    }

    static func readInterface(_ r: inout CaptureByteReader) throws(FlowDecodeError) -> PcapngInterface {
        let linkType = UInt32(try r.readU16())
        _ = try r.readU16()  // reserved
        var interface = PcapngInterface(linkType: linkType, snapLength: try r.readU32())
        // Options: code, length, value padded to 4 bytes; code 0 ends the list.
        while r.remaining >= 4 {
            let code = try r.readU16()
            let length = Int(try r.readU16())
            if code == 0 { break }
            var value = try r.slice(length)
            try r.skip(min((4 - length % 4) % 4, r.remaining))
            switch (code, length) {
            case (9, 1): interface.timestampResolution = try value.readU8()
            case (14, 8): interface.timestampOffsetSeconds = Int64(bitPattern: try value.readU64())
            default: break
            }
        }
        return interface
    }

    static func interface(_ id: UInt32, in interfaces: [PcapngInterface]) throws(FlowDecodeError) -> PcapngInterface {
        guard Int(id) < interfaces.count else {
            throw FlowDecodeError(.badCapture, "packet names interface \(id), only \(interfaces.count) described")
        }
        return interfaces[Int(id)]
    }

    static func readEnhancedPacket(
        _ r: inout CaptureByteReader, interfaces: [PcapngInterface], into result: inout CaptureScan
    ) throws(FlowDecodeError) {
        let iface = try interface(try r.readU32(), in: interfaces)
        let high = try r.readU32()
        let low = try r.readU32()
        let captured = try r.readU32()
        _ = try r.readU32()  // original length
        let packet = try r.slice(Int(captured))
        let millis = timestampMillis(UInt64(high) << 32 | UInt64(low), interface: iface)
        handlePacket(packet.inner.buffer, linkType: iface.linkType, timestampMillis: millis, into: &result)
    }

    /// A simple packet block has no interface ID (it is interface 0) and no timestamp; its
    /// captured length is the smaller of the original length, the snap length, and the block.
    static func readSimplePacket(
        _ r: inout CaptureByteReader, interfaces: [PcapngInterface], into result: inout CaptureScan
    ) throws(FlowDecodeError) {
        let iface = try interface(0, in: interfaces)
        let original = Int(try r.readU32())
        var captured = min(original, r.remaining)
        if iface.snapLength > 0 { captured = min(captured, Int(iface.snapLength)) }
        let packet = try r.slice(captured)
        handlePacket(packet.inner.buffer, linkType: iface.linkType, timestampMillis: 0, into: &result)
    }

    /// The obsolete packet block (type 2) that old Wireshark versions wrote.
    static func readObsoletePacket(
        _ r: inout CaptureByteReader, interfaces: [PcapngInterface], into result: inout CaptureScan
    ) throws(FlowDecodeError) {
        let iface = try interface(UInt32(try r.readU16()), in: interfaces)
        _ = try r.readU16()  // drops count
        let high = try r.readU32()
        let low = try r.readU32()
        let captured = try r.readU32()
        _ = try r.readU32()  // original length
        let packet = try r.slice(Int(captured))
        let millis = timestampMillis(UInt64(high) << 32 | UInt64(low), interface: iface)
        handlePacket(packet.inner.buffer, linkType: iface.linkType, timestampMillis: millis, into: &result)
    }

    /// Converts a timestamp in the interface's units to milliseconds since the epoch.
    static func timestampMillis(_ units: UInt64, interface: PcapngInterface) -> UInt64 {
        let exponent = Int(interface.timestampResolution & 0x7F)
        var millis: UInt64
        if interface.timestampResolution & 0x80 != 0 {
            // Units of 2^-exponent seconds.
            guard exponent < 64 else { return 0 }
            let whole = units >> UInt64(exponent)
            let fraction = units & ((1 << UInt64(exponent)) &- 1)
            let fractionMillis = Double(fraction) * 1000 * Double(sign: .plus, exponent: -exponent, significand: 1)
            millis = whole &* 1000 &+ UInt64(fractionMillis)
        } else if exponent >= 3 {
            // Units of 10^-exponent seconds; a divisor past UInt64 means every value rounds to 0.
            var divisor: UInt64 = 1
            for _ in 0..<(exponent - 3) {
                let (next, overflow) = divisor.multipliedReportingOverflow(by: 10)
                if overflow { return 0 }
                divisor = next
            }
            millis = units / divisor
        } else {
            var factor: UInt64 = 1
            for _ in 0..<(3 - exponent) { factor *= 10 }
            millis = units &* factor
        }
        let offset = interface.timestampOffsetSeconds &* 1000
        return offset >= 0 ? millis &+ UInt64(offset) : millis &- offset.magnitude
    }
}
