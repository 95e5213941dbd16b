import NetsightModel

/// Everything one datagram yielded: flow records, interface counters, and errors for the
/// parts that could not be decoded. A bad set or sample never discards the good ones
/// before or after it in the same datagram.
public struct FlowDecodeResult: Sendable {
    public var records: [FlowRecord] = []
    public var counters: [InterfaceCounterSample] = []
    public var errors: [FlowDecodeError] = []
    /// Data records dropped because their template was unknown, keyed by template.
    public var unknownTemplates: [TemplateKey: Int] = [:]
    /// True when the datagram added, replaced or withdrew a template or sampler, so the
    /// collector knows to persist the cache.
    public var templatesChanged = false
    /// The protocol version seen in the header (5, 9, 10, or 20 for sFlow), 0 if unknown.
    public var version: UInt16 = 0

    public init() {}
}

extension FlowDecodeResult {
    /// Makes room for `n` more records. Grows at least geometrically: a collector decodes a
    /// whole burst of datagrams into one result, and an exact-size reserve per datagram
    /// would copy the growing array again for every datagram.
    mutating func reserveRecords(_ n: Int) {
        let needed = records.count + n
        guard needed > records.capacity else { return }
        records.reserveCapacity(Swift.max(needed, 2 * records.capacity))
    }
}
