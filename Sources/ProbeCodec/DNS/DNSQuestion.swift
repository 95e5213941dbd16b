/// One entry of the question section (RFC 1035 4.1.2). The name is kept as labels so two
/// questions compare without a round trip through text.
public struct DNSQuestion: Sendable, Equatable {
    public var labels: [[UInt8]]
    public var type: DNSRecordType
    /// 1 is IN; the others (CH, HS) are kept as numbers.
    public var recordClass: UInt16

    public init(labels: [[UInt8]], type: DNSRecordType, recordClass: UInt16 = 1) {
        self.labels = labels
        self.type = type
        self.recordClass = recordClass
    }

    /// The question for `name` in text form.
    public init(name: String, type: DNSRecordType, recordClass: UInt16 = 1) throws(DNSNameError) {
        var reader = DNSMessageReader(try DNSName.encode(name))
        // The encoder's output is a plain uncompressed name, which always reads back.
        let labels = (try? reader.name()) ?? []
        self.init(labels: labels, type: type, recordClass: recordClass)
    }

    public var name: String { DNSName.text(labels) }

    /// Whether `other` asks the same thing: same type and class, and the same name with
    /// ASCII case ignored (RFC 4343; resolvers may randomize case, as in DNS 0x20).
    public func matches(_ other: DNSQuestion) -> Bool {
        guard type == other.type, recordClass == other.recordClass, labels.count == other.labels.count else {
            return false
        }
        func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
        return zip(labels, other.labels).allSatisfy { a, b in a.count == b.count && zip(a, b).allSatisfy { lower($0) == lower($1) } }
    }

    public var description: String { "\(name) \(type)" }
}
