import NetsightModel
import Prometheus
import SNMPCodec

/// The trap receiver's counters in `/metrics`. All series are created up front, so the
/// receive path only increments atomics.
public final class TrapMetrics: Sendable {
    let datagrams: Counter
    let errors: [String: Counter]
    let events: [String: Counter]
    let replies: [String: Counter]
    let dropped: Counter
    let storeErrors: Counter

    /// Error reasons besides `SNMPDecodeError.Reason` and `USMError.Reason`.
    static let receiverReasons = ["unexpected_pdu", "missing_trap_oid", "unknown_community"]

    public init(registry: PrometheusCollectorRegistry) {
        datagrams = registry.makeCounter(descriptor: .netsight("netsight_trap_datagrams_total", help: "Datagrams received on the SNMP trap listener."))
        var errors: [String: Counter] = [:]
        let reasons = SNMPDecodeError.Reason.allCases.map(\.rawValue) + USMError.Reason.allCases.map(\.rawValue) + Self.receiverReasons
        for r in reasons {
            errors[r] = registry.makeCounter(
                descriptor: .netsight("netsight_trap_errors_total", help: "Trap datagrams refused, by reason (malformed BER, SNMPv3 security, unexpected PDU)."),
                labels: [("reason", r)])
        }
        self.errors = errors
        var events: [String: Counter] = [:]
        for v in SNMPEvent.Version.allCases {
            for k in SNMPEvent.Kind.allCases {
                events["\(v.rawValue)/\(k.rawValue)"] = registry.makeCounter(
                    descriptor: .netsight("netsight_trap_events_total", help: "Traps and informs accepted, by SNMP version and kind."),
                    labels: [("version", v.rawValue), ("kind", k.rawValue)])
            }
        }
        self.events = events
        var replies: [String: Counter] = [:]
        for k in ["response", "report"] {
            replies[k] = registry.makeCounter(
                descriptor: .netsight("netsight_trap_replies_total", help: "Inform acknowledgements (response) and SNMPv3 Reports (engine discovery, refusals) sent."),
                labels: [("kind", k)])
        }
        self.replies = replies
        dropped = registry.makeCounter(descriptor: .netsight("netsight_trap_events_dropped_total", help: "Trap events dropped because the store writer fell behind."))
        storeErrors = registry.makeCounter(descriptor: .netsight("netsight_trap_store_errors_total", help: "Failed writes of trap events to the metadata store (retried)."))
    }

    func count(_ receipt: TrapReceipt) {
        datagrams.increment()
        if let reason = receipt.error { errors[reason]?.increment() }
        if let e = receipt.event { events["\(e.version.rawValue)/\(e.kind.rawValue)"]?.increment() }
        if let reply = receipt.reply { replies[reply.kind.rawValue]?.increment() }
    }
}
