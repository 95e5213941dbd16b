/// One SMTP server reply (RFC 5321 section 4.2): a three-digit code and one or more lines
/// of text. A multi-line reply is `250-first`, `250-second`, ..., `250 last`; every line
/// carries the same code.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    /// The text of each line, without the code and its separator.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// 2xx and 3xx: the command went through (3xx asks for more: DATA's 354, AUTH's 334).
    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: the server may accept the same command later.
    public var isTransient: Bool { (400..<500).contains(code) }
    /// 5xx: the server will not accept it as it is.
    public var isPermanent: Bool { (500..<600).contains(code) }

    /// "550 5.1.1 no such user": the code and the lines joined by spaces, as an error
    /// message quotes it.
    public var description: String {
        let text = lines.filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? String(code) : "\(code) \(text)"
    }

    /// Why a reply could not be read: the server is not speaking SMTP (or is broken).
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// RFC 5321 4.5.3.1.5 caps a reply line at 512 octets; real servers (long EHLO
    /// banners, verbose 5xx texts) go further, so the limit is generous. It only exists so a
    /// peer that never sends a line end cannot make the client buffer without bound.
    public static let maximumLineLength = 4096
    /// A bound on lines per reply for the same reason; EHLO replies have about a dozen.
    public static let maximumLines = 256

    /// Takes one complete reply off the front of `buffer`.
    ///
    /// - Returns: the reply and how many bytes it used, or nil when the buffer holds only
    ///   part of a reply (read more and call again).
    /// - Throws: `ParseError` for a line that is not `ddd[ -]text`, a code that changes
    ///   inside a multi-line reply, or a line or reply over the limits.
    /// Lines end in CRLF; a bare LF is accepted too, as lenient clients do.
    public static func parse(_ buffer: some Collection<UInt8>) throws(ParseError) -> (reply: SMTPReply, consumed: Int)? {
        var code: Int?
        var lines: [String] = []
        var consumed = 0
        var lineStart = buffer.startIndex
        var index = buffer.startIndex
        var lineLength = 0
        while index != buffer.endIndex {
            let byte = buffer[index]
            let next = buffer.index(after: index)
            consumed += 1
            guard byte == UInt8(ascii: "\n") else {
                lineLength += 1
                if lineLength > maximumLineLength {
                    throw ParseError(description: "SMTP reply line longer than \(maximumLineLength) bytes")
                }
                index = next
                continue
            }
            var line = Array(buffer[lineStart..<index])
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let (lineCode, last, text) = try parseLine(line)
            if let code, code != lineCode {
                throw ParseError(description: "SMTP reply changes its code from \(code) to \(lineCode) mid-reply")
            }
            code = lineCode
            lines.append(text)
            if last { return (SMTPReply(code: lineCode, lines: lines), consumed) }
            if lines.count >= maximumLines {
                throw ParseError(description: "SMTP reply has more than \(maximumLines) lines")
            }
            index = next
            lineStart = next
            lineLength = 0
        }
        return nil
    }

    /// `ddd`, `ddd text` (the last line) or `ddd-text` (more follow).
    private static func parseLine(_ line: [UInt8]) throws(ParseError) -> (code: Int, last: Bool, text: String) {
        let printable = String(decoding: line.prefix(80), as: UTF8.self)
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        // RFC 5321 4.2: the first digit is 2 to 5 (1yz is reserved but was used once).
        guard line.count >= 3, line[0...2].allSatisfy(digits.contains),
            (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(line[0])
        else {
            throw ParseError(description: "not an SMTP reply line: \"\(printable)\"")
        }
        let code = line[0...2].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        if line.count == 3 { return (code, true, "") }
        let separator = line[3]
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw ParseError(description: "not an SMTP reply line: \"\(printable)\"")
        }
        return (code, separator == UInt8(ascii: " "), String(decoding: line[4...], as: UTF8.self))
    }
}

/// What a server says it supports in its EHLO reply (RFC 5321 4.1.1.1: the first line
/// is the greeting, each further line one keyword with optional parameters). Keywords
/// are case-insensitive.
public struct SMTPExtensions: Sendable, Hashable {
    /// RFC 3207.
    public var startTLS: Bool
    /// RFC 4954 mechanism names, upper-cased (`PLAIN`, `LOGIN`, ...); empty when AUTH is
    /// not offered.
    public var authMechanisms: Set<String>
    /// RFC 6152. Not needed for sending (messages here are 7-bit quoted-printable); kept
    /// for completeness of what the server said.
    public var eightBitMIME: Bool
    /// RFC 1870: the largest message the server accepts; nil when SIZE is not offered or
    /// has no number, 0 when the server declares no fixed limit.
    public var sizeLimit: Int?
    /// Every keyword, upper-cased, with its parameters as sent.
    public var keywords: [String: [String]]

    /// None: what a server that only knows HELO supports.
    public init() {
        startTLS = false
        authMechanisms = []
        eightBitMIME = false
        sizeLimit = nil
        keywords = [:]
    }

    /// Reads the keywords of a positive EHLO reply. Old servers wrote `AUTH=LOGIN PLAIN`
    /// (before RFC 4954 was final); that form is read as AUTH too.
    public init(ehlo reply: SMTPReply) {
        self.init()
        for line in reply.lines.dropFirst() {
            var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard !words.isEmpty else { continue }
            var keyword = words.removeFirst().uppercased()
            if keyword.hasPrefix("AUTH=") {
                words.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            keywords[keyword, default: []] += words
            switch keyword {
            case "STARTTLS": startTLS = true
            case "AUTH": authMechanisms.formUnion(words.map { $0.uppercased() })
            case "8BITMIME": eightBitMIME = true
            case "SIZE": sizeLimit = words.first.flatMap { Int($0) }
            default: break
            }
        }
    }
}
