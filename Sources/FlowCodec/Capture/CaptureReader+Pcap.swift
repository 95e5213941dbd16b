extension CaptureReader {
    /// Classic pcap: a 24-byte file header, then 16-byte record headers each followed by
    /// `incl_len` bytes (https://datatracker.ietf.org/doc/draft-ietf-opsawg-pcap/).
    static func readPcap(
        _ raw: UnsafeRawBufferPointer, littleEndian: Bool, nanoseconds: Bool, into result: inout CaptureScan
    ) {
        var r = CaptureByteReader(raw, littleEndian: littleEndian)
        do throws(FlowDecodeError) {
            try r.skip(4)  // magic
            let major = try r.readU16()
            _ = try r.readU16()  // minor
            try r.skip(8)  // thiszone, sigfigs: always 0 in practice
            _ = try r.readU32()  // snaplen
            // The upper bits of this word hold the FCS length; the link type is the low 16.
            let linkType = try r.readU32() & 0xFFFF
            guard major == 2 else {
                result.error = FlowDecodeError(.badCapture, "pcap version \(major), expected 2")
                return
            }
            let fractionDivisor: UInt64 = nanoseconds ? 1_000_000 : 1_000
            while r.remaining > 0 {
                guard r.remaining >= 16 else {
                    result.error = FlowDecodeError(
                        .badCapture, "pcap record header cut short at offset \(r.offset) (\(r.remaining) bytes)")
                    return
                }
                let seconds = try r.readU32()
                let fraction = try r.readU32()
                let captured = try r.readU32()
                _ = try r.readU32()  // original length
                guard Int(captured) <= r.remaining else {
                    result.error = FlowDecodeError(
                        .badCapture, "pcap record of \(captured) bytes at offset \(r.offset), \(r.remaining) left")
                    return
                }
                let packet = try r.slice(Int(captured))
                let millis = UInt64(seconds) * 1000 + UInt64(fraction) / fractionDivisor
                handlePacket(packet.inner.buffer, linkType: linkType, timestampMillis: millis, into: &result)
            }
        } catch {
            result.error = FlowDecodeError(.badCapture, "pcap header: \(error.detail)")
        }
    }
}
