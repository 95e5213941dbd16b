/// Why bytes are not a DNS message. Offsets are from the start of the message, so a
/// failure names the byte a person can look at in a capture.
public enum DNSDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message ends before `needed` more bytes at `offset`.
    case truncated(offset: Int, needed: Int)
    /// A compression pointer at `offset` names a byte beyond the message.
    case pointerOutOfBounds(offset: Int, target: Int)
    /// A compression pointer at `offset` points at itself or forward: RFC 1035 4.1.4
    /// pointers name a prior occurrence, and only backward pointers can end.
    case pointerNotBackward(offset: Int, target: Int)
    /// Following pointers came back to an offset already read: the name never ends.
    case pointerLoop(offset: Int, target: Int)
    /// More pointer jumps in one name than a legal name (255 bytes) could need.
    case tooManyPointers(offset: Int)
    /// A name longer than 255 bytes in wire form (RFC 1035 2.3.4).
    case nameTooLong(offset: Int)
    /// A label type other than 00 (length) or 11 (pointer): 01 and 10 are reserved or
    /// obsolete (RFC 6891 5).
    case badLabelType(offset: Int, byte: UInt8)
    /// Record data that does not fit its type (an A record of 5 bytes, an RDLENGTH past
    /// the end of the data the type's fields used).
    case badRecordData(type: String, offset: Int, reason: String)

    public var description: String {
        switch self {
        case .truncated(let offset, let needed):
            "message truncated at byte \(offset) (\(needed) more bytes needed)"
        case .pointerOutOfBounds(let offset, let target):
            "compression pointer at byte \(offset) points to \(target), past the end of the message"
        case .pointerNotBackward(let offset, let target):
            "compression pointer at byte \(offset) points to \(target), not to an earlier byte"
        case .pointerLoop(let offset, let target):
            "compression loop: pointer at byte \(offset) returns to \(target)"
        case .tooManyPointers(let offset):
            "too many compression pointers in the name at byte \(offset)"
        case .nameTooLong(let offset):
            "name at byte \(offset) is longer than 255 bytes"
        case .badLabelType(let offset, let byte):
            "unknown label type 0x\(String(byte, radix: 16)) at byte \(offset)"
        case .badRecordData(let type, let offset, let reason):
            "bad \(type) record data at byte \(offset): \(reason)"
        }
    }
}

/// Why a name cannot be put in a query.
public enum DNSNameError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyLabel(name: String)
    case labelTooLong(label: String)
    case nameTooLong(name: String)
    case badEscape(name: String)

    public var description: String {
        switch self {
        case .emptyLabel(let name): "name \(name) has an empty label"
        case .labelTooLong(let label): "label \(label) is longer than 63 bytes"
        case .nameTooLong(let name): "name \(name) is longer than 255 bytes"
        case .badEscape(let name): "name \(name) has a bad backslash escape"
        }
    }
}
