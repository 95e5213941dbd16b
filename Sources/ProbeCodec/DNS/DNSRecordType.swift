/// A resource record type (RFC 1035 3.2.2 and later registrations), spelled as dig and
/// zone files spell it: a mnemonic for the types people ask for, "TYPEnnn" (RFC 3597 5)
/// for every other, so any number can be asked for and printed back unchanged.
public struct DNSRecordType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let a = DNSRecordType(rawValue: 1)
    public static let ns = DNSRecordType(rawValue: 2)
    public static let cname = DNSRecordType(rawValue: 5)
    public static let soa = DNSRecordType(rawValue: 6)
    public static let ptr = DNSRecordType(rawValue: 12)
    public static let mx = DNSRecordType(rawValue: 15)
    public static let txt = DNSRecordType(rawValue: 16)
    public static let aaaa = DNSRecordType(rawValue: 28)
    public static let srv = DNSRecordType(rawValue: 33)
    public static let opt = DNSRecordType(rawValue: 41)
    public static let caa = DNSRecordType(rawValue: 257)

    /// The mnemonics this codec knows; types without one print as "TYPEnnn".
    static let mnemonics: [UInt16: String] = [
        1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 13: "HINFO", 15: "MX", 16: "TXT", 28: "AAAA",
        33: "SRV", 35: "NAPTR", 39: "DNAME", 41: "OPT", 43: "DS", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY",
        52: "TLSA", 64: "SVCB", 65: "HTTPS", 99: "SPF", 255: "ANY", 257: "CAA",
    ]

    /// Parses "A", "aaaa", "TYPE65" (case-insensitive); nil for an unknown mnemonic or a
    /// number outside 0...65535.
    public init?(mnemonic text: String) {
        let upper = text.uppercased()
        if let known = Self.mnemonics.first(where: { $0.value == upper }) {
            self.init(rawValue: known.key)
            return
        }
        guard upper.hasPrefix("TYPE"), let number = UInt16(upper.dropFirst(4)) else { return nil }
        self.init(rawValue: number)
    }

    public var description: String { Self.mnemonics[rawValue] ?? "TYPE\(rawValue)" }
}
