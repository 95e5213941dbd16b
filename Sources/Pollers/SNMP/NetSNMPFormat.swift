import SNMPCodec

/// Prints varbinds exactly as net-snmp's tools do with `-On` and no MIB files loaded
/// (snmplib/mib.c `sprint_realloc_by_type`), so scripts written for net-snmp keep working.
public enum NetSNMPFormat {
    /// `.1.3.6.1.2.1.1.5.0 = STRING: "core-1"`. Long hex strings continue on further
    /// lines, as net-snmp prints them.
    public static func line(_ varBind: VarBind) -> String {
        "." + varBind.oid.description + " = " + value(varBind.value)
    }

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
        case .opaque(let bytes): "OPAQUE: " + hex(bytes)
        case .counter64(let v): "Counter64: \(v)"
        case .noSuchObject: "No Such Object available on this agent at this OID"
        case .noSuchInstance: "No Such Instance currently exists at this OID"
        case .endOfMibView: "No more variables left in this MIB View (It is past the end of the MIB tree)"
        case .other(let tag, let contents):
            // NsapAddress (0x45) has its own label; anything else is a bad type to net-snmp.
            tag == 0x45 ? "NsapAddress: " + hex(contents) : "Variable has bad type"
        }
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
