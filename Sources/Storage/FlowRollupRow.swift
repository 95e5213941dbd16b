/// Traffic of one minute summed over one key (exporter, interfaces, protocol, AS pair,
/// sites): what dashboards read instead of raw flows for anything longer than minutes.
public struct FlowRollupRow: Sendable, Hashable {
    /// Start of the minute, milliseconds since the Unix epoch (UTC).
    public var minuteMillis: UInt64
    public var exporterName: String
    public var inputInterface: UInt32
    public var outputInterface: UInt32
    public var proto: UInt8
    public var srcAS: UInt32
    public var dstAS: UInt32
    public var srcSite: String
    public var dstSite: String
    public var bytes: UInt64
    public var packets: UInt64
    public var flows: UInt64

    public init(
        minuteMillis: UInt64, exporterName: String = "", inputInterface: UInt32 = 0, outputInterface: UInt32 = 0,
        proto: UInt8 = 0, srcAS: UInt32 = 0, dstAS: UInt32 = 0, srcSite: String = "", dstSite: String = "",
        bytes: UInt64 = 0, packets: UInt64 = 0, flows: UInt64 = 0
    ) {
        self.minuteMillis = minuteMillis
        self.exporterName = exporterName
        self.inputInterface = inputInterface
        self.outputInterface = outputInterface
        self.proto = proto
        self.srcAS = srcAS
        self.dstAS = dstAS
        self.srcSite = srcSite
        self.dstSite = dstSite
        self.bytes = bytes
        self.packets = packets
        self.flows = flows
    }
}
