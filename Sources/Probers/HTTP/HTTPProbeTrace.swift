import NetsightModel

/// What one attempt saw, stamped as it happened on the event loop (monotonic
/// microseconds). A value, so it crosses from the channel to the prober as one piece.
struct HTTPProbeTrace: Sendable {
    var connectedAt: Int64?
    var tlsDoneAt: Int64?
    var requestSentAt: Int64?
    var firstByteAt: Int64?
    var endAt: Int64?
    var tlsVersion: String?
    /// The certificates the server presented, leaf first, DER.
    var peerChainDER: [[UInt8]] = []
    var statusCode: Int?
    /// Body bytes received, all of them, even past the kept prefix.
    var bodyBytes = 0
    /// The first `HTTPProbeTrace.bodyLimit` bytes, for the regex.
    var body: [UInt8] = []

    /// blackbox_exporter's default body limit is none; 1 MiB keeps a probe of a huge
    /// download from holding the memory while still timing the whole transfer.
    static let bodyLimit = 1 << 20
}
