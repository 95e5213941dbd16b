extension SNMPv3Message {
    /// Decodes one datagram without checking the HMAC or decrypting.
    ///
    /// Rejected: a version other than 3 (`bad_version`), a security model other than USM
    /// (`unsupported_security_model`), msgFlags that are not one octet or say encrypted
    /// without authenticated (`bad_value`, RFC 3412 7.2 step 5), a payload that is not
    /// what msgFlags say (`unexpected_tag`), and trailing bytes.
    public static func decode(_ bytes: [UInt8]) throws(SNMPDecodeError) -> SNMPv3Message {
        try decodeLocatingAuthentication(bytes).message
    }

    /// Decodes and also returns where msgAuthenticationParameters' contents sit in
    /// `bytes`, which HMAC verification zeroes.
    static func decodeLocatingAuthentication(
        _ bytes: [UInt8]
    ) throws(SNMPDecodeError) -> (message: SNMPv3Message, authentication: Range<Int>) {
        var top = BERReader(bytes)
        var message = try top.enter(.sequence, "message")
        try top.finish("message")
        let version = try message.readInt32("msgVersion")
        guard version == SNMPVersion.v3.rawValue else {
            throw SNMPDecodeError(.badVersion, "version \(version) in an SNMPv3 message")
        }
        var global = try message.enter(.sequence, "msgGlobalData")
        let messageID = try global.readInt32("msgID")
        let maxSize = try global.readInt32("msgMaxSize")
        let flagsRange = try global.read(.octetString, "msgFlags")
        guard flagsRange.count == 1 else {
            throw SNMPDecodeError(.badValue, "msgFlags of \(flagsRange.count) octets at offset \(flagsRange.lowerBound)")
        }
        let flags = MessageFlags(rawValue: bytes[flagsRange.lowerBound])
        guard !flags.contains(.encrypted) || flags.contains(.authenticated) else {
            throw SNMPDecodeError(.badValue, "msgFlags 0x0\(String(flags.rawValue & 0x0F, radix: 16)): encrypted but not authenticated")
        }
        let model = try global.readInt32("msgSecurityModel")
        try global.finish("msgGlobalData")
        guard model == userSecurityModel else {
            throw SNMPDecodeError(.unsupportedSecurityModel, "msgSecurityModel \(model)")
        }
        let wrapped = try message.read(.octetString, "msgSecurityParameters")
        var wrapper = try message.nested(wrapped, "msgSecurityParameters")
        var usm = try wrapper.enter(.sequence, "UsmSecurityParameters")
        try wrapper.finish("msgSecurityParameters")
        let engineID = try usm.readOctetString("msgAuthoritativeEngineID")
        let boots = try usm.readInt32("msgAuthoritativeEngineBoots")
        let time = try usm.readInt32("msgAuthoritativeEngineTime")
        let userName = try usm.readOctetString("msgUserName")
        let authentication = try usm.read(.octetString, "msgAuthenticationParameters")
        let privacy = try usm.readOctetString("msgPrivacyParameters")
        try usm.finish("UsmSecurityParameters")
        // msgData is an encryptedPDU exactly when msgFlags say encrypted (RFC 3412 6.8).
        let payload: Payload
        if flags.contains(.encrypted) {
            payload = .encrypted(try message.readOctetString("encryptedPDU"))
        } else {
            payload = .plaintext(try ScopedPDU.read(from: &message))
        }
        try message.finish("message")
        let parameters = USMSecurityParameters(
            engineID: engineID, engineBoots: boots, engineTime: time, userName: userName,
            authenticationParameters: Array(bytes[authentication]), privacyParameters: privacy)
        let decoded = SNMPv3Message(
            messageID: messageID, maxSize: maxSize, flags: flags, securityParameters: parameters, scopedPDU: payload)
        return (decoded, authentication)
    }

    /// Encodes the message as it is (whatever authentication parameters it holds).
    public func encode() -> [UInt8] { encodeLocatingAuthentication().bytes }

    /// Encodes and returns where msgAuthenticationParameters' contents landed.
    func encodeLocatingAuthentication() -> (bytes: [UInt8], authentication: Range<Int>) {
        var writer = BERWriter()
        var mark = 0
        let parameters = securityParameters
        writer.writeSequence { w in
            w.writeInteger(SNMPVersion.v3.rawValue)
            w.writeSequence { global in
                global.writeInteger(messageID)
                global.writeInteger(maxSize)
                global.writeOctetString([flags.rawValue])
                global.writeInteger(SNMPv3Message.userSecurityModel)
            }
            // msgSecurityParameters: an OCTET STRING whose contents are a SEQUENCE.
            w.writeConstructed(.octetString) { wrapped in
                wrapped.writeSequence { usm in
                    usm.writeOctetString(parameters.engineID)
                    usm.writeInteger(parameters.engineBoots)
                    usm.writeInteger(parameters.engineTime)
                    usm.writeOctetString(parameters.userName)
                    mark = usm.writeMarked(.octetString, contents: parameters.authenticationParameters)
                    usm.writeOctetString(parameters.privacyParameters)
                }
            }
            switch scopedPDU {
            case .plaintext(let scoped): scoped.write(to: &w)
            case .encrypted(let bytes): w.writeOctetString(bytes)
            }
        }
        let start = writer.position(of: mark)
        return (writer.bytes, start..<(start + parameters.authenticationParameters.count))
    }
}
