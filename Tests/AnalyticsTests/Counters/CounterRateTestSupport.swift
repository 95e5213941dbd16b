@testable import Analytics

/// Builds polls for the rate tracker tests: times in seconds from an arbitrary epoch, and a
/// sysUpTime that advances with the clock unless a test sets it.
struct RateHarness {
    static let epochMillis: UInt64 = 1_800_000_000_000
    /// 10 days of uptime in centiseconds, so the default agent is far from restarting.
    static let baseUptime: UInt32 = 86_400_000

    var tracker: InterfaceRateTracker

    init(configuration: CounterRateConfiguration = CounterRateConfiguration()) {
        tracker = InterfaceRateTracker(configuration: configuration)
    }

    /// Polls at `seconds` after the epoch; sysUpTime defaults to the base plus that time.
    mutating func poll(at seconds: Double, uptime: UInt32? = nil, _ interfaces: InterfaceCounterPoll...) -> [InterfaceRate] {
        let millis = Int64(seconds * 1000)
        let uptime = uptime ?? RateHarness.baseUptime &+ UInt32(truncatingIfNeeded: millis / 10)
        let now = UInt64(Int64(RateHarness.epochMillis) + millis)
        return tracker.update(DeviceCounterPoll(sysUpTime: uptime, interfaces: interfaces), nowMillis: now)
    }

    /// Polls one interface and returns its rates.
    mutating func one(at seconds: Double, uptime: UInt32? = nil, _ interface: InterfaceCounterPoll) -> InterfaceRate {
        poll(at: seconds, uptime: uptime, interface)[0]
    }
}

/// One interface with only octet counters, the shape most tests need.
func octets(
    _ inOctets: CounterValue?, _ outOctets: CounterValue? = nil, ifIndex: UInt32 = 1, name: String = "xe-0/0/1",
    ifHighSpeed: UInt32 = 1_000, ifSpeed: UInt32 = 0, speedOverride: UInt64? = nil, discontinuityTime: UInt32? = nil
) -> InterfaceCounterPoll {
    InterfaceCounterPoll(
        ifIndex: ifIndex, name: name, discontinuityTime: discontinuityTime,
        counters: InterfaceCounterSet(inOctets: inOctets, outOctets: outOctets),
        ifHighSpeed: ifHighSpeed, ifSpeed: ifSpeed, speedOverride: speedOverride)
}

extension InterfaceRate {
    /// Every value of the interval, for checks that apply to all of them.
    var outcomes: [RateOutcome] { InterfaceRateMetric.allCases.map { self[$0] } }
}
