import Testing
@testable import Analytics

/// Bad filters fail with the right reason and the 1-based column of the culprit.
struct FilterSyntaxErrorTests {
    static let cases: [(String, String, Int)] = [
        ("src port abc", "expected a port number, found 'abc'", 10),
        ("src port", "expected a port number", 9),
        ("port 70000", "a port number 70000 is out of range (0-65535)", 6),
        ("src ip 10.0.0.256", "expected an IP address, found '10.0.0.256'", 8),
        ("dst net 10.0.0.0/33", "expected a network prefix such as 10.0.0.0/8, found '10.0.0.0/33'", 9),
        ("net 10.0.0.0 255.0.255.0", "'255.0.255.0' is not a contiguous netmask", 14),
        ("proto foo", "unknown protocol 'foo'", 7),
        ("proto 300", "protocol number 300 is out of range (0-255)", 7),
        ("src foo 1", "expected ip, host, net, port, as or site after 'src'", 5),
        ("frobnicate 1", "unknown filter primitive 'frobnicate'", 1),
        ("port 80 and", "expected a filter expression", 12),
        ("and port 80", "expected a filter expression before 'and'", 1),
        ("(port 80", "missing ')' for '(' at column 1", 9),
        ("port 80)", "unbalanced ')'", 8),
        ("port 80 port 443", "expected 'and', 'or' or end of filter, found 'port'", 9),
        ("()", "expected a filter expression inside '()'", 2),
        ("port in [80 x]", "expected a port number, found 'x'", 13),
        ("port in [80", "expected ']' to close the list", 12),
        ("port in []", "expected a port number", 10),
        ("bytes > lots", "expected a byte count, found 'lots'", 9),
        ("flags SQ", "unknown TCP flag 'Q' in 'SQ' (use F S R P A U E C X)", 7),
        ("site", "expected a site name", 5),
        ("site and", "expected a site name", 6),
        ("in 3", "expected 'if' after 'in'", 4),
        ("out bytes > 1", "'out bytes' needs bidirectional flows; use 'bytes' or 'packets'", 5),
        ("vlan 5000", "a VLAN ID 5000 is out of range (0-4095)", 6),
        ("dscp 64", "a DSCP value 64 is out of range (0-63)", 6),
        ("port 80 & port 81", "expected '&&'", 9),
        ("site 'paris", "unterminated quoted string", 6),
        ("port 80 or or port 81", "expected a filter expression before 'or'", 12),
    ]

    @Test(arguments: cases)
    func reportsReasonAndColumn(_ text: String, _ reason: String, _ column: Int) {
        #expect(throws: FilterSyntaxError(reason: reason, column: column, text: text)) {
            try FlowFilter.parse(text)
        }
    }

    @Test func descriptionShowsColumnAndCaret() {
        let e = FilterSyntaxError(reason: "expected a port number", column: 10, text: "src port abc")
        #expect(e.description == "expected a port number at column 10\nsrc port abc\n         ^")
    }
}
