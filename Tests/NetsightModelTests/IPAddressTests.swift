import Testing

@testable import NetsightModel

@Suite struct IPAddressTests {
    /// Parsing then printing gives the canonical text (RFC 5952 for IPv6, as nfdump and
    /// tshark print it).
    @Test(arguments: [
        ("10.1.2.3", "10.1.2.3"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
        ("2001:db8::1", "2001:db8::1"),
        ("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
        ("2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),
        ("::", "::"),
        ("::1", "::1"),
        ("fe80::", "fe80::"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2:3:4:5:6"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
    ])
    func roundTrip(text: String, canonical: String) throws {
        let a = try #require(IPAddress(text))
        #expect(a.description == canonical)
        #expect(IPAddress(canonical) == a)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-4", "01234.1.1.1", "1::2::3", ":::", "2001:db8::g", "1:2:3:4:5:6:7:8:9", "12345::", "1.2.3.4/8"])
    func rejectsMalformed(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func ipv4IsHeldMappedAndOrdered() throws {
        let a = IPAddress(ipv4: 0x0A01_0203)
        #expect(a.isIPv4)
        #expect(a.ipv4Value == 0x0A01_0203)
        #expect(a.bytes == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3])
        #expect(IPAddress("10.1.2.3")! < IPAddress("10.1.2.4")!)
        let v6 = IPAddress(ipv6: [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1])
        #expect(v6.description == "2001:db8::1")
        #expect(!v6.isIPv4)
        #expect(v6.ipv4Value == nil)
    }
}

@Suite struct IPPrefixTests {
    @Test func containsAndMasks() throws {
        let p = try #require(IPPrefix("10.1.2.3/16"))
        #expect(p.description == "10.1.0.0/16")
        #expect(p.contains(IPAddress("10.1.255.1")!))
        #expect(!p.contains(IPAddress("10.2.0.1")!))
        #expect(!p.contains(IPAddress("::ffff:a02:1")!))
        let v6 = try #require(IPPrefix("2001:db8:1::/48"))
        #expect(v6.contains(IPAddress("2001:db8:1:ffff::1")!))
        #expect(!v6.contains(IPAddress("2001:db8:2::1")!))
        #expect(!v6.contains(IPAddress("10.1.2.3")!))
        #expect(IPPrefix("0.0.0.0/0")!.contains(IPAddress("192.0.2.1")!))
        #expect(IPPrefix("192.0.2.1")!.length == 32)
        #expect(IPPrefix("2001:db8::1/128")!.contains(IPAddress("2001:db8::1")!))
    }

    @Test(arguments: ["10.0.0.0/33", "2001:db8::/129", "10.0.0.0/-1", "10.0.0/8", "10.0.0.0/8/8", "10.0.0.0/x"])
    func rejectsBadPrefixes(text: String) {
        #expect(IPPrefix(text) == nil)
    }
}

@Suite struct CivilDateTests {
    @Test(arguments: [
        (0, 1970, 1, 1), (59, 1970, 3, 1), (10_957, 2000, 1, 1), (11_016, 2000, 2, 29),
        (20_784, 2026, 11, 27), (-1, 1969, 12, 31),
    ])
    func knownDates(days: Int, year: Int, month: Int, day: Int) {
        #expect(CivilDate.fromDays(days) == (year, month, day))
        #expect(CivilDate.days(year: year, month: month, day: day) == days)
    }

    @Test func roundTripsFourHundredYears() {
        for d in stride(from: -1000, to: 146_097 + 1000, by: 7) {
            let (y, m, dd) = CivilDate.fromDays(d)
            #expect(CivilDate.days(year: y, month: m, day: dd) == d)
        }
    }
}

@Suite struct FlowRecordTests {
    @Test func countersScaleByTheRateAndKeepRawValues() {
        var r = FlowRecord()
        r.setCounters(rawBytes: 1500, rawPackets: 3, samplingRate: 1000)
        #expect((r.bytes, r.packets, r.rawBytes, r.rawPackets, r.samplingRate) == (1_500_000, 3000, 1500, 3, 1000))
        r.setCounters(rawBytes: 10, rawPackets: 1, samplingRate: 0)
        #expect((r.bytes, r.samplingRate) == (10, 1))
        r.tos = 0xB8
        #expect(r.dscp == 46)
    }
}
