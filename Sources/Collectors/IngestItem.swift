import NetsightModel

/// What the receive path hands to the store writer. Everything is already decoded and
/// enriched: the writer only writes.
public enum IngestItem: Sendable {
    /// Flow records received together (one burst of datagrams).
    case flows([FlowRecord], receivedAtMillis: UInt64)
    /// Interface counters from sFlow counter samples.
    case counters([InterfaceCounterSample])
    /// A new serialised template cache for one listener, to persist.
    case templates(listener: String, blob: [UInt8])

    /// The weight the bounded queue counts: records, so that one huge burst and many
    /// small ones are bounded by the same memory.
    var weight: Int {
        switch self {
        case .flows(let r, _): max(r.count, 1)
        case .counters(let c): max(c.count, 1)
        case .templates: 1
        }
    }
}
