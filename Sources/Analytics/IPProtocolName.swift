/// Names of IP protocol numbers, spelled the way nfdump prints them.
///
/// Top-N output is compared line by line with `nfdump -s proto`, so the spelling (and the
/// odd entries that nfdump prints as numbers: 0, 99, 128, 134) follows nfdump's own table
/// rather than IANA's keywords; numbers past 137 print as plain numbers, as there.
public enum IPProtocolName {
    // Index = protocol number. Entries that are digits are printed as numbers by nfdump too.
    private static let names: [String] = [
        "0", "ICMP", "IGMP", "GGP", "IPIP", "ST", "TCP", "CBT", "EGP", "IGP",
        "BBN", "NVPII", "PUP", "ARGUS", "ENCOM", "XNET", "CHAOS", "UDP", "MUX", "DCN",
        "HMP", "PRM", "XNS", "Trnk1", "Trnk2", "Leaf1", "Leaf2", "RDP", "IRTP", "ISO-4",
        "NETBK", "MFESP", "MEINP", "DCCP", "3PC", "IDPR", "XTP", "DDP", "IDPR", "TP++",
        "IL", "IPv6", "SDRP", "Rte6", "Frag6", "IDRP", "RSVP", "GRE", "MHRP", "BNA",
        "ESP", "AH", "INLSP", "SWIPE", "NARP", "MOBIL", "TLSP", "SKIP", "ICMP6", "NOHE6",
        "OPTS6", "HOST", "CFTP", "NET", "SATNT", "KLAN", "RVD", "IPPC", "FS", "SATM",
        "VISA", "IPCV", "CPNX", "CPHB", "WSN", "PVP", "BSATM", "SUNND", "WBMON", "WBEXP",
        "ISOIP", "VMTP", "SVMTP", "VINES", "TTP", "NSIGP", "DGP", "TCF", "EIGRP", "OSPF",
        "S-RPC", "LARP", "MTP", "AX.25", "OS", "MICP", "SCCSP", "ETHIP", "ENCAP", "99",
        "GMTP", "IFMP", "PNNI", "PIM", "ARIS", "SCPS", "QNX", "A/N", "IPcmp", "SNP",
        "CpqPP", "IPXIP", "VRRP", "PGM", "0hop", "L2TP", "DDX", "IATP", "STP", "SRP",
        "UTI", "SMP", "SM", "PTP", "ISIS4", "FIRE", "CRTP", "CRUDP", "128", "IPLT",
        "SPS", "PIPE", "SCTP", "FC", "134", "MHEAD", "UDP-L", "MPLS",
    ]

    /// The display name of a protocol number ("TCP", "ICMP6", "200").
    public static func name(_ number: UInt8) -> String {
        Int(number) < names.count ? names[Int(number)] : String(number)
    }

    /// The number for a name typed in a filter, case-insensitively; also accepts the IANA
    /// spellings people type for ICMPv6 (`icmpv6`, `ipv6-icmp`).
    public static func number(_ name: String) -> UInt8? {
        let lower = name.lowercased()
        switch lower {
        case "icmpv6", "ipv6-icmp": return 58
        default: break
        }
        for (i, n) in names.enumerated() where n.lowercased() == lower && !n.allSatisfy(\.isNumber) {
            return UInt8(i)
        }
        return nil
    }
}
