/// Turns successive counter polls of one device into per-second interface rates.
///
/// A value type with no clock and no I/O: the poller owns one tracker per device (the
/// per-target isolation of the poll loop means no lock is shared between devices), passes
/// each poll with the time it was taken, and stores what comes back. Each interface's state
/// is the last sample its rates are measured from, keyed by ifIndex; a rate is only given
/// when that baseline and the new sample are known to be comparable, otherwise the value
/// carries a `NoRateReason` (see docs/counter-rates.md). It never returns a negative rate,
/// nor one above the plausible bound.
public struct InterfaceRateTracker: Sendable {
    public var configuration: CounterRateConfiguration
    var baselines: [UInt32: InterfaceBaseline] = [:]

    public init(configuration: CounterRateConfiguration = CounterRateConfiguration()) {
        self.configuration = configuration
    }

    /// How many interfaces have a baseline (including ones missing from recent polls).
    public var trackedInterfaceCount: Int { baselines.count }

    /// Takes one poll of the device and returns one `InterfaceRate` per polled interface,
    /// in the order of `poll.interfaces`.
    ///
    /// - Parameters:
    ///   - poll: sysUpTime and interface counters read together in one poll.
    ///   - nowMillis: the poller's clock when the poll was answered (ms since the epoch). The
    ///     interval is measured with it rather than with sysUpTime, whose 10 ms ticks some
    ///     agents update lazily; sysUpTime only serves to recognise a restart.
    /// - Returns: rates over the interval since each interface's baseline. An interface
    ///   listed twice is measured the second time against the first (too short an interval).
    public mutating func update(_ poll: DeviceCounterPoll, nowMillis: UInt64) -> [InterfaceRate] {
        let rates = poll.interfaces.map { rate(for: $0, sysUpTime: poll.sysUpTime, nowMillis: nowMillis) }
        forgetStale(nowMillis: nowMillis)
        return rates
    }

    private mutating func rate(for interface: InterfaceCounterPoll, sysUpTime: UInt32, nowMillis: UInt64) -> InterfaceRate {
        let speed = interface.speedBitsPerSecond
        let sample = InterfaceBaseline(interface, sysUpTime: sysUpTime, nowMillis: nowMillis)
        guard let baseline = baselines[interface.ifIndex] else {
            baselines[interface.ifIndex] = sample
            return InterfaceRate(
                ifIndex: interface.ifIndex, name: interface.name, intervalMillis: nil,
                speedBitsPerSecond: speed, reason: .firstSample)
        }
        let elapsed = Int64(clamping: nowMillis) - Int64(clamping: baseline.timeMillis)
        if let reason = Self.interfaceGap(
            from: baseline, to: interface, sysUpTime: sysUpTime, elapsedMillis: elapsed,
            configuration: configuration)
        {
            if reason == .intervalTooShort {
                baselines[interface.ifIndex]?.lastSeenMillis = nowMillis
            } else {
                baselines[interface.ifIndex] = sample
            }
            return InterfaceRate(
                ifIndex: interface.ifIndex, name: interface.name, intervalMillis: elapsed,
                speedBitsPerSecond: speed, reason: reason)
        }
        baselines[interface.ifIndex] = sample
        return InterfaceRate(
            ifIndex: interface.ifIndex, name: interface.name, from: baseline.counters,
            to: interface.counters, elapsedMillis: elapsed, speedBitsPerSecond: speed,
            configuration: configuration)
    }

    /// Drops interfaces not seen for longer than `forgetAfterMillis`. A clock that went
    /// back forgets nothing: the gap is then unknown, not long.
    private mutating func forgetStale(nowMillis: UInt64) {
        let limit = configuration.forgetAfterMillis
        baselines = baselines.filter { _, baseline in
            nowMillis <= baseline.lastSeenMillis || Int64(clamping: nowMillis - baseline.lastSeenMillis) <= limit
        }
    }
}
