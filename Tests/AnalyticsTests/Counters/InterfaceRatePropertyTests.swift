import Testing
@testable import Analytics

/// Random counter streams: honest ones must give exact rates whenever they give one, and
/// hostile ones must never give a negative, non-finite or out-of-bound value.
struct InterfaceRatePropertyTests {
    static let speedsMbit: [UInt32] = [0, 2, 10, 100, 1_000, 10_000, 40_000, 100_000]

    /// A counter as the agent holds it: the true total, read modulo its width.
    struct TrueCounter {
        var total: UInt64
        var width: CounterWidth
        var reading: CounterValue {
            width == .counter32 ? .counter32(UInt32(truncatingIfNeeded: total)) : .counter64(total)
        }
    }

    @Test func honestCountersGiveExactRatesOrAReason() {
        var rng = SplitMix64(state: 0x5EED_0001)
        var rates = 0
        var ambiguous = 0
        for stream in 0..<300 {
            let mbit = Self.speedsMbit.randomElement(using: &rng)!
            let speed = Double(mbit) * 1e6
            let octetWidth: CounterWidth = Bool.random(using: &rng) ? .counter32 : .counter64
            let packetWidth: CounterWidth = Bool.random(using: &rng) ? .counter32 : .counter64
            var octets = TrueCounter(total: .random(in: 0...(1 << 40), using: &rng), width: octetWidth)
            var packets = TrueCounter(total: .random(in: 0...(1 << 40), using: &rng), width: packetWidth)
            var tracker = InterfaceRateTracker()
            var millis: UInt64 = 1_800_000_000_000
            var uptime: UInt32 = .random(in: 0...UInt32.max, using: &rng)
            var lastBytes: UInt64 = 0
            var lastPackets: UInt64 = 0
            var lastSeconds = 0.0
            for step in 0..<40 {
                let poll = InterfaceCounterPoll(
                    ifIndex: 7, name: "et-0/0/7",
                    counters: InterfaceCounterSet(inOctets: octets.reading, inUnicastPackets: packets.reading),
                    ifHighSpeed: mbit)
                let r = tracker.update(DeviceCounterPoll(sysUpTime: uptime, interfaces: [poll]), nowMillis: millis)[0]
                let context = "stream \(stream) step \(step) speed \(mbit) Mbit/s"
                if step > 0 {
                    switch r.inBitsPerSecond {
                    case .rate(let bps):
                        rates += 1
                        let expected = Double(lastBytes) * 8 / lastSeconds
                        #expect(abs(bps - expected) <= expected * 1e-9, "\(context): \(bps) vs \(expected)")
                    case .noRate(let reason):
                        ambiguous += 1
                        #expect(reason == .ambiguousWrap && octetWidth == .counter32, "\(context): \(reason)")
                    }
                    switch r.inPacketsPerSecond {
                    case .rate(let pps):
                        let expected = Double(lastPackets) / lastSeconds
                        #expect(abs(pps - expected) <= expected * 1e-9, "\(context): \(pps) vs \(expected)")
                    case .noRate(let reason):
                        #expect(reason == .ambiguousWrap && packetWidth == .counter32, "\(context): \(reason)")
                    }
                }
                // Next interval: 1 s to 15 min, at most line rate (below one turn when the
                // speed is unknown, since then a single wrap is assumed).
                let interval = UInt64.random(in: 1_000...900_000, using: &rng)
                lastSeconds = Double(interval) / 1000
                let maxBytes = mbit == 0 ? 4_294_967_295 : speed / 8 * lastSeconds
                let maxPackets = mbit == 0 ? min(4_294_967_295, 1e12 / 672 * lastSeconds) : speed / 672 * lastSeconds
                let fraction = [0, 1, Double.random(in: 0...1, using: &rng)].randomElement(using: &rng)!
                lastBytes = UInt64(maxBytes * fraction)
                lastPackets = UInt64(maxPackets * Double.random(in: 0...1, using: &rng))
                octets.total &+= lastBytes
                packets.total &+= lastPackets
                millis += interval
                uptime &+= UInt32(interval / 10)
            }
        }
        // The run must exercise both sides, or it proves nothing.
        #expect(rates > 1_000)
        #expect(ambiguous > 100)
    }

    @Test func hostileCountersStayWithinBounds() {
        var rng = SplitMix64(state: 0x5EED_0002)
        let configuration = CounterRateConfiguration()
        var given = 0
        for _ in 0..<200 {
            var tracker = InterfaceRateTracker(configuration: configuration)
            var millis: UInt64 = 1_800_000_000_000
            var uptime: UInt32 = .random(in: 0...UInt32.max, using: &rng)
            var values = (0..<4).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) }
            for _ in 0..<60 {
                // Mostly small steps forward, sometimes a wrap, a reset, a garbage value,
                // a clock step back, a restart, a renamed interface or a new speed.
                for i in values.indices {
                    switch Int.random(in: 0..<10, using: &rng) {
                    case 0: values[i] = .random(in: 0...UInt64.max, using: &rng)
                    case 1: values[i] = .random(in: 0...1_000, using: &rng)
                    default: values[i] &+= .random(in: 0...(1 << 36), using: &rng)
                    }
                }
                let mbit = Self.speedsMbit.randomElement(using: &rng)!
                let override: UInt64? = Int.random(in: 0..<5, using: &rng) == 0 ? .random(in: 0...1 << 40, using: &rng) : nil
                let wide = { (v: UInt64) -> CounterValue in
                    Int.random(in: 0..<8, using: &rng) == 0 ? .counter32(UInt32(truncatingIfNeeded: v)) : .counter64(v)
                }
                let poll = InterfaceCounterPoll(
                    ifIndex: 1, name: Int.random(in: 0..<30, using: &rng) == 0 ? "renamed" : "ge-0/0/1",
                    counters: InterfaceCounterSet(
                        inOctets: .counter32(UInt32(truncatingIfNeeded: values[0])), outOctets: wide(values[1]),
                        inUnicastPackets: .counter32(UInt32(truncatingIfNeeded: values[2])),
                        outUnicastPackets: wide(values[3]), inErrors: .counter32(UInt32(truncatingIfNeeded: values[2] >> 7))),
                    ifHighSpeed: mbit, ifSpeed: .random(in: 0...UInt32.max, using: &rng), speedOverride: override)
                let r = tracker.update(DeviceCounterPoll(sysUpTime: uptime, interfaces: [poll]), nowMillis: millis)[0]
                given += r.outcomes.filter { $0.value != nil }.count
                let speed = poll.speedBitsPerSecond.map { Double($0) }
                // 32-bit counters are bounded by the speed; 64-bit ones only by the ceiling.
                let garbage = configuration.ceilingWithoutSpeedBitsPerSecond
                let bitsBound = speed.map { $0 * configuration.plausibilityFactor } ?? garbage
                let outWide = poll.counters.outOctets?.width == .counter64
                let outBitsBound = outWide ? garbage : bitsBound
                let packetBound = bitsBound / configuration.minimumPacketBits
                let outPacketBound = (poll.counters.outUnicastPackets?.width == .counter64 ? garbage : bitsBound) / configuration.minimumPacketBits
                for metric in InterfaceRateMetric.allCases {
                    guard let value = r[metric].value else { continue }
                    let bound: Double = switch metric {
                    case .inBitsPerSecond: bitsBound
                    case .outBitsPerSecond: outBitsBound
                    case .inUtilisationPercent: configuration.plausibilityFactor * 100
                    case .outUtilisationPercent: speed.map { outBitsBound / $0 * 100 } ?? 0
                    case .outPacketsPerSecond: outPacketBound
                    default: packetBound
                    }
                    #expect(value.isFinite && value >= 0 && value <= bound * (1 + 1e-12), "\(metric) = \(value), bound \(bound)")
                }
                let step = Int64.random(in: -20_000...600_000, using: &rng)
                millis = UInt64(Int64(millis) + step)
                uptime = Int.random(in: 0..<20, using: &rng) == 0 ? .random(in: 0...1_000, using: &rng) : uptime &+ UInt32(truncatingIfNeeded: max(step, 0) / 10)
            }
        }
        #expect(given > 1_000)
    }
}
