import Prometheus
import Storage

/// What the HTTP routes need from the rest of the process, passed in explicitly so the
/// routes can be tested against any store and registry.
public struct APIContext: Sendable {
    public let flows: FlowQueryEngine
    public let registry: PrometheusCollectorRegistry
    public let now: @Sendable () -> UInt64
    /// Events (SNMP traps and informs), inventory and other SQLite-held state; nil when the
    /// process has none (then those routes answer 503).
    public let metadata: MetadataStore?
    /// Series rendered after the registry's in `/metrics` (see ``MetricsSource``).
    public let metricSources: [any MetricsSource]

    public init(
        flows: FlowQueryEngine, registry: PrometheusCollectorRegistry, metadata: MetadataStore? = nil,
        metricSources: [any MetricsSource] = [], now: @escaping @Sendable () -> UInt64
    ) {
        self.metricSources = metricSources
        self.flows = flows
        self.registry = registry
        self.metadata = metadata
        self.now = now
    }
}
