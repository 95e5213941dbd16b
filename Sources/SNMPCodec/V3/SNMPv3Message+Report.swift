extension SNMPv3Message {
    /// The Report an authoritative engine sends back for a refused message (RFC 3412 7.2
    /// step 13, RFC 3414 3.2): used by the trap receiver, which is authoritative for the
    /// informs it acknowledges, and by in-repo test agents.
    /// - Parameters:
    ///   - request: the refused message (its msgID and request ID are echoed).
    ///   - statistic: the counter to name; `count` is its current value.
    ///   - level: noAuthNoPriv for discovery and for failures before authentication.
    public static func report(
        answering request: SNMPv3Message, statistic: USMStatistic, count: UInt32,
        engineID: [UInt8], engineBoots: Int32, engineTime: Int32, level: SecurityLevel = .noAuthNoPriv
    ) -> SNMPv3Message {
        let requestID = request.plaintext?.pdu.requestID ?? 0
        let parameters = USMSecurityParameters(
            engineID: engineID, engineBoots: engineBoots, engineTime: engineTime,
            userName: request.securityParameters.userName)
        let pdu = PDU(requestID: requestID, varBinds: [VarBind(statistic.oid, .counter32(count))])
        return SNMPv3Message(
            messageID: request.messageID, maxSize: request.maxSize,
            flags: MessageFlags(level: level, reportable: false), securityParameters: parameters,
            scopedPDU: .plaintext(ScopedPDU(contextEngineID: engineID, pdu: .report(pdu))))
    }
}
