import FlowCodec
import Prometheus

/// The ingest pipeline's counters, as `/metrics` shows them.
///
/// Counters are created once up front (one per decode-error reason, one per version), so
/// the receive path only increments atomics and never touches the registry's lock.
public final class FlowIngestMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    let datagrams: Counter
    let datagramBytes: Counter
    let recordsByVersion: [UInt16: Counter]
    let recordsOther: Counter
    let decodeErrors: [FlowDecodeError.Reason: Counter]
    let counterSamples: Counter
    let queueDrops: Counter
    let queueDepth: Gauge
    let rowsWritten: Counter
    let storeErrors: Counter
    let storeBatchSeconds: DurationHistogram
    let segmentsDeleted: Counter

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        datagrams = registry.makeCounter(descriptor: .netsight("netsight_flow_datagrams_total", help: "Flow datagrams received (NetFlow, IPFIX, sFlow)."))
        datagramBytes = registry.makeCounter(descriptor: .netsight("netsight_flow_datagram_bytes_total", help: "Bytes of flow datagrams received."))
        var byVersion: [UInt16: Counter] = [:]
        for (v, name) in [(UInt16(5), "netflow_v5"), (9, "netflow_v9"), (10, "ipfix"), (20, "sflow_v5")] {
            byVersion[v] = registry.makeCounter(descriptor: .netsight("netsight_flow_records_total", help: "Flow records decoded, by protocol version."), labels: [("version", name)])
        }
        recordsByVersion = byVersion
        recordsOther = registry.makeCounter(descriptor: .netsight("netsight_flow_records_total", help: "Flow records decoded, by protocol version."), labels: [("version", "other")])
        var errors: [FlowDecodeError.Reason: Counter] = [:]
        for r in FlowDecodeError.Reason.allCases {
            errors[r] = registry.makeCounter(descriptor: .netsight("netsight_flow_decode_errors_total", help: "Datagrams or parts of datagrams that could not be decoded, by reason."), labels: [("reason", r.rawValue)])
        }
        decodeErrors = errors
        counterSamples = registry.makeCounter(descriptor: .netsight("netsight_sflow_counter_samples_total", help: "sFlow interface counter samples received."))
        queueDrops = registry.makeCounter(descriptor: .netsight("netsight_ingest_queue_dropped_records_total", help: "Records dropped because the queue to the store was full."))
        queueDepth = registry.makeGauge(descriptor: .netsight("netsight_ingest_queue_depth", help: "Records waiting for the store writer."))
        rowsWritten = registry.makeCounter(descriptor: .netsight("netsight_store_flows_written_total", help: "Flow records written to the segment store."))
        storeErrors = registry.makeCounter(descriptor: .netsight("netsight_store_write_errors_total", help: "Store writes that failed (for example a full disk); the batch is retried."))
        storeBatchSeconds = registry.makeDurationHistogram(descriptor: .netsight("netsight_store_batch_seconds", help: "Time to write one batch to the store."), buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(20), .milliseconds(100),
                      .milliseconds(500), .seconds(2)])
        segmentsDeleted = registry.makeCounter(descriptor: .netsight("netsight_store_segments_deleted_total", help: "Segments removed by retention."))
    }

    /// Counts one datagram from its parts (the receive path decodes a burst of datagrams
    /// into one result): `records` and `counters` are this datagram's numbers.
    func count(
        version: UInt16, records: Int, counters: Int, errors: [FlowDecodeError],
        unknownTemplates: [TemplateKey: Int], bytes: Int
    ) {
        datagrams.increment()
        datagramBytes.increment(by: Int64(bytes))
        if records > 0 { (recordsByVersion[version] ?? recordsOther).increment(by: Int64(records)) }
        if counters > 0 { counterSamples.increment(by: Int64(counters)) }
        for e in errors { decodeErrors[e.reason]?.increment() }
        for (key, n) in unknownTemplates {
            unknownTemplateCounter(key).increment(by: Int64(n))
        }
    }

    /// Unknown-template drops per exporter, domain and template ID, so an engineer can see
    /// which router's template Netsight has not heard yet. Created on first use: this
    /// happens only while templates are missing, not per datagram in steady state.
    private func unknownTemplateCounter(_ key: TemplateKey) -> Counter {
        registry.makeCounter(
            descriptor: .netsight(
                "netsight_flow_unknown_template_sets_total",
                help: "Data sets dropped because their template was not known, by exporter, domain and template."),
            labels: [
                ("exporter", key.exporter.description), ("domain", String(key.domain)),
                ("template_id", String(key.templateID)),
            ])
    }
}

extension MetricNameDescriptor {
    /// A descriptor from a full metric name, split at its unit suffix so the exposition
    /// shows exactly `name` (swift-prometheus joins the parts with underscores).
    static func netsight(_ name: String, help: String) -> MetricNameDescriptor {
        for unit in ["total", "seconds", "bytes"] where name.hasSuffix("_" + unit) {
            return MetricNameDescriptor(metricName: String(name.dropLast(unit.count + 1)), unitName: unit, helpText: help)
        }
        return MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
