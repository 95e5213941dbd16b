/// What one poll returned for one interface: identity, counters and speed.
public struct InterfaceCounterPoll: Sendable, Hashable {
    /// The ifIndex the counters were read at; the tracker keys its state by it.
    public var ifIndex: UInt32
    /// ifName (or ifDescr when the agent has no ifName). An ifIndex that now carries another
    /// name is another interface (agents renumber after a reboot or a module swap), so
    /// its counters must not be subtracted from the old ones.
    public var name: String
    /// `ifCounterDiscontinuityTime` (sysUpTime ticks) when the agent reports it. When it
    /// changes, the agent says the counters restarted without the agent itself restarting
    /// (`clear counters`, a line card reset).
    public var discontinuityTime: UInt32?
    public var counters: InterfaceCounterSet
    /// `ifHighSpeed` in Mbit/s; 0 when absent. Preferred over ifSpeed: ifSpeed saturates at
    /// 4,294,967,295 bit/s and lies on many devices (LibreNMS #4318).
    public var ifHighSpeed: UInt32
    /// `ifSpeed` in bit/s; 0 when absent or unknown, 4,294,967,295 means "see ifHighSpeed".
    public var ifSpeed: UInt32
    /// The speed configured for this interface in bit/s, which wins over what the agent says.
    public var speedOverride: UInt64?

    public init(
        ifIndex: UInt32, name: String, discontinuityTime: UInt32? = nil,
        counters: InterfaceCounterSet, ifHighSpeed: UInt32 = 0, ifSpeed: UInt32 = 0,
        speedOverride: UInt64? = nil
    ) {
        self.ifIndex = ifIndex
        self.name = name
        self.discontinuityTime = discontinuityTime
        self.counters = counters
        self.ifHighSpeed = ifHighSpeed
        self.ifSpeed = ifSpeed
        self.speedOverride = speedOverride
    }
}
