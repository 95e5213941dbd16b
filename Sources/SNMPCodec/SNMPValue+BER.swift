extension SNMPValue {
    /// Decodes the value TLV of a varbind.
    public static func read(from reader: inout BERReader) throws(SNMPDecodeError) -> SNMPValue {
        let start = reader.position
        let (tag, contents) = try reader.readTLV()
        let bytes = reader.bytes
        switch tag {
        case .integer:
            return .integer(Int32(try reader.signedValue(contents, bits: 32, "INTEGER value")))
        case .octetString:
            return .octetString(Array(bytes[contents]))
        case .null:
            try expectEmpty(contents, "NULL")
            return .null
        case .objectIdentifier:
            return .objectIdentifier(try OID(berContents: bytes[contents], offset: contents.lowerBound))
        case .ipAddress:
            guard contents.count == 4 else {
                throw SNMPDecodeError(.badValue, "IpAddress of \(contents.count) octets at offset \(start)")
            }
            return .ipAddress(contents.reduce(0) { $0 << 8 | UInt32(bytes[$1]) })
        case .counter32:
            return .counter32(UInt32(try reader.unsignedValue(contents, bits: 32, "Counter32")))
        case .gauge32:
            return .gauge32(UInt32(try reader.unsignedValue(contents, bits: 32, "Gauge32")))
        case .timeTicks:
            return .timeTicks(UInt32(try reader.unsignedValue(contents, bits: 32, "TimeTicks")))
        case .opaque:
            return .opaque(Array(bytes[contents]))
        case .counter64:
            return .counter64(try reader.unsignedValue(contents, bits: 64, "Counter64"))
        case .noSuchObject:
            try expectEmpty(contents, "noSuchObject")
            return .noSuchObject
        case .noSuchInstance:
            try expectEmpty(contents, "noSuchInstance")
            return .noSuchInstance
        case .endOfMibView:
            try expectEmpty(contents, "endOfMibView")
            return .endOfMibView
        default:
            // Application (0x40) and context (0x80) classes only, primitive only.
            guard tag.rawValue & 0x40 != 0 || tag.rawValue & 0x80 != 0, !tag.isConstructed else {
                throw SNMPDecodeError(.unexpectedTag, "varbind value tag \(tag) at offset \(start)")
            }
            return .other(tag: tag.rawValue, contents: Array(bytes[contents]))
        }
    }

    private static func expectEmpty(_ contents: Range<Int>, _ what: String) throws(SNMPDecodeError) {
        guard contents.isEmpty else {
            throw SNMPDecodeError(.badValue, "\(what) with \(contents.count) content octets at offset \(contents.lowerBound)")
        }
    }

    /// Appends the value TLV.
    public func write(to writer: inout BERWriter) {
        switch self {
        case .integer(let v): writer.writeInteger(v)
        case .octetString(let v): writer.writeOctetString(v)
        case .null: writer.writeNull()
        case .objectIdentifier(let v): writer.writeOID(v)
        case .ipAddress(let v):
            writer.write(.ipAddress, contents: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) })
        case .counter32(let v): writer.writeUnsigned(UInt64(v), tag: .counter32)
        case .gauge32(let v): writer.writeUnsigned(UInt64(v), tag: .gauge32)
        case .timeTicks(let v): writer.writeUnsigned(UInt64(v), tag: .timeTicks)
        case .opaque(let v): writer.write(.opaque, contents: v)
        case .counter64(let v): writer.writeUnsigned(v, tag: .counter64)
        case .noSuchObject: writer.write(.noSuchObject, contents: EmptyCollection())
        case .noSuchInstance: writer.write(.noSuchInstance, contents: EmptyCollection())
        case .endOfMibView: writer.write(.endOfMibView, contents: EmptyCollection())
        case .other(let tag, let contents): writer.write(BERTag(rawValue: tag), contents: contents)
        }
    }
}
