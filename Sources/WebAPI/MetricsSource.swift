/// A part of the process that writes its own series into `/metrics`, after the registry's.
///
/// For families with one series per configured object (12,000 probes): swift-prometheus'
/// registry copies a family's whole series table each time a series is added, so creating
/// n series costs O(n²); with 12,000 probes that kept both cores busy for most of a
/// minute after start. A source keeps its values in a plain table and renders them itself.
public protocol MetricsSource: Sendable {
    /// Appends complete families (`# HELP`, `# TYPE` and samples) in the text format.
    func emit(into buffer: inout [UInt8])
}
