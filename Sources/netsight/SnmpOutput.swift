import Foundation
import Pollers
import SNMPCodec

/// Writes varbinds as net-snmp `-On` lines or as one JSON array, and failures as one
/// line on stderr.
struct SnmpOutput {
    let json: Bool
    private var items: [SnmpJSONVarBind] = []
    /// Lines not yet written, as UTF-8: one buffer reused for the whole run, written out
    /// in chunks of about 64 KB.
    private var buffer: [UInt8] = []

    init(json: Bool) {
        self.json = json
        if !json { buffer.reserveCapacity(80 << 10) }
    }

    mutating func write(_ varBinds: [VarBind]) {
        if json {
            items.append(contentsOf: varBinds.map(SnmpJSONVarBind.init))
            return
        }
        for vb in varBinds {
            NetSNMPFormat.appendLine(vb, to: &buffer)
            buffer.append(UInt8(ascii: "\n"))
        }
        if buffer.count > 64 << 10 { flushLines() }
    }

    mutating func flushLines() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func finish() throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(items) + Data("\n".utf8))
        } else {
            flushLines()
        }
    }

    static func fail(_ error: any Error) -> Never {
        let text = "\(error)"
        FileHandle.standardError.write(Data("netsight: \(text)\n".utf8))
        exit(1)
    }
}

/// One varbind in `--json` output: `{"oid": ".1.3...", "type": "Counter64", "value": 123}`;
/// octet strings carry `value` as text when printable and always `hex`.
struct SnmpJSONVarBind: Encodable {
    var oid: String
    var type = ""
    var value: Value?
    var hex: String?

    enum Value: Encodable {
        case number(Int64)
        case unsigned(UInt64)
        case text(String)
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .number(let v): try c.encode(v)
            case .unsigned(let v): try c.encode(v)
            case .text(let v): try c.encode(v)
            }
        }
    }

    init(_ vb: VarBind) {
        oid = "." + vb.oid.description
        var hex: String?
        switch vb.value {
        case .integer(let v): (type, value) = ("INTEGER", .number(Int64(v)))
        case .octetString(let b):
            type = "OCTET STRING"
            hex = b.map { String($0, radix: 16, uppercase: true).leftPadded }.joined(separator: " ")
            let printable = b.allSatisfy { ($0 >= 0x20 && $0 <= 0x7E) || ($0 >= 0x09 && $0 <= 0x0D) }
            value = printable ? .text(String(decoding: b, as: UTF8.self)) : nil
        case .null: (type, value) = ("NULL", nil)
        case .objectIdentifier(let o): (type, value) = ("OBJECT IDENTIFIER", .text("." + o.description))
        case .ipAddress(let a): (type, value) = ("IpAddress", .text("\(a >> 24).\((a >> 16) & 0xFF).\((a >> 8) & 0xFF).\(a & 0xFF)"))
        case .counter32(let v): (type, value) = ("Counter32", .unsigned(UInt64(v)))
        case .gauge32(let v): (type, value) = ("Gauge32", .unsigned(UInt64(v)))
        case .timeTicks(let v): (type, value) = ("TimeTicks", .unsigned(UInt64(v)))
        case .opaque(let b):
            (type, value) = ("Opaque", nil)
            hex = b.map { String($0, radix: 16, uppercase: true).leftPadded }.joined(separator: " ")
        case .counter64(let v): (type, value) = ("Counter64", .unsigned(v))
        case .noSuchObject: (type, value) = ("noSuchObject", nil)
        case .noSuchInstance: (type, value) = ("noSuchInstance", nil)
        case .endOfMibView: (type, value) = ("endOfMibView", nil)
        case .other(let tag, let b):
            (type, value) = ("tag-0x" + String(tag, radix: 16), nil)
            hex = b.map { String($0, radix: 16, uppercase: true).leftPadded }.joined(separator: " ")
        }
        self.hex = hex
    }
}

private extension String {
    var leftPadded: String { count < 2 ? "0" + self : self }
}
