/// One resource record (RFC 1035 4.1.3). `dataText` is filled when the message is
/// decoded, because names inside the data may point elsewhere in the message and the
/// record alone cannot be printed later.
public struct DNSResourceRecord: Sendable, Equatable {
    public var labels: [[UInt8]]
    public var type: DNSRecordType
    public var recordClass: UInt16
    public var ttl: UInt32
    /// The record data as received (names in it possibly compressed).
    public var data: [UInt8]
    /// The data as dig prints it: "192.0.2.1", "10 mail.example.", "\"text\"", or RFC
    /// 3597's "\# 4 c0000201" for types without a text form here.
    public var dataText: String

    public var name: String { DNSName.text(labels) }

    public init(labels: [[UInt8]], type: DNSRecordType, recordClass: UInt16, ttl: UInt32, data: [UInt8], dataText: String) {
        self.labels = labels
        self.type = type
        self.recordClass = recordClass
        self.ttl = ttl
        self.data = data
        self.dataText = dataText
    }

    init(reading reader: inout DNSMessageReader) throws(DNSDecodeError) {
        labels = try reader.name()
        type = DNSRecordType(rawValue: try reader.u16())
        recordClass = try reader.u16()
        ttl = try reader.u32()
        let length = Int(try reader.u16())
        let dataStart = reader.offset
        data = Array(try reader.take(length))
        dataText = try DNSRecordData.text(type: type, message: reader.bytes, start: dataStart, length: length)
    }
}
