/// One normalised flow, whatever protocol carried it.
///
/// Every field has a fixed width so the columnar store can write each as its own column;
/// a field the exporter did not send stays zero (or `.zero` for addresses). The enrichment
/// fields (`exporterName`, `exporterSite`, `srcSite`, `dstSite`) are filled at ingest from
/// the configuration, not by decoders.
public struct FlowRecord: Hashable, Sendable {
    /// First packet of the flow, milliseconds since the Unix epoch (UTC).
    public var startMillis: UInt64 = 0
    /// Last packet of the flow, milliseconds since the Unix epoch (UTC).
    public var endMillis: UInt64 = 0
    /// Where the datagram came from (the UDP source address, or sFlow's agent address).
    public var exporter: IPAddress = .zero
    /// NetFlow v9 source ID, IPFIX observation domain ID, or sFlow sub-agent/source ID.
    public var observationDomain: UInt32 = 0
    /// ifIndex the flow entered on (IE 10).
    public var inputInterface: UInt32 = 0
    /// ifIndex the flow left on (IE 14).
    public var outputInterface: UInt32 = 0
    public var srcAddress: IPAddress = .zero
    public var dstAddress: IPAddress = .zero
    /// Source prefix length from the exporter's routing table (IE 9/29), 0 when unknown.
    public var srcPrefixLength: UInt8 = 0
    public var dstPrefixLength: UInt8 = 0
    public var srcPort: UInt16 = 0
    public var dstPort: UInt16 = 0
    /// IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6).
    public var proto: UInt8 = 0
    /// Cumulative OR of TCP flags (IE 6).
    public var tcpFlags: UInt8 = 0
    /// The IP TOS / traffic class byte (IE 5); `dscp` is its upper six bits.
    public var tos: UInt8 = 0
    /// Bytes, scaled by `samplingRate` (what the link actually carried, as best known).
    public var bytes: UInt64 = 0
    /// Packets, scaled by `samplingRate`.
    public var packets: UInt64 = 0
    /// Bytes as the exporter reported them, before scaling.
    public var rawBytes: UInt64 = 0
    /// Packets as the exporter reported them, before scaling.
    public var rawPackets: UInt64 = 0
    /// 1 in N packets sampled; 1 means unsampled (or unknown, which is treated as 1).
    public var samplingRate: UInt32 = 1
    public var srcAS: UInt32 = 0
    public var dstAS: UInt32 = 0
    /// IPv4 or IPv6 next hop (IE 15/62), `.zero` when absent.
    public var nextHop: IPAddress = .zero
    public var direction: FlowDirection = .unknown
    /// Source VLAN (IE 58), or the 802.1Q tag in an sFlow sampled header.
    public var vlan: UInt16 = 0
    /// Which protocol carried this record.
    public var source: FlowSource = .netflowV5

    // Enrichment, filled at ingest.
    public var exporterName: String = ""
    public var exporterSite: String = ""
    public var srcSite: String = ""
    public var dstSite: String = ""

    public init() {}

    /// Differentiated Services code point: the upper six bits of `tos`.
    @inlinable
    public var dscp: UInt8 { tos >> 2 }

    /// Sets the raw counters and the scaled ones from a sampling rate in one step, so the
    /// scaling rule lives in exactly one place (a rate of 0 means unknown and counts as 1).
    @inlinable
    public mutating func setCounters(rawBytes: UInt64, rawPackets: UInt64, samplingRate: UInt32) {
        let rate = samplingRate == 0 ? 1 : samplingRate
        self.rawBytes = rawBytes
        self.rawPackets = rawPackets
        self.samplingRate = rate
        self.bytes = rawBytes &* UInt64(rate)
        self.packets = rawPackets &* UInt64(rate)
    }
}

/// Flow direction as IPFIX IE 61 defines it.
public enum FlowDirection: UInt8, Sendable, Hashable, Codable {
    case ingress = 0
    case egress = 1
    case unknown = 255
}

/// The protocol a flow record arrived in.
public enum FlowSource: UInt8, Sendable, Hashable, Codable, CustomStringConvertible {
    case netflowV5 = 5
    case netflowV9 = 9
    case ipfix = 10
    case sflow = 20

    public var description: String {
        switch self {
        case .netflowV5: "netflow-v5"
        case .netflowV9: "netflow-v9"
        case .ipfix: "ipfix"
        case .sflow: "sflow"
        }
    }
}
