/// The cumulative counters of one interface in one poll; `nil` means "not returned".
///
/// Packets come as IF-MIB's separate unicast, multicast and broadcast counters rather than
/// one pre-added sum: each of them wraps on its own, and a sum of three `Counter32`s is not
/// a `Counter32`, so a wrap could no longer be recognised. The tracker takes the difference
/// of each counter first and adds the differences. Multicast and broadcast may be `nil`
/// (agents without ifXTable); the packet rate then covers the counters that are present.
public struct InterfaceCounterSet: Sendable, Hashable {
    public var inOctets: CounterValue?
    public var outOctets: CounterValue?
    public var inUnicastPackets: CounterValue?
    public var inMulticastPackets: CounterValue?
    public var inBroadcastPackets: CounterValue?
    public var outUnicastPackets: CounterValue?
    public var outMulticastPackets: CounterValue?
    public var outBroadcastPackets: CounterValue?
    /// `ifInErrors`: IF-MIB defines it as `Counter32` only.
    public var inErrors: CounterValue?
    public var outErrors: CounterValue?
    /// `ifInDiscards`: `Counter32` only, like the error counters.
    public var inDiscards: CounterValue?
    public var outDiscards: CounterValue?

    public init(
        inOctets: CounterValue? = nil, outOctets: CounterValue? = nil,
        inUnicastPackets: CounterValue? = nil, inMulticastPackets: CounterValue? = nil,
        inBroadcastPackets: CounterValue? = nil, outUnicastPackets: CounterValue? = nil,
        outMulticastPackets: CounterValue? = nil, outBroadcastPackets: CounterValue? = nil,
        inErrors: CounterValue? = nil, outErrors: CounterValue? = nil,
        inDiscards: CounterValue? = nil, outDiscards: CounterValue? = nil
    ) {
        self.inOctets = inOctets
        self.outOctets = outOctets
        self.inUnicastPackets = inUnicastPackets
        self.inMulticastPackets = inMulticastPackets
        self.inBroadcastPackets = inBroadcastPackets
        self.outUnicastPackets = outUnicastPackets
        self.outMulticastPackets = outMulticastPackets
        self.outBroadcastPackets = outBroadcastPackets
        self.inErrors = inErrors
        self.outErrors = outErrors
        self.inDiscards = inDiscards
        self.outDiscards = outDiscards
    }

    /// Every counter that is present, for checks that apply to all of them at once.
    var all: [CounterValue?] {
        [
            inOctets, outOctets, inUnicastPackets, inMulticastPackets, inBroadcastPackets,
            outUnicastPackets, outMulticastPackets, outBroadcastPackets, inErrors, outErrors,
            inDiscards, outDiscards,
        ]
    }
}
