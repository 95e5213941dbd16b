import Testing
@testable import Analytics

/// Which speed utilisation and bounds use: override, then ifHighSpeed, then ifSpeed.
struct InterfaceSpeedTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var override: UInt64?
        var ifHighSpeed: UInt32
        var ifSpeed: UInt32
        var expected: UInt64?
        var testDescription: String { "override \(override.map(String.init) ?? "-") high \(ifHighSpeed) speed \(ifSpeed)" }
    }

    static let cases: [Case] = [
        Case(override: nil, ifHighSpeed: 10_000, ifSpeed: UInt32.max, expected: 10_000_000_000),
        // ifSpeed lies (LibreNMS #4318): ifHighSpeed wins.
        Case(override: nil, ifHighSpeed: 1_000, ifSpeed: 10_000_000, expected: 1_000_000_000),
        Case(override: nil, ifHighSpeed: 0, ifSpeed: 100_000_000, expected: 100_000_000),
        Case(override: nil, ifHighSpeed: 0, ifSpeed: UInt32.max, expected: nil),
        Case(override: nil, ifHighSpeed: 0, ifSpeed: 0, expected: nil),
        Case(override: 2_000_000_000, ifHighSpeed: 1_000, ifSpeed: 1_000_000_000, expected: 2_000_000_000),
        Case(override: 0, ifHighSpeed: 1_000, ifSpeed: 0, expected: 1_000_000_000),
    ]

    @Test(arguments: cases)
    func speedSelection(_ c: Case) {
        let poll = octets(nil, ifHighSpeed: c.ifHighSpeed, ifSpeed: c.ifSpeed, speedOverride: c.override)
        #expect(poll.speedBitsPerSecond == c.expected)
        // 100 Mbit/s of traffic as a share of that speed.
        var h = RateHarness()
        let at = { (n: UInt64) in
            octets(.counter64(n), ifHighSpeed: c.ifHighSpeed, ifSpeed: c.ifSpeed, speedOverride: c.override)
        }
        _ = h.one(at: 0, at(0))
        let r = h.one(at: 10, at(125_000_000))
        #expect(r.speedBitsPerSecond == c.expected)
        if let expected = c.expected {
            #expect(r.inUtilisationPercent == .rate(1e8 / Double(expected) * 100))
        } else {
            #expect(r.inUtilisationPercent == .noRate(.speedUnknown))
            #expect(r.inBitsPerSecond == .rate(100_000_000))
        }
    }

    @Test func overrideAlsoSetsTheBounds() {
        // A 10 Mbit/s circuit on a gigabit port: 100 Mbit/s through it is not believable.
        var h = RateHarness()
        let at = { (n: UInt32) in octets(.counter32(n), ifHighSpeed: 1_000, speedOverride: 10_000_000) }
        _ = h.one(at: 0, at(0))
        #expect(h.one(at: 10, at(12_500_000)).inUtilisationPercent == .rate(100))
        #expect(h.one(at: 20, at(137_500_000)).inBitsPerSecond == .noRate(.implausibleRate))
    }
}
