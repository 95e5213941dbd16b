import Testing
import NetsightModel
@testable import Analytics

/// `matches` on hand-built records: each row is (filter, expected for `web`, expected for `dns6`).
struct FlowFilterMatchTests {
    /// TCP 10.1.2.3:51000 -> 192.0.2.80:443, 1.5 MB / 1200 packets, AS 64512 -> 15169.
    static let web = flow(
        "10.1.2.3", "192.0.2.80", sport: 51000, dport: 443, proto: 6, bytes: 1_500_000, packets: 1200,
        srcAS: 64512, dstAS: 15169, inIf: 3, outIf: 7, exporter: "198.51.100.1", exporterName: "core1",
        exporterSite: "paris", srcSite: "paris", dstSite: "", tos: 0xb8, flags: 0x1b, vlan: 100)
    /// UDP [2001:db8::53]:53 -> [2001:db8:1::9]:40000, 300 B / 2 packets.
    static let dns6 = flow(
        "2001:db8::53", "2001:db8:1::9", sport: 53, dport: 40000, proto: 17, bytes: 300, packets: 2,
        srcAS: 65001, dstAS: 65002, inIf: 7, outIf: 3, exporter: "198.51.100.2", exporterName: "edge2",
        exporterSite: "berlin", srcSite: "berlin", dstSite: "paris", tos: 0, flags: 0, vlan: 0)

    static let cases: [(String, Bool, Bool)] = [
        ("", true, true),
        ("any", true, true),
        ("src ip 10.1.2.3", true, false),
        ("dst ip 10.1.2.3", false, false),
        ("ip 192.0.2.80", true, false),
        ("host 2001:db8:1::9", false, true),
        ("src host 2001:db8::53", false, true),
        ("net 10.0.0.0/8", true, false),
        ("src net 10.1.2.0/24", true, false),
        ("dst net 10.0.0.0/8", false, false),
        ("net 192.0.2.0 255.255.255.0", true, false),
        ("net 2001:db8::/32", false, true),
        ("dst net 2001:db8:1::/48", false, true),
        ("src net 2001:db8:1::/48", false, false),
        ("net 0.0.0.0/0", true, false),  // an IPv4 /0 holds every IPv4 address, no IPv6 one
        ("net ::/0", true, true),
        ("ip in [172.16.0.1 10.0.0.0/8]", true, false),
        ("dst ip in [2001:db8:1::9]", false, true),
        ("port 443", true, false),
        ("port 53", false, true),
        ("src port 443", false, false),
        ("dst port 443", true, false),
        ("port > 1023", true, true),
        ("dst port < 1024", true, false),
        ("port != 443", true, true),  // either side: src 51000 differs
        ("not port 443", false, true),
        ("port in [53 443]", true, true),
        ("src port in [53]", false, true),
        ("proto tcp", true, false),
        ("proto udp", false, true),
        ("proto 17", false, true),
        ("as 15169", true, false),
        ("src as 64512", true, false),
        ("dst as 64512", false, false),
        ("as >= 65000", false, true),
        ("as in [65002 1]", false, true),
        ("in if 3", true, false),
        ("out if 3", false, true),
        ("if 7", true, true),
        ("exporter core1", true, false),
        ("exporter 198.51.100.2", false, true),
        ("exporter site berlin", false, true),
        ("site paris", true, true),
        ("src site paris", true, false),
        ("dst site paris", false, true),
        ("site 'Paris'", false, false),  // names are exact
        ("bytes > 1M", true, false),
        ("bytes > 1500k", false, false),
        ("bytes >= 1500k", true, false),
        ("bytes = 300", false, true),
        ("packets < 10", false, true),
        ("packets >= 1k", true, false),
        ("flows 1", true, true),
        ("flows > 1", false, false),
        ("tos 184", true, false),
        ("dscp 46", true, false),
        ("dscp 0", false, true),
        ("flags S", true, false),
        ("flags SA", true, false),
        ("flags R", false, false),
        ("flags =SA", false, false),  // web has F S A P (0x1b)
        ("flags =FSPA", true, false),
        ("vlan 100", true, false),
        ("ipv4", true, false),
        ("ipv6", false, true),
        ("proto tcp and port 443", true, false),
        ("proto udp or port 443", true, true),
        ("not proto tcp and port 53", false, true),
        ("not (proto tcp or port 53)", false, false),
        ("src net 10.0.0.0/8 && dst port 443 || src as 65001", true, true),
        ("!proto udp && !net 2001:db8::/32", true, false),
    ]

    @Test(arguments: cases)
    func matchesHandBuiltRecords(_ text: String, _ webMatches: Bool, _ dnsMatches: Bool) throws {
        let f = try FlowFilter.parse(text)
        #expect(f.matches(Self.web) == webMatches, "\(text) on web")
        #expect(f.matches(Self.dns6) == dnsMatches, "\(text) on dns6")
    }

    @Test func exporterNameOrAddress() throws {
        var r = Self.web
        r.exporterName = "192.0.2.9"  // a name that looks like an address still matches by name
        #expect(try FlowFilter.parse("exporter 192.0.2.9").matches(r))
        #expect(try FlowFilter.parse("exporter 198.51.100.1").matches(r))
        #expect(try !FlowFilter.parse("exporter core1").matches(r))
    }
}
