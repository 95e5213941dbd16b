/// How fast one kind of counter (octets or packets) can and may advance on one interface.
struct CounterLimits: Sendable, Hashable {
    /// Units per second at line rate, or `nil` when the speed is unknown. A counter cannot
    /// physically advance faster, so this decides whether a 32-bit counter could have
    /// turned over one more time than it appears to.
    var lineRatePerSecond: Double?
    /// Units per second above which a rate read from 32-bit counters is dropped as
    /// implausible: there, a counter cleared to a small value reads as a wrap.
    var ceilingPerSecond: Double
    /// Units per second above which any rate is dropped (the speed-less ceiling): 64-bit
    /// counters do not wrap in practice and a reset shows as a decrease, so a 64-bit rate
    /// above the interface's speed is taken as real (loopback and virtual interfaces, and
    /// bundles, often report a speed far below what they carry).
    var garbageCeilingPerSecond: Double

    /// Limits for an octet counter: speed / 8 bytes per second.
    static func octets(speedBitsPerSecond speed: UInt64?, _ configuration: CounterRateConfiguration) -> CounterLimits {
        limits(unitBits: 8, speed: speed, configuration)
    }

    /// Limits for a packet, error or discard counter: each one is at least one minimum
    /// frame on the wire.
    static func packets(speedBitsPerSecond speed: UInt64?, _ configuration: CounterRateConfiguration) -> CounterLimits {
        limits(unitBits: configuration.minimumPacketBits, speed: speed, configuration)
    }

    /// Limits for an error or discard counter: the packet ceiling, but no wrap-ambiguity
    /// test. IF-MIB has these only as `Counter32`, and at line rate a 10 Gbit/s port could
    /// turn one over every 289 s, so the strict test would hide every error graph of a fast
    /// port polled every 5 minutes. Two turns in one interval need over 14 million errors
    /// or discards per second for the whole interval: the link is down in all but name and
    /// shows it in its octets and status, while a single wrap is by far the likely reading.
    static func events(speedBitsPerSecond speed: UInt64?, _ configuration: CounterRateConfiguration) -> CounterLimits {
        var limits = packets(speedBitsPerSecond: speed, configuration)
        limits.lineRatePerSecond = nil
        return limits
    }

    private static func limits(unitBits: Double, speed: UInt64?, _ configuration: CounterRateConfiguration) -> CounterLimits {
        let garbage = configuration.ceilingWithoutSpeedBitsPerSecond / unitBits
        guard let speed else {
            return CounterLimits(lineRatePerSecond: nil, ceilingPerSecond: garbage, garbageCeilingPerSecond: garbage)
        }
        let lineRate = Double(speed) / unitBits
        return CounterLimits(
            lineRatePerSecond: lineRate, ceilingPerSecond: lineRate * configuration.plausibilityFactor,
            garbageCeilingPerSecond: garbage)
    }
}
