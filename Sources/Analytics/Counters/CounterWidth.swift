/// How many bits an SNMP counter has before it wraps back to zero.
///
/// The width decides what a smaller reading means: a `Counter64` never wraps in practice
/// (2^64 octets at 1 Tbit/s take 4,700 years), so going backwards is a reset; a `Counter32`
/// wraps after 2^32 (34 s of a busy 1 Gbit/s link), so going backwards is usually a wrap.
public enum CounterWidth: Sendable, Hashable, CaseIterable {
    /// `Counter32`, e.g. `ifInOctets`, `ifInErrors`: wraps at 2^32.
    case counter32
    /// `Counter64`, the high-capacity `ifHC*` counters of IF-MIB's ifXTable.
    case counter64

    /// The number of distinct values before the counter starts again at zero.
    var modulus: Double {
        switch self {
        case .counter32: 4_294_967_296
        case .counter64: 18_446_744_073_709_551_616
        }
    }
}
