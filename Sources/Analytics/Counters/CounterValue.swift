/// One cumulative counter as the agent returned it, together with its width.
///
/// The width travels with the value because a device can answer one poll from the 64-bit
/// `ifHC*` columns and the next from the 32-bit ones (a timed-out bulk walk, a firmware
/// change); two readings of different widths cannot be subtracted.
public struct CounterValue: Sendable, Hashable {
    /// The raw value; for `.counter32` it is always below 2^32.
    public let value: UInt64
    public let width: CounterWidth

    private init(value: UInt64, width: CounterWidth) {
        self.value = value
        self.width = width
    }

    /// A `Counter32` value (ifInOctets, ifInErrors, ifInDiscards, ...).
    public static func counter32(_ value: UInt32) -> CounterValue {
        CounterValue(value: UInt64(value), width: .counter32)
    }

    /// A `Counter64` value (ifHCInOctets, ifHCInUcastPkts, ...).
    public static func counter64(_ value: UInt64) -> CounterValue {
        CounterValue(value: value, width: .counter64)
    }
}
