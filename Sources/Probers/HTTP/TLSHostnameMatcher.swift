#if canImport(Glibc)
import Glibc
#endif

/// Whether a certificate names the host a probe asked for, by RFC 6125 rules. Kept apart
/// from X.509 parsing (it takes plain strings and bytes) so every rule is unit-tested:
///
/// - Subject alternative names come first. When the certificate has any, the subject's
///   common name is ignored (RFC 6125 §6.4.4), as browsers do.
/// - A host that is an IP address matches only an iPAddress SAN with the same bytes, never
///   a dNSName (§6.2.1 leaves it to iPAddress).
/// - A dNSName may have a wildcard only as its whole left-most label, which stands for
///   exactly one non-empty label ("*.example.com" matches "a.example.com", not
///   "example.com" nor "a.b.example.com"), and not directly over a public suffix-like
///   single label ("*.com" matches nothing).
/// - Comparison ignores ASCII case and one trailing dot.
public enum TLSHostnameMatcher {
    public static func matches(
        host: String, dnsNames: [String], ipAddresses: [[UInt8]], commonNames: [String]
    ) -> Bool {
        let hasSAN = !dnsNames.isEmpty || !ipAddresses.isEmpty
        if let hostBytes = ipBytes(host) {
            if hasSAN { return ipAddresses.contains(hostBytes) }
            return commonNames.contains { ipBytes($0) == hostBytes }
        }
        let wanted = normalized(host)
        guard !wanted.isEmpty else { return false }
        let candidates = hasSAN ? dnsNames : commonNames
        return candidates.contains { matchesDNS(pattern: normalized($0), host: wanted) }
    }

    /// The address bytes of an IPv4 or IPv6 literal (brackets and zone allowed), else nil.
    public static func ipBytes(_ text: String) -> [UInt8]? {
        var t = Substring(text)
        if t.hasPrefix("[") && t.hasSuffix("]") { t = t.dropFirst().dropLast() }
        if let percent = t.firstIndex(of: "%") { t = t[..<percent] }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(t), &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, String(t), &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    private static func normalized(_ name: String) -> String {
        var n = name.lowercased()
        if n.hasSuffix(".") { n.removeLast() }
        return n
    }

    private static func matchesDNS(pattern: String, host: String) -> Bool {
        guard !pattern.isEmpty else { return false }
        let patternLabels = pattern.split(separator: ".", omittingEmptySubsequences: false)
        let hostLabels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard patternLabels.count == hostLabels.count, !hostLabels.contains(where: \.isEmpty) else { return false }
        guard patternLabels.first == "*" else {
            return !patternLabels.dropFirst().contains { $0.contains("*") } && pattern == host
        }
        // "*" alone, or "*.tld": too broad to honour.
        guard patternLabels.count >= 3 else { return false }
        let rest = patternLabels.dropFirst()
        guard !rest.contains(where: { $0.contains("*") || $0.isEmpty }) else { return false }
        return Array(rest) == Array(hostLabels.dropFirst())
    }
}
