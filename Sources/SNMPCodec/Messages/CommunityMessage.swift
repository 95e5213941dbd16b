/// An SNMPv1 or SNMPv2c message: version, community string, one PDU (RFC 1157, RFC 1901).
public struct CommunityMessage: Hashable, Sendable {
    /// `.v1` or `.v2c`; encoding a `.v3` here writes version 3 with a community, which no
    /// agent accepts.
    public var version: SNMPVersion
    public var community: [UInt8]
    public var pdu: SNMPPDU

    public init(version: SNMPVersion, community: [UInt8], pdu: SNMPPDU) {
        self.version = version
        self.community = community
        self.pdu = pdu
    }

    public init(version: SNMPVersion, community: String, pdu: SNMPPDU) {
        self.init(version: version, community: Array(community.utf8), pdu: pdu)
    }

    /// Decodes one datagram. Trailing bytes after the message are an error: over UDP one
    /// datagram is one message. A v1 message carrying a v2-only PDU (GetBulk, Inform,
    /// SNMPv2-Trap, Report) and a v2c one carrying a v1 Trap are `unexpected_tag`.
    public static func decode(_ bytes: [UInt8]) throws(SNMPDecodeError) -> CommunityMessage {
        var top = BERReader(bytes)
        var message = try top.enter(.sequence, "message")
        try top.finish("message")
        let rawVersion = try message.readInt32("msgVersion")
        guard let version = SNMPVersion(rawValue: rawVersion), version != .v3 else {
            throw SNMPDecodeError(.badVersion, "version \(rawVersion) in a community message")
        }
        let community = try message.readOctetString("community")
        let pduStart = message.position
        let pdu = try SNMPPDU.read(from: &message)
        try message.finish("message")
        let allowed = version == .v1 ? pdu.type.isAllowedInV1 : pdu.type != .trapV1
        guard allowed else {
            throw SNMPDecodeError(.unexpectedTag, "\(pdu.type) PDU in an SNMP\(version) message at offset \(pduStart)")
        }
        return CommunityMessage(version: version, community: community, pdu: pdu)
    }

    public func encode() -> [UInt8] {
        var writer = BERWriter()
        writer.writeSequence { w in
            w.writeInteger(version.rawValue)
            w.writeOctetString(community)
            pdu.write(to: &w)
        }
        return writer.bytes
    }
}
