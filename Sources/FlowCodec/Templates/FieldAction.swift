/// What the record decoder does with one field's bytes.
///
/// A template is compiled once into a list of these (see `FieldPlan`), so decoding a data
/// record is a walk over a small array with a switch, never a lookup by element ID.
enum FieldAction: UInt8, Sendable {
    case skip
    // Counters (only one source each survives compilation: delta, then total, then post).
    case bytes, packets
    // Layer 3/4 keys.
    case proto, tos, tcpFlags, srcPort, dstPort
    /// IE 32/139: type * 256 + code, stored in `dstPort` as nfdump does.
    case icmpTypeCode
    /// IE 176/178 and 177/179: the two halves of `icmpTypeCode`.
    case icmpType, icmpCode
    case srcV4, dstV4, nextHopV4, srcV6, dstV6, nextHopV6
    case srcMask, dstMask, inputInterface, outputInterface, srcAS, dstAS, vlan, direction
    // Times.
    /// IE 22/21: milliseconds of exporter uptime.
    case startSysUp, endSysUp
    /// IE 150/151: seconds since the epoch.
    case startSeconds, endSeconds
    /// IE 152/153: milliseconds since the epoch.
    case startMillis, endMillis
    /// IE 154..157: NTP 64-bit timestamps (RFC 7011 §6.1.9/6.1.10).
    case startNTP, endNTP
    /// IE 158/159: microseconds before the export time.
    case startDeltaMicros, endDeltaMicros
    /// IE 160: systemInitTimeMilliseconds, the epoch time of uptime zero.
    case systemInitMillis
    // Sampling.
    /// IE 48 samplerId or IE 302 selectorId.
    case samplerID
    /// IE 34 samplingInterval.
    case samplingInterval
    /// IE 50 samplerRandomInterval.
    case samplerRandomInterval
    /// IE 305/306 samplingPacketInterval/samplingPacketSpace.
    case packetInterval, packetSpace

    /// Whether a field of `length` bytes can feed this action; any other width turns the
    /// field into a skip at compile time, so the decoder never checks a width per record.
    func accepts(length: Int) -> Bool {
        switch self {
        case .skip: true
        case .srcV4, .dstV4, .nextHopV4: length == 4
        case .srcV6, .dstV6, .nextHopV6: length == 16
        case .startNTP, .endNTP: length == 8
        default: length >= 1 && length <= 8  // reduced-size encoding, RFC 7011 §6.2
        }
    }

    /// The action for an IANA element ID (NetFlow v9 field types share these numbers).
    static func forElement(_ id: UInt16) -> FieldAction {
        switch id {
        case 1, 23, 85: .bytes  // octetDeltaCount, postOctetDeltaCount, octetTotalCount
        case 2, 24, 86: .packets
        case 4: .proto
        case 5: .tos
        case 6: .tcpFlags
        case 7: .srcPort
        case 8: .srcV4
        case 9: .srcMask
        case 10: .inputInterface
        case 11: .dstPort
        case 12: .dstV4
        case 13: .dstMask
        case 14: .outputInterface
        case 15, 18: .nextHopV4  // ipNextHop, then bgpNextHop as a fallback
        case 16: .srcAS
        case 17: .dstAS
        case 21: .endSysUp
        case 22: .startSysUp
        case 27: .srcV6
        case 28: .dstV6
        case 29: .srcMask
        case 30: .dstMask
        case 32, 139: .icmpTypeCode
        case 176, 178: .icmpType
        case 177, 179: .icmpCode
        case 34: .samplingInterval
        case 48, 302: .samplerID
        case 50: .samplerRandomInterval
        case 58: .vlan
        case 61: .direction
        case 62, 63: .nextHopV6  // ipNextHopIPv6, then bgpNextHopIPv6
        case 150: .startSeconds
        case 151: .endSeconds
        case 152: .startMillis
        case 153: .endMillis
        case 154, 156: .startNTP
        case 155, 157: .endNTP
        case 158: .startDeltaMicros
        case 159: .endDeltaMicros
        case 160: .systemInitMillis
        case 305: .packetInterval
        case 306: .packetSpace
        default: .skip
        }
    }

    /// Lower is preferred when several elements feed the same action (octetDeltaCount over
    /// octetTotalCount over postOctetDeltaCount; ipNextHop over bgpNextHop).
    static func preference(of id: UInt16) -> Int {
        switch id {
        case 1, 2, 15, 62, 48: 0
        case 85, 86, 18, 63, 302: 1
        case 23, 24: 2
        default: 0
        }
    }
}
