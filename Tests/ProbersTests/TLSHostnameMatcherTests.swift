import Probers
import Testing

@Suite struct TLSHostnameMatcherTests {
    private func match(_ host: String, dns: [String] = [], ip: [[UInt8]] = [], cn: [String] = []) -> Bool {
        TLSHostnameMatcher.matches(host: host, dnsNames: dns, ipAddresses: ip, commonNames: cn)
    }

    @Test func exactNameIgnoresCaseAndTrailingDot() {
        #expect(match("www.Example.com", dns: ["WWW.example.COM."]))
        #expect(match("www.example.com.", dns: ["www.example.com"]))
        #expect(!match("www.example.org", dns: ["www.example.com"]))
        #expect(!match("example.com", dns: ["www.example.com"]))
    }

    @Test func wildcardCoversExactlyOneLeftMostLabel() {
        #expect(match("a.example.com", dns: ["*.example.com"]))
        #expect(!match("example.com", dns: ["*.example.com"]))
        #expect(!match("a.b.example.com", dns: ["*.example.com"]))
        #expect(!match("a.example.com", dns: ["a.*.com"]))
        #expect(!match("example.com", dns: ["*.com"]))
        #expect(!match("com", dns: ["*"]))
    }

    @Test func commonNameOnlyWithoutSAN() {
        #expect(match("legacy.example", cn: ["legacy.example"]))
        #expect(!match("legacy.example", dns: ["other.example"], cn: ["legacy.example"]))
        #expect(!match("legacy.example", ip: [[127, 0, 0, 1]], cn: ["legacy.example"]))
    }

    @Test func ipTargetsMatchOnlyIPAddressSANs() {
        #expect(match("127.0.0.1", dns: ["localhost"], ip: [[127, 0, 0, 1]]))
        #expect(!match("127.0.0.2", ip: [[127, 0, 0, 1]]))
        #expect(!match("127.0.0.1", dns: ["127.0.0.1"]))
        var loopback6 = [UInt8](repeating: 0, count: 16)
        loopback6[15] = 1
        #expect(match("::1", ip: [loopback6]))
        #expect(match("[::1]", ip: [loopback6]))
        #expect(!match("::1", ip: [[127, 0, 0, 1]]))
    }

    @Test func ipBytesParsesBothFamilies() {
        #expect(TLSHostnameMatcher.ipBytes("10.1.2.3") == [10, 1, 2, 3])
        #expect(TLSHostnameMatcher.ipBytes("::ffff:1.2.3.4")?.suffix(4) == [1, 2, 3, 4])
        #expect(TLSHostnameMatcher.ipBytes("localhost") == nil)
        #expect(TLSHostnameMatcher.ipBytes("1.2.3") == nil)
    }
}
