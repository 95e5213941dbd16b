/// A GetBulkRequest (RFC 3416 section 4.2.3): the first `nonRepeaters` varbinds get one
/// GetNext each, the rest up to `maxRepetitions` successors each.
public struct BulkPDU: Hashable, Sendable {
    public var requestID: Int32
    /// Sits where error-status is in other PDUs. The RFC treats negative values as zero;
    /// they are kept as sent.
    public var nonRepeaters: Int32
    /// Sits where error-index is in other PDUs.
    public var maxRepetitions: Int32
    public var varBinds: [VarBind]

    public init(requestID: Int32, nonRepeaters: Int32, maxRepetitions: Int32, varBinds: [VarBind]) {
        self.requestID = requestID
        self.nonRepeaters = nonRepeaters
        self.maxRepetitions = maxRepetitions
        self.varBinds = varBinds
    }
}
