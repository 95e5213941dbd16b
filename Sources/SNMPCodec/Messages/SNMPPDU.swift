/// Any PDU an SNMP message can carry (RFC 3416 section 3), tagged by kind.
public enum SNMPPDU: Hashable, Sendable {
    case getRequest(PDU)
    case getNextRequest(PDU)
    case getBulkRequest(BulkPDU)
    case response(PDU)
    /// Encoded and decoded only: Netsight never writes to devices.
    case setRequest(PDU)
    case trapV1(TrapV1PDU)
    case snmpV2Trap(PDU)
    case informRequest(PDU)
    case report(PDU)

    public var type: PDUType {
        switch self {
        case .getRequest: .getRequest
        case .getNextRequest: .getNextRequest
        case .getBulkRequest: .getBulkRequest
        case .response: .response
        case .setRequest: .setRequest
        case .trapV1: .trapV1
        case .snmpV2Trap: .snmpV2Trap
        case .informRequest: .informRequest
        case .report: .report
        }
    }

    /// The request ID, or nil for a v1 Trap (which has none).
    public var requestID: Int32? {
        switch self {
        case .getBulkRequest(let p): p.requestID
        case .trapV1: nil
        case .getRequest(let p), .getNextRequest(let p), .response(let p), .setRequest(let p),
            .snmpV2Trap(let p), .informRequest(let p), .report(let p):
            p.requestID
        }
    }

    public var varBinds: [VarBind] {
        switch self {
        case .getBulkRequest(let p): p.varBinds
        case .trapV1(let p): p.varBinds
        case .getRequest(let p), .getNextRequest(let p), .response(let p), .setRequest(let p),
            .snmpV2Trap(let p), .informRequest(let p), .report(let p):
            p.varBinds
        }
    }

    /// The common-layout PDU, or nil for GetBulk and the v1 Trap.
    public var pdu: PDU? {
        switch self {
        case .getBulkRequest, .trapV1: nil
        case .getRequest(let p), .getNextRequest(let p), .response(let p), .setRequest(let p),
            .snmpV2Trap(let p), .informRequest(let p), .report(let p):
            p
        }
    }
}
