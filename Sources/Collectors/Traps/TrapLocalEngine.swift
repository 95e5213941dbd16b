/// The receiver's own SNMPv3 engine: it is authoritative for the informs it acknowledges
/// (RFC 3414 1.5.1), so senders localise their keys to this ID and synchronise to its
/// boots and time.
public struct TrapLocalEngine: Sendable, Equatable {
    public var engineID: [UInt8]
    /// Restarts so far (persisted in the metadata store, see `MetadataStore.startSNMPEngine`).
    public var boots: Int32
    /// Clock reading (milliseconds) when this run began; engine time counts from here.
    public var startMillis: UInt64

    public init(engineID: [UInt8], boots: Int32, startMillis: UInt64) {
        self.engineID = engineID
        self.boots = boots
        self.startMillis = startMillis
    }

    /// snmpEngineTime: whole seconds since `startMillis` (0 if the clock went back).
    public func time(now: UInt64) -> Int32 {
        Int32(clamping: (now >= startMillis ? now - startMillis : 0) / 1000)
    }

    /// A new engine ID in net-snmp's style: enterprise 8072 (net-snmp) with the high bit
    /// set, format 0x80 (random), then 12 random octets (RFC 3411 SnmpEngineID, 5-32 octets).
    public static func randomEngineID() -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return [0x80, 0x00, 0x1F, 0x88, 0x80] + (0..<12).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    /// Parses an engine ID written as hex (`80001f8804…`, optional `0x` and `:` separators).
    public static func parseEngineID(_ text: String) -> [UInt8]? {
        var hex = Substring(text.lowercased())
        if hex.hasPrefix("0x") { hex = hex.dropFirst(2) }
        let digits = hex.filter { $0 != ":" }
        guard digits.count % 2 == 0, (10...64).contains(digits.count) else { return nil }
        var out: [UInt8] = []
        var i = digits.startIndex
        while i < digits.endIndex {
            let j = digits.index(i, offsetBy: 2)
            guard let b = UInt8(digits[i..<j], radix: 16) else { return nil }
            out.append(b)
            i = j
        }
        return out
    }
}
