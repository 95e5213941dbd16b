import NetsightModel
import ProbeCodec

/// Decides what one received message means for the query in flight. Pure, so the rules
/// that keep a spoofed or stray reply from being taken as the answer are unit-tested:
/// a reply must carry the query's ID and repeat its question (RFC 5452 9.1).
enum DNSReplyCheck: Equatable {
    /// The answer to this query.
    case answer(DNSMessage)
    /// Not ours (another ID, another question): keep waiting, but report it if nothing
    /// better comes before the timeout.
    case ignored(ProbeFailure)
    /// Ours and broken: the run's answer is this failure.
    case broken(ProbeFailure)

    /// - Parameter overUDP: a UDP answer with TC set counts even when its body does not
    ///   decode (a server may cut it mid-record): only the flag matters, the query is
    ///   asked again over TCP.
    static func check(_ bytes: [UInt8], id: UInt16, question: DNSQuestion, overUDP: Bool = false) -> DNSReplyCheck {
        guard bytes.count >= 2 else {
            return .ignored(ProbeFailure(.badReply, "bad reply: \(bytes.count)-byte message"))
        }
        let replyID = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        guard replyID == id else {
            return .ignored(ProbeFailure(.badReply, "bad reply: reply ID \(replyID) does not match query \(id)"))
        }
        let message: DNSMessage
        do {
            message = try DNSMessage(decoding: bytes)
        } catch {
            if overUDP, let header = try? DNSHeader(decoding: bytes), header.isResponse, header.truncated {
                return .answer(DNSMessage(header: header, questions: []))
            }
            return .broken(ProbeFailure(.badReply, "bad reply: \(error)"))
        }
        guard message.header.isResponse else {
            return .ignored(ProbeFailure(.badReply, "bad reply: message with ID \(id) is a query, not a response"))
        }
        // A server may leave the question out of some errors (FORMERR, NOTIMP); any
        // question it does repeat must be ours.
        if let echoed = message.questions.first {
            guard message.questions.count == 1, echoed.matches(question) else {
                let got = message.questions.map(\.description).joined(separator: ", ")
                return .ignored(
                    ProbeFailure(.badReply, "bad reply: question \(got) does not match query \(question.description)"))
            }
        } else if message.rcode == 0 {
            return .ignored(ProbeFailure(.badReply, "bad reply: NOERROR reply without the question"))
        }
        return .answer(message)
    }
}
