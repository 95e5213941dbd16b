/// Counter sums over everything that matched a query; the denominators for percentages.
public struct FlowTotals: Sendable, Hashable, Codable {
    public var bytes: UInt64
    public var packets: UInt64
    public var flows: UInt64

    public init(bytes: UInt64, packets: UInt64, flows: UInt64) {
        self.bytes = bytes
        self.packets = packets
        self.flows = flows
    }

    public func value(_ m: FlowMetric) -> UInt64 {
        switch m {
        case .bytes: bytes
        case .packets: packets
        case .flows: flows
        }
    }
}

/// One ranked group.
public struct TopNRow: Sendable, Hashable, Codable {
    /// One rendered value per query key: addresses as text, protocols by name ("TCP"),
    /// ports and AS numbers as decimal, sites by name (empty when unknown).
    public var keyValues: [String]
    /// A name per key where one is known and differs from the value (interface names from
    /// SNMP, see `InterfaceNames`); "" where there is none. Absent when no key has a name.
    public var keyNames: [String]?
    public var bytes: UInt64
    public var packets: UInt64
    public var flows: UInt64
    public var firstSeenMillis: UInt64
    public var lastSeenMillis: UInt64

    public init(keyValues: [String], bytes: UInt64, packets: UInt64, flows: UInt64, firstSeenMillis: UInt64, lastSeenMillis: UInt64) {
        self.keyValues = keyValues
        self.bytes = bytes
        self.packets = packets
        self.flows = flows
        self.firstSeenMillis = firstSeenMillis
        self.lastSeenMillis = lastSeenMillis
    }

    public func value(_ m: FlowMetric) -> UInt64 {
        switch m {
        case .bytes: bytes
        case .packets: packets
        case .flows: flows
        }
    }
}

/// A top-N answer; `Codable` as is, which is the JSON the HTTP API and `--json` return.
public struct TopNResult: Sendable, Hashable, Codable {
    public var keys: [FlowKey]
    public var metric: FlowMetric
    public var rows: [TopNRow]
    public var totals: FlowTotals
    /// Distinct groups before the limit was applied.
    public var groupCount: Int

    public init(keys: [FlowKey], metric: FlowMetric, rows: [TopNRow], totals: FlowTotals, groupCount: Int) {
        self.keys = keys
        self.metric = metric
        self.rows = rows
        self.totals = totals
        self.groupCount = groupCount
    }
}
