/// Why a rate is missing for one interval: a graph gap that can be explained.
///
/// Every case starts a new baseline except `intervalTooShort`, which keeps the older
/// sample so that the next poll measures over a longer, more precise interval.
public enum NoRateReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// Nothing to subtract from yet: the interface (or this counter) was just seen.
    case firstSample = "first-sample"
    /// sysUpTime went back (and it was not its own 497-day wrap), or the agent has been up
    /// for less time than has passed since the last sample: every counter started again.
    case agentRestarted = "agent-restarted"
    /// `ifCounterDiscontinuityTime` changed: the agent says the counters were reset.
    case counterDiscontinuity = "counter-discontinuity"
    /// The ifIndex now carries another ifName: it is a different interface.
    case interfaceReplaced = "interface-replaced"
    /// A 64-bit counter went backwards; it cannot wrap, so the interface's counters were
    /// reset (`clear counters`). All counters of the interface get this reason, because the
    /// 32-bit ones were reset too and would otherwise look like a wrap.
    case counterReset = "counter-reset"
    /// The counter changed between 32 and 64 bits; the two readings cannot be subtracted.
    case counterWidthChanged = "counter-width-changed"
    /// A 32-bit counter could have turned over more than the once it appears to have at
    /// the interface's line rate in the elapsed time, so the difference is not known.
    case ambiguousWrap = "ambiguous-wrap"
    /// Less than the minimum interval (1 s by default) since the last sample: the timing
    /// jitter of a poll would dominate the rate.
    case intervalTooShort = "interval-too-short"
    /// The poller's clock is earlier than the last sample's.
    case clockWentBack = "clock-went-back"
    /// The rate came out above the plausible maximum (1.5 × speed by default), so it was
    /// dropped rather than drawn as a spike.
    case implausibleRate = "implausible-rate"
    /// The agent did not return this counter in this poll.
    case notReported = "not-reported"
    /// Utilisation only: the interface reports no speed and none is configured.
    case speedUnknown = "speed-unknown"
}
