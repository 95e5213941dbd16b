import NetsightModel

/// The values of one data record while its fields are applied, before times and sampling
/// are resolved into the final `FlowRecord`.
struct RecordValues {
    /// Which optional values the record carried.
    struct Seen: OptionSet {
        var rawValue: UInt32
        static let startSysUp = Seen(rawValue: 1 << 0)
        static let endSysUp = Seen(rawValue: 1 << 1)
        static let startAbsolute = Seen(rawValue: 1 << 2)
        static let endAbsolute = Seen(rawValue: 1 << 3)
        static let startDelta = Seen(rawValue: 1 << 4)
        static let endDelta = Seen(rawValue: 1 << 5)
        static let systemInit = Seen(rawValue: 1 << 6)
        static let icmp = Seen(rawValue: 1 << 7)
        static let samplerID = Seen(rawValue: 1 << 8)
        static let samplingInterval = Seen(rawValue: 1 << 9)
        static let randomInterval = Seen(rawValue: 1 << 10)
        static let packetInterval = Seen(rawValue: 1 << 11)
        static let packetSpace = Seen(rawValue: 1 << 12)
    }

    var flow = FlowRecord()
    var seen: Seen = []
    var rawBytes: UInt64 = 0
    var rawPackets: UInt64 = 0
    var startSysUp: UInt32 = 0
    var endSysUp: UInt32 = 0
    var startMillis: UInt64 = 0
    var endMillis: UInt64 = 0
    var startDeltaMicros: UInt64 = 0
    var endDeltaMicros: UInt64 = 0
    var systemInitMillis: UInt64 = 0
    var icmp: UInt16 = 0
    var samplerID: UInt64 = 0
    var samplingInterval: UInt64 = 0
    var randomInterval: UInt64 = 0
    var packetInterval: UInt64 = 0
    var packetSpace: UInt64 = 0

    /// Applies one field. `p` points at the field's first byte and `length` has already
    /// been checked against the action at compile time (`FieldAction.accepts`).
    @inline(__always)
    mutating func apply(_ action: FieldAction, _ p: UnsafeRawPointer, length: Int) {
        switch action {
        case .skip: break
        case .bytes: rawBytes = Wire.unsigned(p, length)
        case .packets: rawPackets = Wire.unsigned(p, length)
        case .proto: flow.proto = UInt8(truncatingIfNeeded: Wire.unsigned(p, length))
        case .tos: flow.tos = UInt8(truncatingIfNeeded: Wire.unsigned(p, length))
        // tcpControlBits grew to 16 bits in IPFIX; the low byte holds the classic flags.
        case .tcpFlags: flow.tcpFlags = UInt8(truncatingIfNeeded: Wire.unsigned(p, length))
        case .srcPort: flow.srcPort = UInt16(truncatingIfNeeded: Wire.unsigned(p, length))
        case .dstPort: flow.dstPort = UInt16(truncatingIfNeeded: Wire.unsigned(p, length))
        case .icmpTypeCode:
            icmp = UInt16(truncatingIfNeeded: Wire.unsigned(p, length))
            seen.insert(.icmp)
        case .icmpType:
            icmp = icmp & 0x00ff | UInt16(truncatingIfNeeded: Wire.unsigned(p, length)) << 8
            seen.insert(.icmp)
        case .icmpCode:
            icmp = icmp & 0xff00 | UInt16(truncatingIfNeeded: Wire.unsigned(p, length) & 0xff)
            seen.insert(.icmp)
        case .srcV4: flow.srcAddress = IPAddress(ipv4: Wire.u32(p))
        case .dstV4: flow.dstAddress = IPAddress(ipv4: Wire.u32(p))
        case .nextHopV4: flow.nextHop = IPAddress(ipv4: Wire.u32(p))
        case .srcV6: flow.srcAddress = Wire.ipv6(p)
        case .dstV6: flow.dstAddress = Wire.ipv6(p)
        case .nextHopV6: flow.nextHop = Wire.ipv6(p)
        case .srcMask: flow.srcPrefixLength = UInt8(truncatingIfNeeded: Wire.unsigned(p, length))
        case .dstMask: flow.dstPrefixLength = UInt8(truncatingIfNeeded: Wire.unsigned(p, length))
        case .inputInterface: flow.inputInterface = UInt32(truncatingIfNeeded: Wire.unsigned(p, length))
        case .outputInterface: flow.outputInterface = UInt32(truncatingIfNeeded: Wire.unsigned(p, length))
        case .srcAS: flow.srcAS = UInt32(truncatingIfNeeded: Wire.unsigned(p, length))
        case .dstAS: flow.dstAS = UInt32(truncatingIfNeeded: Wire.unsigned(p, length))
        // vlanId is 12 bits; exporters that send a whole TCI must not leak PCP/DEI into it.
        case .vlan: flow.vlan = UInt16(truncatingIfNeeded: Wire.unsigned(p, length)) & 0x0fff
        case .direction:
            switch Wire.unsigned(p, length) {
            case 0: flow.direction = .ingress
            case 1: flow.direction = .egress
            default: flow.direction = .unknown
            }
        case .startSysUp:
            startSysUp = UInt32(truncatingIfNeeded: Wire.unsigned(p, length))
            seen.insert(.startSysUp)
        case .endSysUp:
            endSysUp = UInt32(truncatingIfNeeded: Wire.unsigned(p, length))
            seen.insert(.endSysUp)
        case .startSeconds:
            startMillis = Wire.unsigned(p, length) &* 1000
            seen.insert(.startAbsolute)
        case .endSeconds:
            endMillis = Wire.unsigned(p, length) &* 1000
            seen.insert(.endAbsolute)
        case .startMillis:
            startMillis = Wire.unsigned(p, length)
            seen.insert(.startAbsolute)
        case .endMillis:
            endMillis = Wire.unsigned(p, length)
            seen.insert(.endAbsolute)
        case .startNTP:
            startMillis = Wire.ntpToUnixMillis(Wire.unsigned(p, 8))
            seen.insert(.startAbsolute)
        case .endNTP:
            endMillis = Wire.ntpToUnixMillis(Wire.unsigned(p, 8))
            seen.insert(.endAbsolute)
        case .startDeltaMicros:
            startDeltaMicros = Wire.unsigned(p, length)
            seen.insert(.startDelta)
        case .endDeltaMicros:
            endDeltaMicros = Wire.unsigned(p, length)
            seen.insert(.endDelta)
        case .systemInitMillis:
            systemInitMillis = Wire.unsigned(p, length)
            seen.insert(.systemInit)
        case .samplerID:
            samplerID = Wire.unsigned(p, length)
            seen.insert(.samplerID)
        case .samplingInterval:
            samplingInterval = Wire.unsigned(p, length)
            seen.insert(.samplingInterval)
        case .samplerRandomInterval:
            randomInterval = Wire.unsigned(p, length)
            seen.insert(.randomInterval)
        case .packetInterval:
            packetInterval = Wire.unsigned(p, length)
            seen.insert(.packetInterval)
        case .packetSpace:
            packetSpace = Wire.unsigned(p, length)
            seen.insert(.packetSpace)
        }
    }

    /// The 1-in-N rate this record announces itself, if any: samplerRandomInterval, then
    /// samplingInterval, then (interval + space) / interval (RFC 5477 §8.2.1, IE 305/306).
    var announcedRate: UInt32? {
        if seen.contains(.randomInterval), randomInterval > 0 { return UInt32(clamping: randomInterval) }
        if seen.contains(.samplingInterval), samplingInterval > 0 { return UInt32(clamping: samplingInterval) }
        if seen.contains(.packetInterval), packetInterval > 0 {
            let space = seen.contains(.packetSpace) ? packetSpace : 0
            let (sum, overflow) = packetInterval.addingReportingOverflow(space)
            return overflow ? UInt32.max : UInt32(clamping: sum / packetInterval)
        }
        return nil
    }
}
