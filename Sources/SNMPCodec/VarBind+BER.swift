extension VarBind {
    /// Decodes a VarBindList SEQUENCE.
    static func readList(from reader: inout BERReader) throws(SNMPDecodeError) -> [VarBind] {
        var list = try reader.enter(.sequence, "variable-bindings")
        var result: [VarBind] = []
        while !list.isAtEnd {
            var pair = try list.enter(.sequence, "varbind \(result.count)")
            let oid = try pair.readOID("varbind \(result.count) name")
            let value = try SNMPValue.read(from: &pair)
            try pair.finish("varbind \(result.count)")
            result.append(VarBind(oid, value))
        }
        return result
    }

    /// Appends a VarBindList SEQUENCE.
    static func writeList(_ list: [VarBind], to writer: inout BERWriter) {
        writer.writeSequence { w in
            for varBind in list {
                w.writeSequence { pair in
                    pair.writeOID(varBind.oid)
                    varBind.value.write(to: &pair)
                }
            }
        }
    }
}
