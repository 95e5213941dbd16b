import NetsightModel

/// Why a datagram, or a part of one, could not be decoded.
///
/// `reason` is a stable snake_case label: `/metrics` counts errors by it and
/// `netsight flows decode` prints it, so renaming one is a breaking change.
/// `detail` carries the context a person needs (exporter, version, domain, template ID).
public struct FlowDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: Reason
    public let detail: String

    public init(_ reason: Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason.rawValue): \(detail)" }

    /// Stable error labels. Add cases; never rename them.
    public enum Reason: String, Sendable, Hashable, CaseIterable, Codable {
        /// A length or count points past the end of the datagram.
        case truncated
        /// The datagram is larger than any protocol allows (or than the collector accepts).
        case oversized
        /// The version field is not 5, 9, 10, or sFlow's 5.
        case badVersion = "bad_version"
        /// A header or set length is inconsistent with the bytes present.
        case badLength = "bad_length"
        /// Data arrived for a template the exporter never announced (or one withdrawn).
        case unknownTemplate = "unknown_template"
        /// A template that cannot be used: zero fields, a reserved ID, or lengths that overflow.
        case badTemplate = "bad_template"
        /// A data record whose fields do not fit its template.
        case badRecord = "bad_record"
        /// An sFlow sample or a pcap record with a structure the decoder rejects.
        case badSample = "bad_sample"
        /// A pcap/pcapng container the reader cannot parse.
        case badCapture = "bad_capture"
    }

    @inlinable
    public static func truncated(at offset: Int, need: Int, have: Int) -> FlowDecodeError {
        FlowDecodeError(.truncated, "need \(need) bytes at offset \(offset), \(have) left")
    }
}
