import Testing
import NetsightModel
@testable import Analytics

/// Every construct parses to the expected canonical (fully parenthesised) form.
struct FilterParserTests {
    static let cases: [(String, String)] = [
        ("", "any"),
        ("  # only a comment", "any"),
        ("any", "any"),
        ("src ip 10.0.0.1", "src ip 10.0.0.1"),
        ("dst ip 10.0.0.1", "dst ip 10.0.0.1"),
        ("ip 10.0.0.1", "ip 10.0.0.1"),
        ("host 10.0.0.1", "ip 10.0.0.1"),
        ("src host 10.0.0.1", "src ip 10.0.0.1"),
        ("dst host 2001:db8::1", "dst ip 2001:db8::1"),
        ("net 10.0.0.0/8", "net 10.0.0.0/8"),
        ("src net 10.1.2.3/16", "src net 10.1.0.0/16"),
        ("dst net 2001:db8::/32", "dst net 2001:db8::/32"),
        ("net 10.0.0.0 255.0.0.0", "net 10.0.0.0/8"),
        ("net 172.16.0.0 255.240.0.0", "net 172.16.0.0/12"),
        ("ip 10.0.0.0/8", "net 10.0.0.0/8"),
        ("ip in [10.0.0.1 192.168.0.0/16, 2001:db8::/32]", "ip in [10.0.0.1/32 192.168.0.0/16 2001:db8::/32]"),
        ("port 80", "port 80"),
        ("src port 53", "src port 53"),
        ("dst port > 1023", "dst port > 1023"),
        ("port>1023", "port > 1023"),
        ("port >= 1024", "port >= 1024"),
        ("port < 1024", "port < 1024"),
        ("port <= 1023", "port <= 1023"),
        ("port == 22", "port 22"),
        ("port = 22", "port 22"),
        ("port != 22", "port != 22"),
        ("port gt 1023", "port > 1023"),
        ("port in [80 443]", "port in [80 443]"),
        ("dst port in [80,443 , 8080]", "dst port in [80 443 8080]"),
        ("proto tcp", "proto 6"),
        ("proto UDP", "proto 17"),
        ("proto icmp", "proto 1"),
        ("proto icmp6", "proto 58"),
        ("proto ipv6-icmp", "proto 58"),
        ("proto gre", "proto 47"),
        ("proto esp", "proto 50"),
        ("proto 132", "proto 132"),
        ("as 65000", "as 65000"),
        ("src as 64512", "src as 64512"),
        ("dst as > 4200000000", "dst as > 4200000000"),
        ("as in [1 2 3]", "as in [1 2 3]"),
        ("in if 3", "in if 3"),
        ("out if 4", "out if 4"),
        ("if 5", "if 5"),
        ("exporter core1", "exporter \"core1\""),
        ("exporter 192.0.2.1", "exporter \"192.0.2.1\""),
        ("exporter 'edge router'", "exporter \"edge router\""),
        ("exporter site paris", "exporter site \"paris\""),
        ("site paris", "site \"paris\""),
        ("src site paris", "src site \"paris\""),
        ("dst site \"new york\"", "dst site \"new york\""),
        ("bytes > 1M", "bytes > 1000000"),
        ("bytes > 1m", "bytes > 1000000"),
        ("bytes >= 2k", "bytes >= 2000"),
        ("bytes < 3G", "bytes < 3000000000"),
        ("bytes > 1T", "bytes > 1000000000000"),
        ("bytes > 0x10", "bytes > 16"),
        ("in bytes > 1k", "bytes > 1000"),
        ("packets < 10", "packets < 10"),
        ("packets != 1", "packets != 1"),
        ("flows 1", "flows 1"),
        ("tos 184", "tos 184"),
        ("dscp 46", "dscp 46"),
        ("dscp > 0", "dscp > 0"),
        ("flags S", "flags 0x2"),
        ("flags SA", "flags 0x12"),
        ("flags =S", "flags =0x2"),
        ("flags X", "flags 0x3f"),
        ("vlan 100", "vlan 100"),
        ("src vlan 100", "vlan 100"),
        ("ipv4", "ipv4"),
        ("ipv6", "ipv6"),
        // Combinators and precedence: not > and > or, left associative.
        ("port 80 and proto tcp", "(port 80 and proto 6)"),
        ("port 80 && proto tcp", "(port 80 and proto 6)"),
        ("port 80 or port 443", "(port 80 or port 443)"),
        ("port 80 || port 443", "(port 80 or port 443)"),
        ("not port 80", "not port 80"),
        ("! port 80", "not port 80"),
        ("!port 80", "not port 80"),
        ("not not port 80", "not not port 80"),
        ("port 1 or port 2 and port 3", "(port 1 or (port 2 and port 3))"),
        ("port 1 and port 2 or port 3", "((port 1 and port 2) or port 3)"),
        ("not port 1 and port 2", "(not port 1 and port 2)"),
        ("not port 1 or port 2", "(not port 1 or port 2)"),
        ("not (port 1 or port 2)", "not (port 1 or port 2)"),
        ("(port 1 or port 2) and port 3", "((port 1 or port 2) and port 3)"),
        ("port 1 and port 2 and port 3", "((port 1 and port 2) and port 3)"),
        ("port 1 or port 2 or port 3", "((port 1 or port 2) or port 3)"),
        ("((port 1))", "port 1"),
        ("any and not any", "(any and not any)"),
        // Keywords are case-insensitive.
        ("SRC IP 10.0.0.1 AND Dst Port 443", "(src ip 10.0.0.1 and dst port 443)"),
        ("NOT Proto TCP Or ANY", "(not proto 6 or any)"),
        ("Net 10.0.0.0/8", "net 10.0.0.0/8"),
    ]

    @Test(arguments: cases)
    func parsesToCanonicalForm(_ text: String, _ expected: String) throws {
        let f = try FlowFilter.parse(text)
        #expect(f.description == expected, "\(text)")
    }

    @Test func fieldsListExactlyTheColumnsRead() throws {
        #expect(try FlowFilter.parse("").fields == [])
        #expect(try FlowFilter.parse("src ip 10.0.0.1").fields == FlowFieldSet([.srcAddress]))
        #expect(try FlowFilter.parse("port 80 and proto tcp").fields == FlowFieldSet([.srcPort, .dstPort, .proto]))
        #expect(try FlowFilter.parse("not dst site x or bytes > 1k").fields == FlowFieldSet([.dstSite, .bytes]))
        #expect(try FlowFilter.parse("exporter 192.0.2.1").fields == FlowFieldSet([.exporter, .exporterName]))
        #expect(try FlowFilter.parse("dscp 46").fields == FlowFieldSet([.tos]))
    }

    @Test func numberSuffixesAreDecimalLikeNfdump() {
        #expect(parseNumber("1k") == 1000)
        #expect(parseNumber("1K") == 1000)
        #expect(parseNumber("5M") == 5_000_000)
        #expect(parseNumber("2g") == 2_000_000_000)
        #expect(parseNumber("0xff") == 255)
        #expect(parseNumber("18446744073709551615") == .max)
        #expect(parseNumber("20000000T") == nil)  // overflows
        #expect(parseNumber("1.5k") == nil)
        #expect(parseNumber("k") == nil)
    }
}
