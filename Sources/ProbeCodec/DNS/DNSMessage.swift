/// A decoded DNS message (RFC 1035 4.1). Decoding reads every section and every record's
/// data, so a message that decodes can be printed in full and one that does not fails
/// here, once, with a typed error.
public struct DNSMessage: Sendable, Equatable {
    public var header: DNSHeader
    public var questions: [DNSQuestion]
    public var answers: [DNSResourceRecord]
    public var authority: [DNSResourceRecord]
    /// Includes the EDNS OPT pseudo-record when there is one.
    public var additional: [DNSResourceRecord]

    public init(
        header: DNSHeader, questions: [DNSQuestion], answers: [DNSResourceRecord] = [],
        authority: [DNSResourceRecord] = [], additional: [DNSResourceRecord] = []
    ) {
        self.header = header
        self.questions = questions
        self.answers = answers
        self.authority = authority
        self.additional = additional
    }

    /// Decodes `bytes`; bytes after the last record are ignored (some middleboxes pad).
    public init(decoding bytes: [UInt8]) throws(DNSDecodeError) {
        var reader = DNSMessageReader(bytes)
        header = try DNSHeader(reading: &reader)
        questions = []
        for _ in 0..<header.questionCount {
            let labels = try reader.name()
            let type = DNSRecordType(rawValue: try reader.u16())
            let recordClass = try reader.u16()
            questions.append(DNSQuestion(labels: labels, type: type, recordClass: recordClass))
        }
        func records(_ count: UInt16) throws(DNSDecodeError) -> [DNSResourceRecord] {
            var list: [DNSResourceRecord] = []
            for _ in 0..<count { list.append(try DNSResourceRecord(reading: &reader)) }
            return list
        }
        answers = try records(header.answerCount)
        authority = try records(header.authorityCount)
        additional = try records(header.additionalCount)
    }

    /// The full response code: the header's 4 bits, extended by the OPT record's upper 8
    /// bits (RFC 6891 6.1.3) when the message has one.
    public var rcode: UInt16 {
        var code = UInt16(header.rcode)
        if let opt = additional.first(where: { $0.type == .opt }) {
            code |= UInt16(opt.ttl >> 24) << 4
        }
        return code
    }

    /// "NOERROR", "NXDOMAIN", ... or "RCODEn".
    public var rcodeName: String { DNSRcode.name(rcode) }
}
