extension InterfaceRateTracker {
    /// The reason none of an interface's counters can be compared with its baseline, or
    /// `nil` when they can. Checked in this order, so the reason given is the most basic.
    ///
    /// - Parameters:
    ///   - baseline: the interface's previous sample.
    ///   - interface: what this poll returned for it.
    ///   - sysUpTime: the device's sysUpTime in this poll.
    ///   - elapsedMillis: poller time since the baseline, possibly negative.
    static func interfaceGap(
        from baseline: InterfaceBaseline, to interface: InterfaceCounterPoll, sysUpTime: UInt32,
        elapsedMillis: Int64, configuration: CounterRateConfiguration
    ) -> NoRateReason? {
        if baseline.name != interface.name { return .interfaceReplaced }
        if elapsedMillis < 0 { return .clockWentBack }
        if agentRestarted(
            previousUptime: baseline.sysUpTime, currentUptime: sysUpTime, elapsedMillis: elapsedMillis,
            toleranceMillis: configuration.uptimeToleranceMillis + elapsedMillis / 100)
        {
            return .agentRestarted
        }
        if let old = baseline.discontinuityTime, let new = interface.discontinuityTime, old != new {
            return .counterDiscontinuity
        }
        if elapsedMillis < configuration.minimumIntervalMillis { return .intervalTooShort }
        if anyCounter64WentBack(from: baseline.counters, to: interface.counters) { return .counterReset }
        return nil
    }

    /// Whether the agent restarted between two samples, judged from sysUpTime.
    ///
    /// sysUpTime counts centiseconds in 32 bits and wraps after 497 days without a restart.
    /// A smaller value is that wrap when the wrapped difference agrees with the elapsed wall
    /// time; otherwise the agent restarted. A larger value still means a restart when the
    /// agent has been up for less time than has passed since the baseline: it restarted
    /// during a gap in polling and has since counted past its old uptime. Neither check
    /// needs sysUpTime to tick in step with the poller, only to be roughly right, so an
    /// agent whose sysUpTime is cached or stuck does not look like it keeps restarting.
    static func agentRestarted(
        previousUptime: UInt32, currentUptime: UInt32, elapsedMillis: Int64, toleranceMillis: Int64
    ) -> Bool {
        if currentUptime < previousUptime {
            let wrappedMillis = Int64(currentUptime &- previousUptime) * 10
            return abs(wrappedMillis - elapsedMillis) > toleranceMillis
        }
        return Int64(currentUptime) * 10 + toleranceMillis < elapsedMillis
    }

    /// A 64-bit counter that went backwards was reset, and with it every other counter of
    /// the interface, including the 32-bit error counters whose drop would pass for a wrap.
    static func anyCounter64WentBack(from old: InterfaceCounterSet, to new: InterfaceCounterSet) -> Bool {
        zip(old.all, new.all).contains { old, new in
            guard let old, let new, old.width == .counter64, new.width == .counter64 else { return false }
            return new.value < old.value
        }
    }
}
