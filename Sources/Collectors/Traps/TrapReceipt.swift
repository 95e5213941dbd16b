import NetsightModel

/// What the receiver made of one datagram: an event to store, a datagram to send back
/// (inform acknowledgement or SNMPv3 Report), and why it was refused, in any combination
/// (a refused inform still gets its Report).
struct TrapReceipt: Sendable {
    enum ReplyKind: String, Sendable { case response, report }

    var event: SNMPEvent?
    var reply: (kind: ReplyKind, bytes: [UInt8])?
    /// A metrics reason label (`SNMPDecodeError`/`USMError` reasons or `TrapMetrics.receiverReasons`).
    var error: String?
    /// For logs: who and what, e.g. "authentication failed for user bob".
    var detail: String?

    static func refused(_ reason: String, _ detail: String, reply: (kind: ReplyKind, bytes: [UInt8])? = nil) -> TrapReceipt {
        TrapReceipt(event: nil, reply: reply, error: reason, detail: detail)
    }
}
