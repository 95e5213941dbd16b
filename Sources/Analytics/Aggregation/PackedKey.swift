/// A group key packed into eight 64-bit words: what the hash table stores and compares.
///
/// Grouping 10M+ records must not hash Strings or Arrays; every `FlowKey` is a fixed number
/// of bits (addresses 128, ports 16, AS and ifIndex 32, interned site names 32), so any
/// useful combination fits 512 bits and hashing is a few multiplies. Unused words stay 0.
struct PackedKey: Hashable, Sendable {
    var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0, w3: UInt64 = 0
    var w4: UInt64 = 0, w5: UInt64 = 0, w6: UInt64 = 0, w7: UInt64 = 0

    static let wordCount = 8

    @inline(__always)
    subscript(i: Int) -> UInt64 {
        get {
            switch i {
            case 0: w0
            case 1: w1
            case 2: w2
            case 3: w3
            case 4: w4
            case 5: w5
            case 6: w6
            default: w7
            }
        }
        set {
            switch i {
            case 0: w0 = newValue
            case 1: w1 = newValue
            case 2: w2 = newValue
            case 3: w3 = newValue
            case 4: w4 = newValue
            case 5: w5 = newValue
            case 6: w6 = newValue
            default: w7 = newValue
            }
        }
    }

    /// A fast non-cryptographic mix (multiply-xorshift per word, then a 64-bit finaliser)
    /// over the first `words` words: a layout's unused words are always 0, so skipping them
    /// changes no comparison and saves most of the work for one- or two-word keys.
    /// Not flood-resistant: a sender choosing addresses to collide could slow one query down,
    /// not corrupt it.
    @inline(__always)
    func fastHash(words: Int) -> UInt64 {
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = 0x2545_F491_4F6C_DD1D
        h = (h ^ w0) &* k; h ^= h >> 29
        if words > 1 { h = (h ^ w1) &* k; h ^= h >> 29 }
        if words > 2 {
            h = (h ^ w2) &* k; h ^= h >> 29
            h = (h ^ w3) &* k; h ^= h >> 29
        }
        if words > 4 {
            h = (h ^ w4) &* k; h ^= h >> 29
            h = (h ^ w5) &* k; h ^= h >> 29
            h = (h ^ w6) &* k; h ^= h >> 29
            h = (h ^ w7) &* k
        }
        h ^= h >> 32
        h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        return h
    }

    /// Equality over the first `words` words (the rest are 0 in every key of a layout).
    @inline(__always)
    func equals(_ o: PackedKey, words: Int) -> Bool {
        if w0 != o.w0 { return false }
        if words > 1 && w1 != o.w1 { return false }
        if words > 2 && (w2 != o.w2 || w3 != o.w3) { return false }
        if words > 4 && (w4 != o.w4 || w5 != o.w5 || w6 != o.w6 || w7 != o.w7) { return false }
        return true
    }
}
