/// A voice codec's constants for the E-model: equipment impairment, robustness to
/// random loss, and the delay the codec itself adds.
public struct VoiceCodec: Sendable, Hashable {
    /// Name for reports ("G.711", "G.729A").
    public var name: String
    /// Ie: impairment of the codec with no loss (ITU-T G.113 Appendix I).
    public var equipmentImpairment: Double
    /// Bpl: packet-loss robustness factor for random loss (ITU-T G.113 Appendix I).
    public var packetLossRobustness: Double
    /// Delay the codec adds at the talker, in milliseconds: packetisation of one 20 ms
    /// packet plus the codec's look-ahead (see each constant).
    public var codecDelayMillis: Double

    public init(name: String, equipmentImpairment: Double, packetLossRobustness: Double, codecDelayMillis: Double) {
        self.name = name
        self.equipmentImpairment = equipmentImpairment
        self.packetLossRobustness = packetLossRobustness
        self.codecDelayMillis = codecDelayMillis
    }

    /// G.711 without packet-loss concealment: Ie 0, Bpl 4.3. Delay 20 ms: one 20 ms packet
    /// (the default RTP payload, IP SLA's default for g711) and no look-ahead.
    /// Without PLC because that is the conservative, plain-codec value IP SLA models.
    public static let g711 = VoiceCodec(
        name: "G.711", equipmentImpairment: 0, packetLossRobustness: 4.3, codecDelayMillis: 20)

    /// G.711 with packet-loss concealment (G.711 Appendix I): Ie 0, Bpl 25.1.
    public static let g711PLC = VoiceCodec(
        name: "G.711 PLC", equipmentImpairment: 0, packetLossRobustness: 25.1, codecDelayMillis: 20)

    /// G.729A (with VAD in G.113's table): Ie 11, Bpl 19.0. Delay 25 ms: two 10 ms frames in
    /// a 20 ms packet plus the codec's 5 ms look-ahead.
    public static let g729A = VoiceCodec(
        name: "G.729A", equipmentImpairment: 11, packetLossRobustness: 19.0, codecDelayMillis: 25)
}
