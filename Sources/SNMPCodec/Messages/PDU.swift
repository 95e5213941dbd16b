/// The common PDU layout shared by Get, GetNext, Response, Set, SNMPv2-Trap, Inform and
/// Report (RFC 3416 section 3). In requests, error-status and error-index are zero.
public struct PDU: Hashable, Sendable {
    /// Matches a Response to its request. Integer32: may be negative on the wire.
    public var requestID: Int32
    public var errorStatus: ErrorStatus
    /// 1-based index of the varbind the error is about; 0 when none.
    public var errorIndex: Int32
    public var varBinds: [VarBind]

    public init(requestID: Int32, errorStatus: ErrorStatus = .noError, errorIndex: Int32 = 0, varBinds: [VarBind]) {
        self.requestID = requestID
        self.errorStatus = errorStatus
        self.errorIndex = errorIndex
        self.varBinds = varBinds
    }
}
