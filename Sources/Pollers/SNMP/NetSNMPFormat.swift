import Foundation
import SNMPCodec

/// Prints varbinds exactly as net-snmp's tools do with `-On` and no MIB files loaded
/// (snmplib/mib.c `sprint_realloc_by_type`), so scripts written for net-snmp keep working.
public enum NetSNMPFormat {
    /// `.1.3.6.1.2.1.1.5.0 = STRING: "core-1"`. Long hex strings continue on further
    /// lines, as net-snmp prints them.
    public static func line(_ varBind: VarBind) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        appendLine(varBind, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `line(varBind)`'s UTF-8 bytes (without a newline) to `out`: the walk
    /// commands' output path, which builds no String for the common value types.
    public static func appendLine(_ varBind: VarBind, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "."))
        appendOID(varBind.oid, to: &out)
        append(" = ", to: &out)
        appendValue(varBind.value, to: &out)
    }

    /// Appends `value(value)`'s UTF-8 bytes to `out`.
    public static func appendValue(_ value: SNMPValue, to out: inout [UInt8]) {
        switch value {
        case .integer(let v):
            append("INTEGER: ", to: &out)
            if v < 0 { out.append(UInt8(ascii: "-")) }
            appendDecimal(UInt64(v.magnitude), to: &out)
        case .octetString(let bytes): appendOctetString(bytes, to: &out)
        case .objectIdentifier(let oid):
            append("OID: .", to: &out)
            appendOID(oid, to: &out)
        case .ipAddress(let a):
            append("IpAddress: ", to: &out)
            appendDecimal(UInt64(a >> 24), to: &out)
            out.append(UInt8(ascii: "."))
            appendDecimal(UInt64((a >> 16) & 0xFF), to: &out)
            out.append(UInt8(ascii: "."))
            appendDecimal(UInt64((a >> 8) & 0xFF), to: &out)
            out.append(UInt8(ascii: "."))
            appendDecimal(UInt64(a & 0xFF), to: &out)
        case .counter32(let v):
            append("Counter32: ", to: &out)
            appendDecimal(UInt64(v), to: &out)
        case .gauge32(let v):
            append("Gauge32: ", to: &out)
            appendDecimal(UInt64(v), to: &out)
        case .counter64(let v):
            append("Counter64: ", to: &out)
            appendDecimal(v, to: &out)
        case .timeTicks(let t):
            append("Timeticks: (", to: &out)
            appendDecimal(UInt64(t), to: &out)
            append(") ", to: &out)
            out.append(contentsOf: uptime(t).utf8)
        default:
            out.append(contentsOf: self.value(value).utf8)
        }
    }

    /// Dotted decimal arcs, no leading dot (`OID.description`).
    static func appendOID(_ oid: OID, to out: inout [UInt8]) {
        let arcs = oid.arcs
        guard !arcs.isEmpty else { return }
        // Into a stack buffer (at most 10 digits and a dot an arc), then one copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: arcs.count * 11) { text in
            var end = 0
            for arc in arcs {
                if end > 0 {
                    text[end] = UInt8(ascii: ".")
                    end += 1
                }
                var digits = 1
                var n = arc
                while n >= 10 {
                    n /= 10
                    digits += 1
                }
                n = arc
                var i = end + digits - 1
                while i >= end {
                    text[i] = UInt8(truncatingIfNeeded: n % 10) &+ 48
                    n /= 10
                    i -= 1
                }
                end += digits
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<end]))
        }
    }

    static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(truncatingIfNeeded: value) &+ 48)
            return
        }
        // Digits right to left into a stack buffer, then one copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var i = 20
            var n = value
            repeat {
                i -= 1
                digits[i] = UInt8(truncatingIfNeeded: n % 10) &+ 48
                n /= 10
            } while n > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i...]))
        }
    }

    static func append(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    static func appendOctetString(_ bytes: [UInt8], to out: inout [UInt8]) {
        if bytes.isEmpty {
            append("\"\"", to: &out)
            return
        }
        if bytes.contains(where: { !isPrintable($0) && !isSpace($0) }) {
            append("Hex-STRING: ", to: &out)
            appendHex(bytes, to: &out)
            return
        }
        append("STRING: \"", to: &out)
        for byte in bytes {
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendHex(_ bytes: [UInt8], to out: inout [UInt8]) {
        for (i, byte) in bytes.enumerated() {
            if i > 0 && i % 16 == 0 { out.append(UInt8(ascii: "\n")) }
            out.append(hexDigit(byte >> 4))
            out.append(hexDigit(byte & 0x0F))
            out.append(UInt8(ascii: " "))
        }
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? v &+ 48 : v &+ 55 }

    /// The value part of a line.
    public static func value(_ value: SNMPValue) -> String {
        switch value {
        case .integer(let v): "INTEGER: \(v)"
        case .octetString(let bytes): octetString(bytes)
        case .null: "NULL"
        case .objectIdentifier(let oid): "OID: .\(oid)"
        case .ipAddress(let a): "IpAddress: \(a >> 24).\((a >> 16) & 0xFF).\((a >> 8) & 0xFF).\(a & 0xFF)"
        case .counter32(let v): "Counter32: \(v)"
        case .gauge32(let v): "Gauge32: \(v)"
        case .timeTicks(let t): "Timeticks: (\(t)) \(uptime(t))"
        case .opaque(let bytes): opaque(bytes)
        case .counter64(let v): "Counter64: \(v)"
        case .noSuchObject: "No Such Object available on this agent at this OID"
        case .noSuchInstance: "No Such Instance currently exists at this OID"
        case .endOfMibView: "No more variables left in this MIB View (It is past the end of the MIB tree)"
        case .other(let tag, let contents):
            // NsapAddress (0x45) has its own label; anything else is a bad type to net-snmp.
            tag == 0x45 ? "NsapAddress: " + hex(contents) : "Variable has bad type"
        }
    }

    /// An Opaque value. net-snmp decodes the UCD-SNMP special types wrapped in one
    /// (snmplib/asn1.c `asn_parse_float`/`asn_parse_double`: tag 0x9F78 with 4 octets of
    /// IEEE float, 0x9F79 with 8 of double) and prints them with `%f`
    /// (`sprint_realloc_float`/`_double`); any other Opaque is hex.
    public static func opaque(_ bytes: [UInt8]) -> String {
        if bytes.count == 7, bytes[0] == 0x9F, bytes[1] == 0x78, bytes[2] == 4 {
            let bits = bytes[3...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return "Opaque: Float: " + String(format: "%f", Double(Float(bitPattern: bits)))
        }
        if bytes.count == 11, bytes[0] == 0x9F, bytes[1] == 0x79, bytes[2] == 8 {
            let bits = bytes[3...].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return "Opaque: Double: " + String(format: "%f", Double(bitPattern: bits))
        }
        return "OPAQUE: " + hex(bytes)
    }

    /// net-snmp's guess (NETSNMP_STRING_OUTPUT_GUESS): hex when any octet is neither
    /// printable nor white space in the C locale; an empty string prints as `""` with
    /// no type label.
    public static func octetString(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "\"\"" }
        if bytes.contains(where: { !isPrintable($0) && !isSpace($0) }) { return "Hex-STRING: " + hex(bytes) }
        var text = "STRING: \""
        for byte in bytes {
            if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { text.append("\\") }
            text.unicodeScalars.append(Unicode.Scalar(byte))
        }
        return text + "\""
    }

    /// "00 1A 2B " (each octet followed by a space), 16 octets a line, lines separated
    /// by a newline: net-snmp's `sprint_realloc_hexstring` with its default line length.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 + bytes.count / 16)
        for (i, byte) in bytes.enumerated() {
            if i > 0 && i % 16 == 0 { out.append(UInt8(ascii: "\n")) }
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
            out.append(UInt8(ascii: " "))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// "0:02:03.45", "1 day, 2:03:04.05", "3 days, ...": net-snmp's `uptimeString`.
    public static func uptime(_ ticks: UInt32) -> String {
        let centis = ticks % 100
        var seconds = ticks / 100
        let days = seconds / 86400
        seconds %= 86400
        let clock = "\(seconds / 3600):\(pad(seconds % 3600 / 60)):\(pad(seconds % 60)).\(pad(centis))"
        switch days {
        case 0: return clock
        case 1: return "1 day, " + clock
        default: return "\(days) days, " + clock
        }
    }

    private static func pad(_ v: UInt32) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// C-locale isprint: 0x20...0x7E.
    static func isPrintable(_ b: UInt8) -> Bool { b >= 0x20 && b <= 0x7E }

    /// C-locale isspace: space, \t \n \v \f \r.
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
}
