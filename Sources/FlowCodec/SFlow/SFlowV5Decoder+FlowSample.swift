import NetsightModel

extension SFlowV5Decoder {
    /// Decodes a flow_sample (0:1) or expanded flow_sample (0:3) into one record.
    ///
    /// Bytes: the raw packet header's `frame_length` as sent, *not* minus `stripped`. The
    /// spec defines frame_length as the octets received on the wire (FCS included) and tells
    /// agents to add any stripped encapsulation to it, so it is what the link carried, and it
    /// is what the interface octet counters count; subtracting `stripped` would make sampled
    /// flow totals undercount the counter samples. When no header record is present, the
    /// sampled Ethernet length (0:2) or the sampled IP length (0:3, 0:4) is used instead.
    static func decodeFlowSample(
        _ r: inout ByteReader, expanded: Bool, context: Context
    ) throws(FlowDecodeError) -> FlowRecord {
        _ = try r.readU32()  // sample sequence number
        if expanded {
            _ = try r.readU32()  // source ID type
            _ = try r.readU32()  // source ID index
        } else {
            _ = try r.readU32()  // source ID: type << 24 | index
        }
        let samplingRate = try r.readU32()
        _ = try r.readU32()  // sample pool
        _ = try r.readU32()  // drops
        var flow = FlowRecord()
        flow.source = .sflow
        flow.exporter = context.agent
        flow.observationDomain = context.subAgent
        flow.startMillis = context.receivedAtMillis
        flow.endMillis = context.receivedAtMillis
        if expanded {
            flow.inputInterface = interface(format: try r.readU32(), value: try r.readU32())
            flow.outputInterface = interface(format: try r.readU32(), value: try r.readU32())
        } else {
            let input = try r.readU32()
            let output = try r.readU32()
            flow.inputInterface = interface(format: input >> 30, value: input & 0x3FFF_FFFF)
            flow.outputInterface = interface(format: output >> 30, value: output & 0x3FFF_FFFF)
        }
        let recordCount = try r.readU32()
        var state = FlowSampleState()
        var index: UInt32 = 0
        while index < recordCount {
            guard r.remaining > 0 else {
                throw FlowDecodeError(.truncated, "declares \(recordCount) flow records, holds \(index)")
            }
            let format = DataFormat(try r.readU32())
            let length = try r.readU32()
            guard Int(length) <= r.remaining else {
                throw FlowDecodeError(.truncated, "flow record \(index) (\(format)) length \(length), \(r.remaining) left")
            }
            var body = try r.slice(Int(length))
            try decodeFlowRecord(format, &body, flow: &flow, state: &state)
            index += 1
        }
        if state.switchVLAN != 0 { flow.vlan = state.switchVLAN }
        if flow.nextHop == .zero { flow.nextHop = state.gatewayNextHop }
        let bytes = state.frameLength ?? state.ethernetLength ?? state.ipLength ?? 0
        flow.setCounters(rawBytes: UInt64(bytes), rawPackets: 1, samplingRate: samplingRate)
        return flow
    }

    /// What the records of one sample contribute beyond the record's own fields.
    struct FlowSampleState {
        var frameLength: UInt32?
        var ethernetLength: UInt32?
        var ipLength: UInt32?
        /// True once a sampled header yielded an IP layer; it then wins over 0:3/0:4 records.
        var haveIPFromHeader = false
        var switchVLAN: UInt16 = 0
        var gatewayNextHop: IPAddress = .zero
    }

    /// The interface number from a format and value: format 0 is an ifIndex (0x3FFFFFFF
    /// meaning "internal", kept as 0); format 1 (discarded) and 2 (multiple outputs) carry a
    /// reason or a count, not an interface, so they map to 0 rather than to a bogus ifIndex.
    static func interface(format: UInt32, value: UInt32) -> UInt32 {
        guard format == 0, value != 0x3FFF_FFFF else { return 0 }
        return value
    }

    static func decodeFlowRecord(
        _ format: DataFormat, _ r: inout ByteReader, flow: inout FlowRecord, state: inout FlowSampleState
    ) throws(FlowDecodeError) {
        guard format.enterprise == 0 else { return }
        switch format.format {
        case 1: try decodeRawHeader(&r, flow: &flow, state: &state)
        case 2: state.ethernetLength = try r.readU32()
        case 3: try decodeSampledIP(&r, version: 4, flow: &flow, state: &state)
        case 4: try decodeSampledIP(&r, version: 6, flow: &flow, state: &state)
        case 1001:
            state.switchVLAN = UInt16(truncatingIfNeeded: try r.readU32())
            _ = try r.readU32()  // source priority
            _ = try r.readU32()  // destination VLAN
            _ = try r.readU32()  // destination priority
        case 1002:
            flow.nextHop = try readAddress(&r, context: "extended router next hop")
            flow.srcPrefixLength = UInt8(truncatingIfNeeded: try r.readU32())
            flow.dstPrefixLength = UInt8(truncatingIfNeeded: try r.readU32())
        case 1003: try decodeGateway(&r, flow: &flow, state: &state)
        default: break
        }
    }

    /// Raw packet header (0:1): protocol, frame length, stripped, then the header bytes.
    static func decodeRawHeader(
        _ r: inout ByteReader, flow: inout FlowRecord, state: inout FlowSampleState
    ) throws(FlowDecodeError) {
        let headerProtocol = try r.readU32()
        state.frameLength = try r.readU32()
        _ = try r.readU32()  // stripped: see decodeFlowSample for why it is not subtracted
        let headerLength = try r.readU32()
        guard Int(headerLength) <= r.remaining else {
            throw FlowDecodeError(.truncated, "sampled header length \(headerLength), \(r.remaining) left")
        }
        let bytes = try r.slice(Int(headerLength))
        let link: PacketHeaderParser.Link
        switch headerProtocol {
        case 1: link = .ethernet  // ETHERNET-ISO88023
        case 11: link = .ipv4
        case 12: link = .ipv6
        default: return  // 802.11, PPP, MPLS...: keep the byte count, no fields
        }
        let h = PacketHeaderParser.parse(bytes.buffer, link: link)
        flow.vlan = h.vlan
        guard h.ipVersion != 0 else { return }
        state.haveIPFromHeader = true
        flow.srcAddress = h.srcAddress
        flow.dstAddress = h.dstAddress
        flow.proto = h.proto
        flow.tos = h.tos
        flow.srcPort = h.srcPort
        flow.dstPort = h.dstPort
        flow.tcpFlags = h.tcpFlags
    }

    /// Sampled IPv4 (0:3) or IPv6 (0:4): the agent's own parse of the packet.
    static func decodeSampledIP(
        _ r: inout ByteReader, version: Int, flow: inout FlowRecord, state: inout FlowSampleState
    ) throws(FlowDecodeError) {
        let length = try r.readU32()
        let proto = try r.readU32()
        let src: IPAddress
        let dst: IPAddress
        if version == 4 {
            src = IPAddress(ipv4: try r.readU32())
            dst = IPAddress(ipv4: try r.readU32())
        } else {
            src = IPAddress(high: try r.readU64(), low: try r.readU64())
            dst = IPAddress(high: try r.readU64(), low: try r.readU64())
        }
        let srcPort = try r.readU32()
        let dstPort = try r.readU32()
        let tcpFlags = try r.readU32()
        let tos = try r.readU32()  // IPv4 TOS, or IPv6 priority (traffic class)
        state.ipLength = length
        guard !state.haveIPFromHeader else { return }
        flow.proto = UInt8(truncatingIfNeeded: proto)
        flow.srcAddress = src
        flow.dstAddress = dst
        flow.srcPort = UInt16(truncatingIfNeeded: srcPort)
        flow.dstPort = UInt16(truncatingIfNeeded: dstPort)
        flow.tcpFlags = UInt8(truncatingIfNeeded: tcpFlags)
        flow.tos = UInt8(truncatingIfNeeded: tos)
    }

    /// Extended gateway (0:1003): BGP next hop, own/source/peer AS, then the AS path.
    ///
    /// The destination AS is the last AS of the path (the origin), or the router's own AS when
    /// the path is empty (a locally originated route); the source AS falls back to the
    /// router's AS when the agent sends 0. This matches goflow2 and sflowtool.
    static func decodeGateway(
        _ r: inout ByteReader, flow: inout FlowRecord, state: inout FlowSampleState
    ) throws(FlowDecodeError) {
        state.gatewayNextHop = try readAddress(&r, context: "extended gateway next hop")
        let routerAS = try r.readU32()
        let srcAS = try r.readU32()
        _ = try r.readU32()  // source peer AS
        let segments = try r.readU32()
        var lastAS: UInt32?
        var segment: UInt32 = 0
        // Each segment consumes at least 8 bytes, so a lying segment count ends with the bytes.
        while segment < segments {
            _ = try r.readU32()  // segment type: 1 AS_SET, 2 AS_SEQUENCE
            let count = try r.readU32()
            guard Int(count) <= r.remaining / 4 else {
                throw FlowDecodeError(.truncated, "AS path segment of \(count) ASes, \(r.remaining) bytes left")
            }
            if count > 0 {
                try r.skip(Int(count - 1) * 4)
                lastAS = try r.readU32()
            }
            segment += 1
        }
        flow.srcAS = srcAS != 0 ? srcAS : routerAS
        flow.dstAS = lastAS ?? routerAS
    }
}
