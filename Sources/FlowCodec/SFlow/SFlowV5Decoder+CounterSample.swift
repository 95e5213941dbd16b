import NetsightModel

extension SFlowV5Decoder {
    /// Decodes a counters_sample (0:2) or expanded counters_sample (0:4).
    ///
    /// Only generic interface counters (0:1) are kept; Ethernet, VLAN, processor and vendor
    /// records are skipped by their length. The samples are returned, not appended, so that a
    /// bad record later in the sample drops the whole sample instead of half of it.
    static func decodeCounterSample(
        _ r: inout ByteReader, expanded: Bool, context: Context
    ) throws(FlowDecodeError) -> [InterfaceCounterSample] {
        _ = try r.readU32()  // sequence number
        _ = try r.readU32()  // source ID (or its type, when expanded)
        if expanded { _ = try r.readU32() }  // source ID index
        let recordCount = try r.readU32()
        var samples: [InterfaceCounterSample] = []
        var index: UInt32 = 0
        while index < recordCount {
            guard r.remaining > 0 else {
                throw FlowDecodeError(.truncated, "declares \(recordCount) counter records, holds \(index)")
            }
            let format = DataFormat(try r.readU32())
            let length = try r.readU32()
            guard Int(length) <= r.remaining else {
                throw FlowDecodeError(.truncated, "counter record \(index) (\(format)) length \(length), \(r.remaining) left")
            }
            var body = try r.slice(Int(length))
            if format.enterprise == 0 && format.format == 1 {
                samples.append(try decodeGenericInterface(&body, context: context))
            }
            index += 1
        }
        return samples
    }

    /// Generic interface counters (0:1), 88 bytes, the sFlow rendering of the IF-MIB row.
    static func decodeGenericInterface(
        _ r: inout ByteReader, context: Context
    ) throws(FlowDecodeError) -> InterfaceCounterSample {
        InterfaceCounterSample(
            agent: context.agent, timestampMillis: context.receivedAtMillis,
            ifIndex: try r.readU32(), ifType: try r.readU32(), ifSpeed: try r.readU64(),
            ifDirection: try r.readU32(), ifStatus: try r.readU32(),
            inOctets: try r.readU64(), inUnicastPackets: try r.readU32(),
            inMulticastPackets: try r.readU32(), inBroadcastPackets: try r.readU32(),
            inDiscards: try r.readU32(), inErrors: try r.readU32(), inUnknownProtos: try r.readU32(),
            outOctets: try r.readU64(), outUnicastPackets: try r.readU32(),
            outMulticastPackets: try r.readU32(), outBroadcastPackets: try r.readU32(),
            outDiscards: try r.readU32(), outErrors: try r.readU32(), promiscuousMode: try r.readU32())
    }
}
