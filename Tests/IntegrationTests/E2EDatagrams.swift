/// Builds IPFIX messages (RFC 7011) by hand, for exporter behaviour no peer on this machine
/// produces: an options template scoped to a sampler ID and data records that name it.
struct E2EIPFIXExporter {
    /// A template field: information element ID and length in bytes (no enterprise bit).
    struct Field {
        var id: UInt16
        var length: UInt16
    }

    let domain: UInt32
    var exportSeconds: UInt32
    /// Data records sent so far: the next message's sequence number (RFC 7011 §3.1).
    private(set) var sequence: UInt32 = 0

    init(domain: UInt32, exportSeconds: UInt32) {
        self.domain = domain
        self.exportSeconds = exportSeconds
    }

    /// A message holding `sets`, `dataRecords` of which are data records (they advance the
    /// sequence number; template and options records do too when they are data sets).
    mutating func message(_ sets: [[UInt8]], dataRecords: Int) -> [UInt8] {
        let body = sets.flatMap { $0 }
        var m: [UInt8] = []
        m.e2eAppend(10, 2)
        m.e2eAppend(UInt64(16 + body.count), 2)
        m.e2eAppend(UInt64(exportSeconds), 4)
        m.e2eAppend(UInt64(sequence), 4)
        m.e2eAppend(UInt64(domain), 4)
        sequence &+= UInt32(dataRecords)
        return m + body
    }

    /// A template set (ID 2) with one template.
    static func templateSet(id: UInt16, fields: [Field]) -> [UInt8] {
        var r: [UInt8] = []
        r.e2eAppend(UInt64(id), 2)
        r.e2eAppend(UInt64(fields.count), 2)
        for f in fields {
            r.e2eAppend(UInt64(f.id), 2)
            r.e2eAppend(UInt64(f.length), 2)
        }
        return set(2, r)
    }

    /// An options template set (ID 3): scope fields first, then the others.
    static func optionsTemplateSet(id: UInt16, scope: [Field], fields: [Field]) -> [UInt8] {
        var r: [UInt8] = []
        r.e2eAppend(UInt64(id), 2)
        r.e2eAppend(UInt64(scope.count + fields.count), 2)
        r.e2eAppend(UInt64(scope.count), 2)
        for f in scope + fields {
            r.e2eAppend(UInt64(f.id), 2)
            r.e2eAppend(UInt64(f.length), 2)
        }
        return set(3, r)
    }

    /// A data set for template `id`; each record is its fields' values, in template order.
    static func dataSet(id: UInt16, template: [Field], records: [[UInt64]]) -> [UInt8] {
        var r: [UInt8] = []
        for values in records {
            precondition(values.count == template.count)
            for (f, v) in zip(template, values) { r.e2eAppend(v, Int(f.length)) }
        }
        return set(id, r)
    }

    private static func set(_ id: UInt16, _ content: [UInt8]) -> [UInt8] {
        var s: [UInt8] = []
        s.e2eAppend(UInt64(id), 2)
        s.e2eAppend(UInt64(4 + content.count), 2)
        return s + content
    }
}

extension [UInt8] {
    /// Appends the low `length` bytes of `value`, big-endian (network order).
    mutating func e2eAppend(_ value: UInt64, _ length: Int) {
        for i in stride(from: length - 1, through: 0, by: -1) {
            append(i >= 8 ? 0 : UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))))
        }
    }
}
