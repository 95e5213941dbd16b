/// Response codes (RFC 1035 4.1.1, RFC 6895) by the names dig prints, so a configured
/// `expectedRcode` and a result read the same way.
public enum DNSRcode {
    static let names: [UInt16: String] = [
        0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP", 5: "REFUSED",
        6: "YXDOMAIN", 7: "YXRRSET", 8: "NXRRSET", 9: "NOTAUTH", 10: "NOTZONE", 16: "BADVERS",
    ]

    /// "NOERROR", "NXDOMAIN", ... or "RCODEn" for a code without a name.
    public static func name(_ code: UInt16) -> String { names[code] ?? "RCODE\(code)" }

    /// The code for a name or "RCODEn" (case-insensitive); nil when it is neither.
    public static func code(_ name: String) -> UInt16? {
        let upper = name.uppercased()
        if let known = names.first(where: { $0.value == upper }) { return known.key }
        guard upper.hasPrefix("RCODE"), let number = UInt16(upper.dropFirst(5)), number < 4096 else { return nil }
        return number
    }
}
