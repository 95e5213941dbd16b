import Prometheus
import Storage

/// What the HTTP routes need from the rest of the process, passed in explicitly so the
/// routes can be tested against any store and registry.
public struct APIContext: Sendable {
    public let flows: FlowQueryEngine
    public let registry: PrometheusCollectorRegistry
    public let now: @Sendable () -> UInt64

    public init(flows: FlowQueryEngine, registry: PrometheusCollectorRegistry, now: @escaping @Sendable () -> UInt64) {
        self.flows = flows
        self.registry = registry
        self.now = now
    }
}
