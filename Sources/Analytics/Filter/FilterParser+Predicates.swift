import NetsightModel

/// The primitives: each consumes its keyword(s) and arguments and returns a checked predicate.
extension FilterParser {
    mutating func parsePredicate() throws(FilterSyntaxError) -> FilterPredicate {
        let start = current
        guard let kw = keyword else { throw error("expected a filter expression") }
        advance()
        switch kw {
        case "src", "dst":
            return try parseSided(kw == "src" ? .src : .dst, after: kw)
        case "ip", "host", "net", "port", "as", "site":
            pos -= 1
            return try parseSided(.either, after: nil)
        case "in", "out":
            let side: FilterSide = kw == "in" ? .src : .dst
            if accept("if") { return .interface(side, try parseComparison("an interface index", max: UInt64(UInt32.max))) }
            if kw == "in" && accept("bytes") { return .bytes(try parseComparison("a byte count", max: .max)) }
            if kw == "in" && accept("packets") { return .packets(try parseComparison("a packet count", max: .max)) }
            if kw == "out" && (keyword == "bytes" || keyword == "packets") {
                throw error("'out \(keyword!)' needs bidirectional flows; use 'bytes' or 'packets'")
            }
            throw error("expected 'if' after '\(kw)'")
        case "if":
            return .interface(.either, try parseComparison("an interface index", max: UInt64(UInt32.max)))
        case "proto":
            return .proto(try parseProtocol())
        case "exporter":
            if accept("site") { return .exporterSite(try parseName("an exporter site name")) }
            let name = try parseName("an exporter name or address")
            return .exporter(name: name, address: IPAddress(name))
        case "bytes": return .bytes(try parseComparison("a byte count", max: .max))
        case "packets": return .packets(try parseComparison("a packet count", max: .max))
        case "flows": return .flows(try parseComparison("a flow count", max: .max))
        case "tos": return .tos(try parseComparison("a TOS value", max: 255))
        case "dscp": return .dscp(try parseComparison("a DSCP value", max: 63))
        case "vlan": return .vlan(try parseComparison("a VLAN ID", max: 4095))
        case "flags": return try parseFlags()
        case "ipv4", "inet": return .ipv4
        case "ipv6", "inet6": return .ipv6
        case "and", "or":
            throw error("expected a filter expression before '\(kw)'", at: start)
        default:
            throw error("unknown filter primitive '\(wordText(start))'", at: start)
        }
    }

    private func wordText(_ t: FilterToken) -> String {
        if case .word(let w) = t.kind { return w }
        return t.display
    }

    /// After `src`/`dst` (or bare): `ip`/`host`/`net`/`port`/`as`/`site`/`vlan`.
    private mutating func parseSided(_ side: FilterSide, after: String?) throws(FilterSyntaxError) -> FilterPredicate {
        guard let kw = keyword else {
            throw error("expected ip, host, net, port, as or site after '\(after ?? "")'")
        }
        switch kw {
        case "ip", "host":
            advance()
            if accept("in") { return .prefixList(side, try parseList("an IP address or prefix") { IPPrefix($0) }) }
            let t = current
            guard let w = valueWord() else { throw error("expected an IP address") }
            if w.contains("/") {
                guard let p = IPPrefix(w) else { throw error("expected an IP address or prefix, found '\(w)'", at: t) }
                return .prefix(side, p)
            }
            guard let a = IPAddress(w) else { throw error("expected an IP address, found '\(w)'", at: t) }
            return .address(side, a)
        case "net":
            advance()
            return .prefix(side, try parseNet())
        case "port":
            advance()
            if accept("in") {
                return .portList(side, try parseList("a port number") { w in parseNumber(w).flatMap { $0 <= 65535 ? UInt16($0) : nil } })
            }
            let c = try parseComparison("a port number", max: 65535)
            return .port(side, c)
        case "as":
            advance()
            if accept("in") {
                return .asnList(side, try parseList("an AS number") { w in parseNumber(w).flatMap { $0 <= UInt64(UInt32.max) ? UInt32($0) : nil } })
            }
            return .asn(side, try parseComparison("an AS number", max: UInt64(UInt32.max)))
        case "site":
            advance()
            return .site(side, try parseName("a site name"))
        case "vlan" where side != .either:
            // One VLAN column: `src vlan` and `dst vlan` both test it, as with single-tag exporters.
            advance()
            return .vlan(try parseComparison("a VLAN ID", max: 4095))
        default:
            throw error("expected ip, host, net, port, as or site after '\(after ?? "")'")
        }
    }

    /// The current bare word, consumed; nil (not consumed) for anything else.
    private mutating func valueWord() -> String? {
        if case .word(let w) = current.kind {
            advance()
            return w
        }
        return nil
    }

    /// `10.0.0.0/8`, `2001:db8::/32`, `10.0.0.0 255.0.0.0`, or a bare address (host prefix).
    private mutating func parseNet() throws(FilterSyntaxError) -> IPPrefix {
        let t = current
        guard let w = valueWord() else { throw error("expected a network prefix such as 10.0.0.0/8") }
        if w.contains("/") {
            guard let p = IPPrefix(w) else { throw error("expected a network prefix such as 10.0.0.0/8, found '\(w)'", at: t) }
            return p
        }
        guard let a = IPAddress(w) else { throw error("expected a network prefix such as 10.0.0.0/8, found '\(w)'", at: t) }
        if a.isIPv4, case .word(let m) = current.kind, m.contains("."), let mask = IPAddress(m)?.ipv4Value {
            let mt = current
            let len = mask.nonzeroBitCount
            guard mask == (len == 0 ? 0 : UInt32.max << UInt32(32 - len)) else {
                throw error("'\(m)' is not a contiguous netmask", at: mt)
            }
            advance()
            return IPPrefix(network: a, length: len)!
        }
        return IPPrefix(network: a, length: a.isIPv4 ? 32 : 128)!
    }

    /// An optional operator (`= == != < <= > >=` or `eq ne lt le gt ge`) and a number.
    mutating func parseComparison(_ what: String, max: UInt64) throws(FilterSyntaxError) -> FilterComparison {
        var op = FilterComparison.Operator.equal
        if case .comparison(let o) = current.kind {
            op = o
            advance()
        } else if let kw = keyword {
            let words: [String: FilterComparison.Operator] = [
                "eq": .equal, "ne": .notEqual, "lt": .less, "le": .lessOrEqual, "gt": .greater, "ge": .greaterOrEqual,
            ]
            if let o = words[kw] { op = o; advance() }
        }
        let t = current
        guard case .word(let w) = t.kind else { throw error("expected \(what)") }
        guard let v = parseNumber(w) else { throw error("expected \(what), found '\(w)'") }
        guard v <= max else { throw error("\(what) \(v) is out of range (0-\(max))") }
        advance()
        return FilterComparison(op, v)
    }

    private mutating func parseProtocol() throws(FilterSyntaxError) -> UInt8 {
        guard case .word(let w) = current.kind else { throw error("expected a protocol name or number") }
        if let v = parseNumber(w) {
            guard v <= 255 else { throw error("protocol number \(v) is out of range (0-255)") }
            advance()
            return UInt8(v)
        }
        guard let n = IPProtocolName.number(w) else { throw error("unknown protocol '\(w)'") }
        advance()
        return n
    }

    /// A bare or quoted name. `and`/`or`/`not` are refused unquoted, so `site and` reads as
    /// a missing name rather than a site called "and".
    private mutating func parseName(_ what: String) throws(FilterSyntaxError) -> String {
        switch current.kind {
        case .quoted(let q):
            advance()
            return q
        case .word(let w) where !["and", "or", "not"].contains(w.lowercased()):
            advance()
            return w
        default:
            throw error("expected \(what)")
        }
    }

    /// `S`, `SA`, `=SA` (exactly these), `X` (all six classic flags), or a number.
    private mutating func parseFlags() throws(FilterSyntaxError) -> FilterPredicate {
        var exact = false
        if case .comparison(.equal) = current.kind { exact = true; advance() }
        guard case .word(let w) = current.kind else { throw error("expected TCP flags such as SA") }
        if let v = parseNumber(w) {
            guard v <= 255 else { throw error("TCP flags \(v) are out of range (0-255)") }
            advance()
            return .tcpFlags(mask: UInt8(v), exact: exact)
        }
        var mask: UInt8 = 0
        for c in w.uppercased() {
            switch c {
            case "F": mask |= 0x01
            case "S": mask |= 0x02
            case "R": mask |= 0x04
            case "P": mask |= 0x08
            case "A": mask |= 0x10
            case "U": mask |= 0x20
            case "E": mask |= 0x40
            case "C": mask |= 0x80
            case "X": mask |= 0x3f
            default: throw error("unknown TCP flag '\(c)' in '\(w)' (use F S R P A U E C X)")
            }
        }
        advance()
        return .tcpFlags(mask: mask, exact: exact)
    }

    /// `[a b, c]`: words separated by spaces or commas, at least one.
    private mutating func parseList<T>(_ what: String, _ convert: (String) -> T?) throws(FilterSyntaxError) -> [T] {
        guard case .leftBracket = current.kind else { throw error("expected '[' to start a list of \(what)s") }
        advance()
        var out: [T] = []
        while true {
            switch current.kind {
            case .comma:
                advance()
            case .rightBracket:
                guard !out.isEmpty else { throw error("expected \(what)") }
                advance()
                return out
            case .word(let w):
                guard let v = convert(w) else { throw error("expected \(what), found '\(w)'") }
                out.append(v)
                advance()
            case .end:
                throw error("expected ']' to close the list")
            default:
                throw error("expected \(what), found \(current.display)")
            }
        }
    }
}

/// Decimal, `0x` hex, or decimal with nfdump's decimal factors `k` `M` `G` `T` (1k = 1000,
/// as in nfdump's scanner; case-insensitive). Nil on anything else or on overflow.
func parseNumber(_ w: String) -> UInt64? {
    let lower = w.lowercased()
    if lower.hasPrefix("0x") {
        let digits = lower.dropFirst(2)
        guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else { return nil }
        return UInt64(digits, radix: 16)
    }
    var digits = Substring(lower)
    var factor: UInt64 = 1
    if let last = lower.last {
        switch last {
        case "k": factor = 1_000
        case "m": factor = 1_000_000
        case "g": factor = 1_000_000_000
        case "t": factor = 1_000_000_000_000
        default: break
        }
        if factor != 1 { digits = digits.dropLast() }
    }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = UInt64(digits) else { return nil }
    let (v, overflow) = n.multipliedReportingOverflow(by: factor)
    return overflow ? nil : v
}
