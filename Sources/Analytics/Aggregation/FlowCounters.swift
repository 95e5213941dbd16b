/// Sums for one group: what every top-N row, series cell and matrix cell is made of.
public struct FlowCounters: Sendable, Hashable, Codable {
    public var bytes: UInt64 = 0
    public var packets: UInt64 = 0
    public var flows: UInt64 = 0
    /// Earliest start and latest end among the flows added (0 when none).
    public var firstSeenMillis: UInt64 = 0
    public var lastSeenMillis: UInt64 = 0

    public init() {}

    public init(bytes: UInt64, packets: UInt64, flows: UInt64, firstSeenMillis: UInt64 = 0, lastSeenMillis: UInt64 = 0) {
        self.bytes = bytes
        self.packets = packets
        self.flows = flows
        self.firstSeenMillis = firstSeenMillis
        self.lastSeenMillis = lastSeenMillis
    }

    @inline(__always)
    mutating func add(bytes b: UInt64, packets p: UInt64, start: UInt64, end: UInt64, flows f: UInt64 = 1) {
        if flows == 0 || start < firstSeenMillis { firstSeenMillis = start }
        if end > lastSeenMillis { lastSeenMillis = end }
        bytes &+= b
        packets &+= p
        flows &+= f
    }

    /// Adds another group's sums, as if its flows had been added here one by one.
    mutating func merge(_ o: FlowCounters) {
        guard o.flows > 0 else { return }
        if flows == 0 {
            self = o
            return
        }
        firstSeenMillis = min(firstSeenMillis, o.firstSeenMillis)
        lastSeenMillis = max(lastSeenMillis, o.lastSeenMillis)
        bytes &+= o.bytes
        packets &+= o.packets
        flows &+= o.flows
    }

    public func value(_ metric: FlowMetric) -> UInt64 {
        switch metric {
        case .bytes: bytes
        case .packets: packets
        case .flows: flows
        }
    }
}
