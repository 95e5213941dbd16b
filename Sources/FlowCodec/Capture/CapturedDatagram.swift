import NetsightModel

/// One UDP datagram found in a capture file, with the addressing the flow decoders need
/// (the source stands in for the exporter) and the capture timestamp as the receive time.
public struct CapturedDatagram: Hashable, Sendable {
    /// Capture time, milliseconds since the Unix epoch (0 for pcapng simple packet blocks,
    /// which carry no time).
    public var timestampMillis: UInt64
    public var source: IPAddress
    public var sourcePort: UInt16
    public var destination: IPAddress
    public var destinationPort: UInt16
    /// The UDP payload, complete (datagrams cut by the snap length or fragmented are skipped).
    public var payload: [UInt8]

    public init(
        timestampMillis: UInt64, source: IPAddress, sourcePort: UInt16, destination: IPAddress,
        destinationPort: UInt16, payload: [UInt8]
    ) {
        self.timestampMillis = timestampMillis
        self.source = source
        self.sourcePort = sourcePort
        self.destination = destination
        self.destinationPort = destinationPort
        self.payload = payload
    }
}
