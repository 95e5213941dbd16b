/// Generic interface counters as an sFlow counter sample (or later an SNMP poll) reports them.
///
/// Counters are the agent's cumulative values; rates are derived later from two samples.
public struct InterfaceCounterSample: Hashable, Sendable {
    /// The agent that reported the counters.
    public var agent: IPAddress
    /// Milliseconds since the Unix epoch when the sample was received.
    public var timestampMillis: UInt64
    public var ifIndex: UInt32
    public var ifType: UInt32
    /// Interface speed in bits per second.
    public var ifSpeed: UInt64
    /// 1 = full duplex, 2 = half, 0 = unknown (sFlow's ifDirection).
    public var ifDirection: UInt32
    /// Bit 0 admin up, bit 1 oper up (sFlow's ifStatus).
    public var ifStatus: UInt32
    public var inOctets: UInt64
    public var inUnicastPackets: UInt32
    public var inMulticastPackets: UInt32
    public var inBroadcastPackets: UInt32
    public var inDiscards: UInt32
    public var inErrors: UInt32
    public var inUnknownProtos: UInt32
    public var outOctets: UInt64
    public var outUnicastPackets: UInt32
    public var outMulticastPackets: UInt32
    public var outBroadcastPackets: UInt32
    public var outDiscards: UInt32
    public var outErrors: UInt32
    public var promiscuousMode: UInt32

    public init(
        agent: IPAddress, timestampMillis: UInt64, ifIndex: UInt32, ifType: UInt32 = 0,
        ifSpeed: UInt64 = 0, ifDirection: UInt32 = 0, ifStatus: UInt32 = 0,
        inOctets: UInt64 = 0, inUnicastPackets: UInt32 = 0, inMulticastPackets: UInt32 = 0,
        inBroadcastPackets: UInt32 = 0, inDiscards: UInt32 = 0, inErrors: UInt32 = 0,
        inUnknownProtos: UInt32 = 0, outOctets: UInt64 = 0, outUnicastPackets: UInt32 = 0,
        outMulticastPackets: UInt32 = 0, outBroadcastPackets: UInt32 = 0, outDiscards: UInt32 = 0,
        outErrors: UInt32 = 0, promiscuousMode: UInt32 = 0
    ) {
        self.agent = agent
        self.timestampMillis = timestampMillis
        self.ifIndex = ifIndex
        self.ifType = ifType
        self.ifSpeed = ifSpeed
        self.ifDirection = ifDirection
        self.ifStatus = ifStatus
        self.inOctets = inOctets
        self.inUnicastPackets = inUnicastPackets
        self.inMulticastPackets = inMulticastPackets
        self.inBroadcastPackets = inBroadcastPackets
        self.inDiscards = inDiscards
        self.inErrors = inErrors
        self.inUnknownProtos = inUnknownProtos
        self.outOctets = outOctets
        self.outUnicastPackets = outUnicastPackets
        self.outMulticastPackets = outMulticastPackets
        self.outBroadcastPackets = outBroadcastPackets
        self.outDiscards = outDiscards
        self.outErrors = outErrors
        self.promiscuousMode = promiscuousMode
    }
}
