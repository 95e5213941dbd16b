/// The fixed 12-byte header (RFC 1035 4.1.1), flags unpacked.
public struct DNSHeader: Sendable, Equatable {
    public var id: UInt16
    public var isResponse: Bool
    public var opcode: UInt8
    public var authoritative: Bool
    /// TC: the answer did not fit (UDP's 512 bytes without EDNS); ask again over TCP.
    public var truncated: Bool
    public var recursionDesired: Bool
    public var recursionAvailable: Bool
    public var authenticData: Bool
    public var checkingDisabled: Bool
    /// The header's 4-bit RCODE (the OPT record may extend it; see `DNSMessage.rcode`).
    public var rcode: UInt8
    public var questionCount: UInt16
    public var answerCount: UInt16
    public var authorityCount: UInt16
    public var additionalCount: UInt16

    public init(
        id: UInt16, isResponse: Bool = false, opcode: UInt8 = 0, authoritative: Bool = false, truncated: Bool = false,
        recursionDesired: Bool = true, recursionAvailable: Bool = false, authenticData: Bool = false,
        checkingDisabled: Bool = false, rcode: UInt8 = 0, questionCount: UInt16 = 0, answerCount: UInt16 = 0,
        authorityCount: UInt16 = 0, additionalCount: UInt16 = 0
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode
        self.authoritative = authoritative
        self.truncated = truncated
        self.recursionDesired = recursionDesired
        self.recursionAvailable = recursionAvailable
        self.authenticData = authenticData
        self.checkingDisabled = checkingDisabled
        self.rcode = rcode
        self.questionCount = questionCount
        self.answerCount = answerCount
        self.authorityCount = authorityCount
        self.additionalCount = additionalCount
    }

    /// The second 16-bit word: QR, Opcode, AA, TC, RD, RA, Z, AD, CD, RCODE.
    var flags: UInt16 {
        var f = UInt16(opcode & 0x0F) << 11 | UInt16(rcode & 0x0F)
        if isResponse { f |= 0x8000 }
        if authoritative { f |= 0x0400 }
        if truncated { f |= 0x0200 }
        if recursionDesired { f |= 0x0100 }
        if recursionAvailable { f |= 0x0080 }
        if authenticData { f |= 0x0020 }
        if checkingDisabled { f |= 0x0010 }
        return f
    }

    /// The header alone: for a truncated UDP answer whose body was cut mid-record, where
    /// the TC bit is all that is needed to ask again over TCP.
    public init(decoding bytes: [UInt8]) throws(DNSDecodeError) {
        var reader = DNSMessageReader(bytes)
        try self.init(reading: &reader)
    }

    init(reading reader: inout DNSMessageReader) throws(DNSDecodeError) {
        id = try reader.u16()
        let f = try reader.u16()
        isResponse = f & 0x8000 != 0
        opcode = UInt8(f >> 11 & 0x0F)
        authoritative = f & 0x0400 != 0
        truncated = f & 0x0200 != 0
        recursionDesired = f & 0x0100 != 0
        recursionAvailable = f & 0x0080 != 0
        authenticData = f & 0x0020 != 0
        checkingDisabled = f & 0x0010 != 0
        rcode = UInt8(f & 0x0F)
        questionCount = try reader.u16()
        answerCount = try reader.u16()
        authorityCount = try reader.u16()
        additionalCount = try reader.u16()
    }

    func encode(into out: inout [UInt8]) {
        for word in [id, flags, questionCount, answerCount, authorityCount, additionalCount] {
            out.append(UInt8(word >> 8))
            out.append(UInt8(word & 0xFF))
        }
    }
}
