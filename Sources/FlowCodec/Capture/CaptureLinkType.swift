/// Maps a LINKTYPE_ value from a pcap or pcapng header to the framing the parser knows.
enum CaptureLinkType {
    /// nil for link types the reader does not parse (802.11, PPP, ...).
    static func link(_ linkType: UInt32) -> PacketHeaderParser.Link? {
        switch linkType {
        case 0: .bsdNull  // LINKTYPE_NULL
        case 1: .ethernet  // LINKTYPE_ETHERNET (Linux `lo` captures too)
        case 12, 14, 101: .rawIP  // LINKTYPE_RAW, and the DLT_RAW values some writers leak
        case 108: .bsdLoop  // LINKTYPE_LOOP
        case 113: .linuxSLL  // LINKTYPE_LINUX_SLL (`tcpdump -i any`)
        case 228: .ipv4  // LINKTYPE_IPV4
        case 229: .ipv6  // LINKTYPE_IPV6
        case 276: .linuxSLL2  // LINKTYPE_LINUX_SLL2
        default: nil
        }
    }
}
