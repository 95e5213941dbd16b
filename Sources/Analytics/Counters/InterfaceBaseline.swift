/// The sample an interface's next rates are measured from, as the tracker keeps it.
struct InterfaceBaseline: Sendable, Hashable {
    var name: String
    /// The poller's clock when the sample was taken.
    var timeMillis: UInt64
    /// The device's sysUpTime in the same poll, to recognise a restart next time.
    var sysUpTime: UInt32
    var discontinuityTime: UInt32?
    var counters: InterfaceCounterSet
    /// When the interface was last present in a poll. Equal to `timeMillis` except after a
    /// too-short interval, which refreshes this but keeps the older sample as baseline.
    var lastSeenMillis: UInt64

    init(_ poll: InterfaceCounterPoll, sysUpTime: UInt32, nowMillis: UInt64) {
        name = poll.name
        timeMillis = nowMillis
        self.sysUpTime = sysUpTime
        discontinuityTime = poll.discontinuityTime
        counters = poll.counters
        lastSeenMillis = nowMillis
    }
}
