import Foundation
import SNMPCodec

/// Varbinds as text for stored events, in net-snmp's `-On` style so engineers can compare
/// with snmptrapd logs: `.1.3.6.1.2.1.2.2.1.1.2 = INTEGER: 2`.
enum TrapVarBindText {
    static func lines(_ varBinds: [VarBind]) -> String {
        varBinds.map(line).joined(separator: "\n")
    }

    static func line(_ vb: VarBind) -> String {
        ".\(vb.oid) = \(value(vb.value))"
    }

    static func value(_ v: SNMPValue) -> String {
        switch v {
        case .integer(let i): "INTEGER: \(i)"
        case .octetString(let s): string(s)
        case .null: "NULL"
        case .objectIdentifier(let o): "OID: .\(o)"
        case .ipAddress(let a): "IpAddress: \(a >> 24).\(a >> 16 & 0xFF).\(a >> 8 & 0xFF).\(a & 0xFF)"
        case .counter32(let c): "Counter32: \(c)"
        case .gauge32(let g): "Gauge32: \(g)"
        case .timeTicks(let t): "Timeticks: (\(t))"
        case .opaque(let o): "OPAQUE: \(hex(o))"
        case .counter64(let c): "Counter64: \(c)"
        case .noSuchObject: "No Such Object available on this agent at this OID"
        case .noSuchInstance: "No Such Instance currently exists at this OID"
        case .endOfMibView: "No more variables left in this MIB View (It is past the end of the MIB tree)"
        case .other(let tag, let contents): "Wrong Type (tag 0x\(String(tag, radix: 16))): \(hex(contents))"
        }
    }

    /// Printable ASCII as a quoted STRING, anything else (MAC addresses, binary) as hex,
    /// as net-snmp decides (isprint): two binary octets are often valid UTF-8 by chance.
    private static func string(_ bytes: [UInt8]) -> String {
        let printable = bytes.allSatisfy { (0x20..<0x7F).contains($0) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if printable, let text = String(validating: bytes, as: UTF8.self) {
            return "STRING: \"\(text.replacingOccurrences(of: "\"", with: "\\\""))\""
        }
        return "Hex-STRING: \(hex(bytes))"
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
    }
}
