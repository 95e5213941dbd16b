/// One counter poll of one device: its sysUpTime and the interfaces read in the same poll.
///
/// sysUpTime belongs to the device, not to an interface: when it goes back the agent
/// restarted and every interface's counters start again.
public struct DeviceCounterPoll: Sendable, Hashable {
    /// `sysUpTime.0` in TimeTicks (centiseconds); wraps at 2^32 after about 497 days.
    public var sysUpTime: UInt32
    public var interfaces: [InterfaceCounterPoll]

    public init(sysUpTime: UInt32, interfaces: [InterfaceCounterPoll]) {
        self.sysUpTime = sysUpTime
        self.interfaces = interfaces
    }
}
