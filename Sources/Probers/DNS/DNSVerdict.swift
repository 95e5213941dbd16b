import NetsightModel
import ProbeCodec

/// The DNS success rule, pure: the reply's rcode is the expected one and, when answers are
/// expected, every one of them is in the answer section.
enum DNSVerdict {
    static func judge(
        _ message: DNSMessage, options: DNSProbeOptions, server: String, usedTCP: Bool
    ) -> (summary: DNSSummary, failure: ProbeFailure?) {
        let answers = message.answers.map(\.dataText)
        let missing = options.expectedAnswers.filter { expected in !answers.contains { matches(expected, $0) } }
        let recordType = DNSRecordType(mnemonic: options.recordType)?.description ?? options.recordType.uppercased()
        let summary = DNSSummary(
            server: server, recordType: recordType, rcode: message.rcodeName, answers: answers,
            authoritative: message.header.authoritative, usedTCP: usedTCP,
            expectedAnswersFound: options.expectedAnswers.isEmpty ? nil : missing.isEmpty)
        // "RCODE3" and "nxdomain" both mean NXDOMAIN.
        let expectedRcode = DNSRcode.code(options.expectedRcode).map(DNSRcode.name) ?? options.expectedRcode.uppercased()
        if message.rcodeName != expectedRcode {
            return (summary, ProbeFailure(.unexpectedAnswer, "rcode \(message.rcodeName), expected \(expectedRcode)"))
        }
        if !missing.isEmpty {
            let got = answers.isEmpty ? "no answers" : list(answers)
            return (summary, ProbeFailure(.unexpectedAnswer, "expected answer \(list(missing)) not found; got \(got)"))
        }
        return (summary, nil)
    }

    /// The first few items and how many more: a message stays readable when a big
    /// record set is missing.
    static func list(_ items: [String], limit: Int = 3) -> String {
        let shown = items.prefix(limit).joined(separator: ", ")
        return items.count > limit ? "\(shown) and \(items.count - limit) more" : shown
    }

    /// An expected answer matches a received one when the text is the same, with ASCII
    /// case ignored (names are case-insensitive) and a name's trailing dot optional, so
    /// "mail.example" matches dig's "mail.example.".
    static func matches(_ expected: String, _ answer: String) -> Bool {
        let e = expected.lowercased()
        let a = answer.lowercased()
        return e == a || e + "." == a
    }
}
