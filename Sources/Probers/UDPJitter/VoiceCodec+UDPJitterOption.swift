import Analytics
import NetsightModel

extension VoiceCodec {
    /// The codecs `UDPJitterProbeOptions.codec` may name, by their option value.
    public static let udpJitterOptions: [(name: String, codec: VoiceCodec)] = [
        ("g711", .g711), ("g711plc", .g711PLC), ("g729a", .g729A),
    ]

    /// The option values as people read them in an error: "g711, g711plc or g729a".
    public static var udpJitterOptionNames: String {
        let names = udpJitterOptions.map(\.name)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// The codec a UDP jitter probe's `codec` option names. Case, dots and dashes are
    /// ignored so "G.711" and "G.729A" (the names reports print) are accepted too.
    /// - Throws: `ProbeFailure(.setup, ...)` listing the valid names.
    public static func udpJitterOption(_ name: String) throws(ProbeFailure) -> VoiceCodec {
        let key = name.lowercased().filter { $0 != "." && $0 != "-" && $0 != " " }
        guard let match = udpJitterOptions.first(where: { $0.name == key }) else {
            let valid = udpJitterOptions.map(\.name).joined(separator: ", ")
            throw ProbeFailure(.setup, "unknown codec '\(name)': use one of \(valid)")
        }
        return match.codec
    }
}
