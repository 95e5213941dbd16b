extension SNMPPDU {
    /// Decodes one PDU TLV.
    public static func read(from reader: inout BERReader) throws(SNMPDecodeError) -> SNMPPDU {
        let start = reader.position
        guard let tag = reader.nextTag else { throw .truncated(at: start, need: 2, have: 0) }
        guard let type = PDUType(rawValue: tag.rawValue) else {
            throw SNMPDecodeError(.unexpectedTag, "PDU: tag \(tag) at offset \(start) is not a PDU type")
        }
        var body = try reader.enter(BERTag(rawValue: type.rawValue), "PDU")
        let pdu: SNMPPDU
        switch type {
        case .trapV1:
            let enterprise = try body.readOID("enterprise")
            let address = try body.read(.ipAddress, "agent-addr")
            guard address.count == 4 else {
                throw SNMPDecodeError(.badValue, "agent-addr of \(address.count) octets at offset \(address.lowerBound)")
            }
            let generic = try body.readInt32("generic-trap")
            let specific = try body.readInt32("specific-trap")
            let stamp = try body.read(.timeTicks, "time-stamp")
            let timestamp = UInt32(try body.unsignedValue(stamp, bits: 32, "time-stamp"))
            let varBinds = try VarBind.readList(from: &body)
            let bytes = body.bytes
            pdu = .trapV1(TrapV1PDU(
                enterprise: enterprise, agentAddress: address.reduce(0) { $0 << 8 | UInt32(bytes[$1]) },
                genericTrap: generic, specificTrap: specific, timestamp: timestamp, varBinds: varBinds))
        case .getBulkRequest:
            let requestID = try body.readInt32("request-id")
            let nonRepeaters = try body.readInt32("non-repeaters")
            let maxRepetitions = try body.readInt32("max-repetitions")
            let varBinds = try VarBind.readList(from: &body)
            pdu = .getBulkRequest(BulkPDU(
                requestID: requestID, nonRepeaters: nonRepeaters, maxRepetitions: maxRepetitions, varBinds: varBinds))
        default:
            let requestID = try body.readInt32("request-id")
            let status = try body.readInt32("error-status")
            let index = try body.readInt32("error-index")
            let varBinds = try VarBind.readList(from: &body)
            pdu = SNMPPDU(type, PDU(requestID: requestID, errorStatus: ErrorStatus(rawValue: status), errorIndex: index, varBinds: varBinds))
        }
        try body.finish("PDU")
        return pdu
    }

    /// Wraps a common-layout PDU in the case for `type` (GetBulk and v1 Trap have their
    /// own layouts; asking for them here gives a GetRequest, which `read` never does).
    init(_ type: PDUType, _ pdu: PDU) {
        switch type {
        case .getNextRequest: self = .getNextRequest(pdu)
        case .response: self = .response(pdu)
        case .setRequest: self = .setRequest(pdu)
        case .snmpV2Trap: self = .snmpV2Trap(pdu)
        case .informRequest: self = .informRequest(pdu)
        case .report: self = .report(pdu)
        case .getRequest, .getBulkRequest, .trapV1: self = .getRequest(pdu)
        }
    }

    /// Appends the PDU TLV.
    public func write(to writer: inout BERWriter) {
        writer.writeConstructed(BERTag(rawValue: type.rawValue)) { w in
            switch self {
            case .trapV1(let p):
                w.writeOID(p.enterprise)
                SNMPValue.ipAddress(p.agentAddress).write(to: &w)
                w.writeInteger(p.genericTrap)
                w.writeInteger(p.specificTrap)
                w.writeUnsigned(UInt64(p.timestamp), tag: .timeTicks)
                VarBind.writeList(p.varBinds, to: &w)
            case .getBulkRequest(let p):
                w.writeInteger(p.requestID)
                w.writeInteger(p.nonRepeaters)
                w.writeInteger(p.maxRepetitions)
                VarBind.writeList(p.varBinds, to: &w)
            case .getRequest(let p), .getNextRequest(let p), .response(let p), .setRequest(let p),
                .snmpV2Trap(let p), .informRequest(let p), .report(let p):
                w.writeInteger(p.requestID)
                w.writeInteger(p.errorStatus.rawValue)
                w.writeInteger(p.errorIndex)
                VarBind.writeList(p.varBinds, to: &w)
            }
        }
    }
}
