import NetsightModel

/// A column to group flows by, as `netsight flows top --key` and the HTTP API name it.
///
/// `srcnet`/`dstnet` mask the address to the record's own prefix length (IE 9/29 from the
/// exporter's routing table); when the exporter did not send one (length 0) they fall back
/// to /24 for IPv4 and /64 for IPv6, the usual customer-subnet sizes, rather than /0, which
/// would lump every such flow into one useless row.
public enum FlowKey: String, CaseIterable, Sendable, Codable {
    case srcip, dstip, srcnet, dstnet, srcport, dstport, proto, srcas, dstas, exporter, inif, outif, srcsite, dstsite

    /// The record fields this key reads.
    public var fields: FlowFieldSet {
        switch self {
        case .srcip: FlowFieldSet([.srcAddress])
        case .dstip: FlowFieldSet([.dstAddress])
        case .srcnet: FlowFieldSet([.srcAddress, .srcPrefixLength])
        case .dstnet: FlowFieldSet([.dstAddress, .dstPrefixLength])
        case .srcport: FlowFieldSet([.srcPort])
        case .dstport: FlowFieldSet([.dstPort])
        case .proto: FlowFieldSet([.proto])
        case .srcas: FlowFieldSet([.srcAS])
        case .dstas: FlowFieldSet([.dstAS])
        case .exporter: FlowFieldSet([.exporter, .exporterName])
        case .inif: FlowFieldSet([.inputInterface])
        case .outif: FlowFieldSet([.outputInterface])
        case .srcsite: FlowFieldSet([.srcSite])
        case .dstsite: FlowFieldSet([.dstSite])
        }
    }

    /// Column heading in text tables.
    public var title: String {
        switch self {
        case .srcip: "Src IP"
        case .dstip: "Dst IP"
        case .srcnet: "Src Net"
        case .dstnet: "Dst Net"
        case .srcport: "Src Port"
        case .dstport: "Dst Port"
        case .proto: "Proto"
        case .srcas: "Src AS"
        case .dstas: "Dst AS"
        case .exporter: "Exporter"
        case .inif: "In If"
        case .outif: "Out If"
        case .srcsite: "Src Site"
        case .dstsite: "Dst Site"
        }
    }

    /// Default prefix length for `srcnet`/`dstnet` when the record carries none.
    public static let defaultIPv4NetLength = 24
    public static let defaultIPv6NetLength = 64
}

/// What to add up and rank by. `flows` counts records: each stored record is one flow, as
/// nfdump counts a non-aggregated record as 1.
public enum FlowMetric: String, CaseIterable, Sendable, Codable {
    case bytes, packets, flows
}

/// How a query's time window selects records.
public enum FlowWindowMode: String, Sendable, Codable, CaseIterable {
    /// The flow's [start, end] overlaps [from, to): any flow active in the window counts.
    /// Netsight's default, because a long flow that started before the window still
    /// carried traffic in it.
    case overlap
    /// `nfdump -t` semantics: start > from and end < to (both strict). Use it to compare
    /// results with nfdump line by line.
    case nfdumpContained
}

/// A time window in epoch milliseconds; nil bounds are open.
public struct FlowTimeWindow: Sendable, Hashable {
    public var fromMillis: UInt64?
    public var toMillis: UInt64?
    public var mode: FlowWindowMode

    public init(fromMillis: UInt64? = nil, toMillis: UInt64? = nil, mode: FlowWindowMode = .overlap) {
        self.fromMillis = fromMillis
        self.toMillis = toMillis
        self.mode = mode
    }

    /// True when no bound is set, so callers skip the test.
    public var isUnbounded: Bool { fromMillis == nil && toMillis == nil }

    @inline(__always)
    public func admits(startMillis start: UInt64, endMillis end: UInt64) -> Bool {
        switch mode {
        case .overlap:
            if let f = fromMillis, end < f { return false }
            if let t = toMillis, start >= t { return false }
            return true
        case .nfdumpContained:
            if let f = fromMillis, start <= f { return false }
            if let t = toMillis, end >= t { return false }
            return true
        }
    }
}

/// A query that cannot run as given (bad limit, empty key list, window backwards).
public struct FlowQueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
