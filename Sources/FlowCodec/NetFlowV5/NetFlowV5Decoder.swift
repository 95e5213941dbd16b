import NetsightModel

/// Decodes NetFlow version 5 export packets: a 24-byte header and up to 30 fixed 48-byte
/// records (Cisco's published format; there is no RFC).
///
/// When the header's count promises more records than the datagram holds, the records
/// that are present are decoded and one `.badLength` error reports the shortfall: v5 has
/// no other length field, and the complete records are as valid as in a full packet.
enum NetFlowV5Decoder {
    static let headerLength = 24
    static let recordLength = 48
    /// The most records Cisco's format allows in one packet.
    static let maxRecords = 30

    static func decode(
        _ datagram: UnsafeRawBufferPointer, exporter: IPAddress, samplingOverride: UInt32?,
        into result: inout FlowDecodeResult
    ) {
        result.version = 5
        guard datagram.count >= headerLength, let base = datagram.baseAddress else {
            result.errors.append(FlowDecodeError(
                .truncated, "NetFlow v5 header from \(exporter): \(datagram.count) of \(headerLength) bytes"))
            return
        }
        let count = Int(Wire.unsigned(base + 2, 2))
        let sysUptime = Wire.u32(base + 4)
        let seconds = UInt64(Wire.u32(base + 8))
        let nanoseconds = UInt64(Wire.u32(base + 12))
        let engineType = UInt32(base.load(fromByteOffset: 20, as: UInt8.self))
        let engineID = UInt32(base.load(fromByteOffset: 21, as: UInt8.self))
        let sampling = UInt16(Wire.unsigned(base + 22, 2))
        // Top 2 bits: sampling mode; low 14 bits: the interval (0 = unsampled).
        let headerRate = UInt32(sampling & 0x3fff)
        let rate = samplingOverride ?? (headerRate == 0 ? 1 : headerRate)
        let exportMillis = seconds * 1000 + nanoseconds / 1_000_000
        // Engine type and ID identify the exporting engine within one router (nfdump
        // keeps them the same way), so they stand in for the observation domain.
        let domain = engineType << 8 | engineID

        let present = (datagram.count - headerLength) / recordLength
        if count > present || count > maxRecords {
            result.errors.append(FlowDecodeError(
                .badLength,
                "NetFlow v5 from \(exporter): count \(count) but \(present) records present (at most \(maxRecords))"))
        }
        let decodable = min(count, present, maxRecords)
        result.reserveRecords(decodable)
        for i in 0..<decodable {
            let p = base + headerLength + i * recordLength
            var flow = FlowRecord()
            flow.source = .netflowV5
            flow.exporter = exporter
            flow.observationDomain = domain
            flow.srcAddress = IPAddress(ipv4: Wire.u32(p))
            flow.dstAddress = IPAddress(ipv4: Wire.u32(p + 4))
            flow.nextHop = IPAddress(ipv4: Wire.u32(p + 8))
            flow.inputInterface = UInt32(Wire.unsigned(p + 12, 2))
            flow.outputInterface = UInt32(Wire.unsigned(p + 14, 2))
            let packets = UInt64(Wire.u32(p + 16))
            let bytes = UInt64(Wire.u32(p + 20))
            flow.startMillis = absolute(Wire.u32(p + 24), sysUptime: sysUptime, exportMillis: exportMillis)
            flow.endMillis = absolute(Wire.u32(p + 28), sysUptime: sysUptime, exportMillis: exportMillis)
            flow.srcPort = UInt16(Wire.unsigned(p + 32, 2))
            flow.dstPort = UInt16(Wire.unsigned(p + 34, 2))
            flow.tcpFlags = p.load(fromByteOffset: 37, as: UInt8.self)
            flow.proto = p.load(fromByteOffset: 38, as: UInt8.self)
            flow.tos = p.load(fromByteOffset: 39, as: UInt8.self)
            flow.srcAS = UInt32(Wire.unsigned(p + 40, 2))
            flow.dstAS = UInt32(Wire.unsigned(p + 42, 2))
            flow.srcPrefixLength = p.load(fromByteOffset: 44, as: UInt8.self)
            flow.dstPrefixLength = p.load(fromByteOffset: 45, as: UInt8.self)
            flow.setCounters(rawBytes: bytes, rawPackets: packets, samplingRate: rate)
            result.records.append(flow)
        }
    }

    /// Uptime-relative to Unix milliseconds; the signed age survives the 49.7-day wrap.
    @inline(__always)
    static func absolute(_ uptime: UInt32, sysUptime: UInt32, exportMillis: UInt64) -> UInt64 {
        let age = Int64(Int32(bitPattern: sysUptime &- uptime))
        return UInt64(clamping: Int64(clamping: exportMillis) - age)
    }
}
