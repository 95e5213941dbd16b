/// The limits the rate tracker applies; the defaults suit polls every 10 s to 15 min.
public struct CounterRateConfiguration: Sendable, Hashable {
    /// Samples closer together than this give no rate and keep the older baseline. 1 s:
    /// a poll's response time varies by tens of milliseconds, which below a second would
    /// swing the rate by several percent.
    public var minimumIntervalMillis: Int64
    /// A rate read from 32-bit counters above `plausibilityFactor` × speed is dropped as
    /// `implausibleRate`. 1.5 leaves room for poll timing jitter (a sample taken 100 ms late
    /// on a 1 s interval inflates a line-rate reading by 10%) and for a speed a little below
    /// the real one, while still catching a counter reset that looks like a 32-bit wrap.
    /// Rates from 64-bit counters are bounded only by `ceilingWithoutSpeedBitsPerSecond`:
    /// they cannot be a misread wrap, and many interfaces (loopback, virtual, bundles)
    /// report a speed far below what they carry.
    public var plausibilityFactor: Double
    /// The bits one packet occupies on the wire at least, for packet-rate bounds: 672 is a
    /// minimum 64-byte Ethernet frame plus 8 bytes preamble and 12 bytes inter-frame gap,
    /// so 10 Gbit/s carries at most 14.88 million packets per second.
    public var minimumPacketBits: Double
    /// The plausible maximum when an interface has no known speed, in bit/s. 1 Tbit/s is
    /// above any single port sold today, so it only drops garbage. Packet counters use it
    /// divided by `minimumPacketBits`.
    public var ceilingWithoutSpeedBitsPerSecond: Double
    /// How far sysUpTime may disagree with the poller's clock before a restart is assumed,
    /// on top of 1% of the interval: response latency differs from poll to poll, and cheap
    /// agent clocks drift. 10 s exceeds a typical timeout × retries budget.
    public var uptimeToleranceMillis: Int64
    /// An interface missing from polls for longer than this is forgotten, and starts from a
    /// first sample when it comes back. One hour keeps the average over a long gap for
    /// interfaces that flap out of the walk, while devices that create and destroy virtual
    /// interfaces (PPP sessions, tunnels) do not grow the state without bound.
    public var forgetAfterMillis: Int64

    public init(
        minimumIntervalMillis: Int64 = 1_000,
        plausibilityFactor: Double = 1.5,
        minimumPacketBits: Double = 672,
        ceilingWithoutSpeedBitsPerSecond: Double = 1e12,
        uptimeToleranceMillis: Int64 = 10_000,
        forgetAfterMillis: Int64 = 3_600_000
    ) {
        self.minimumIntervalMillis = minimumIntervalMillis
        self.plausibilityFactor = plausibilityFactor
        self.minimumPacketBits = minimumPacketBits
        self.ceilingWithoutSpeedBitsPerSecond = ceilingWithoutSpeedBitsPerSecond
        self.uptimeToleranceMillis = uptimeToleranceMillis
        self.forgetAfterMillis = forgetAfterMillis
    }
}
