/// Record data in dig's presentation format, so configured expected answers can be
/// written as the operator sees them in `dig +short`.
enum DNSRecordData {
    /// The text of the `length` data bytes at `start` of `message`. Names inside may point
    /// anywhere earlier in the message; fixed fields must fill the data exactly.
    static func text(type: DNSRecordType, message: [UInt8], start: Int, length: Int) throws(DNSDecodeError) -> String {
        var r = DNSMessageReader(message, offset: start, limit: start + length)
        let text: String
        switch type {
        case .a:
            guard length == 4 else { throw bad(type, start, "\(length) bytes, A needs 4") }
            text = try r.take(4).map(String.init).joined(separator: ".")
        case .aaaa:
            guard length == 16 else { throw bad(type, start, "\(length) bytes, AAAA needs 16") }
            text = ipv6Text(Array(try r.take(16)))
        case .ns, .cname, .ptr, DNSRecordType(rawValue: 39):
            text = DNSName.text(try r.name())
        case .mx:
            let preference = try r.u16()
            text = "\(preference) \(DNSName.text(try r.name()))"
        case .txt, DNSRecordType(rawValue: 99):
            var strings: [String] = []
            while r.remaining > 0 {
                let count = Int(try r.u8())
                strings.append(quoted(try r.take(count)))
            }
            text = strings.isEmpty ? "\"\"" : strings.joined(separator: " ")
        case .soa:
            let primary = DNSName.text(try r.name())
            let mailbox = DNSName.text(try r.name())
            var numbers: [String] = []
            for _ in 0..<5 { numbers.append(String(try r.u32())) }
            text = ([primary, mailbox] + numbers).joined(separator: " ")
        case .srv:
            let priority = try r.u16()
            let weight = try r.u16()
            let port = try r.u16()
            text = "\(priority) \(weight) \(port) \(DNSName.text(try r.name()))"
        case .caa:
            let flags = try r.u8()
            let tagLength = Int(try r.u8())
            let tag = String(decoding: try r.take(tagLength), as: UTF8.self)
            text = "\(flags) \(tag) \(quoted(try r.take(r.remaining)))"
        default:
            return generic(message[start..<start + length])
        }
        guard r.remaining == 0 else { throw bad(type, start, "\(r.remaining) bytes left over") }
        return text
    }

    private static func bad(_ type: DNSRecordType, _ offset: Int, _ reason: String) -> DNSDecodeError {
        .badRecordData(type: type.description, offset: offset, reason: reason)
    }

    /// RFC 3597 5: `\# 4 c0000201`.
    static func generic(_ data: ArraySlice<UInt8>) -> String {
        let hexDigits = Array("0123456789abcdef")
        var hex = ""
        for byte in data {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return data.isEmpty ? "\\# 0" : "\\# \(data.count) \(hex)"
    }

    /// A character-string in quotes: `"` and `\` escaped, unprintable bytes as `\DDD`.
    static func quoted(_ bytes: ArraySlice<UInt8>) -> String {
        var out = "\""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += "\\" + String(UnicodeScalar(byte))
            case 0x20...0x7E: out += String(UnicodeScalar(byte))
            default: out += DNSName.decimalEscape(byte)
            }
        }
        return out + "\""
    }

    /// RFC 5952 text: lowercase, no leading zeros, the longest run of two or more zero
    /// groups (the first on a tie) as "::", and IPv4-mapped addresses with a dotted tail.
    static func ipv6Text(_ b: [UInt8]) -> String {
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF {
            return "::ffff:" + b[12..<16].map(String.init).joined(separator: ".")
        }
        let groups = (0..<8).map { UInt16(b[2 * $0]) << 8 | UInt16(b[2 * $0 + 1]) }
        var bestStart = -1
        var bestLength = 0
        var i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8 && groups[j] == 0 { j += 1 }
                if j - i > bestLength && j - i >= 2 {
                    bestStart = i
                    bestLength = j - i
                }
                i = j
            } else {
                i += 1
            }
        }
        func hex(_ range: Range<Int>) -> String { range.map { String(groups[$0], radix: 16) }.joined(separator: ":") }
        guard bestStart >= 0 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}
