/// An open-addressing hash table from `PackedKey` to an entry index.
///
/// Entries live densely in `keys` (and in whatever parallel arrays the caller keeps), so
/// ranking walks a flat array. Slots hold the entry index + 1 with the hash's top 32 bits
/// beside it, so most probes that miss are rejected without comparing 64-byte keys. The
/// table doubles at 50% load; linear probing keeps probes in one or two cache lines.
struct FlowKeyTable: Sendable {
    private(set) var keys: [PackedKey] = []
    private var slots: [UInt64]
    private var mask: Int
    /// Words of each key that can be non-zero (the layout's `wordCount`).
    let words: Int

    init(capacity: Int = 1024, words: Int = PackedKey.wordCount) {
        self.words = words
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { keys.count }

    /// The entry index for `key`, inserting it when new.
    @inline(__always)
    mutating func index(of key: PackedKey) -> (index: Int, inserted: Bool) {
        let h = key.fastHash(words: words)
        let tag = h & 0xFFFF_FFFF_0000_0000
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s == 0 { break }
            if s & 0xFFFF_FFFF_0000_0000 == tag {
                let e = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
                if keys[e].equals(key, words: words) { return (e, false) }
            }
            i = (i + 1) & mask
        }
        let e = keys.count
        keys.append(key)
        slots[i] = tag | UInt64(e + 1)
        if keys.count * 2 > slots.count { grow() }
        return (e, true)
    }

    private mutating func grow() {
        let size = slots.count * 2
        var fresh = [UInt64](repeating: 0, count: size)
        let m = size - 1
        for (e, key) in keys.enumerated() {
            let h = key.fastHash(words: words)
            var i = Int(truncatingIfNeeded: h) & m
            while fresh[i] != 0 { i = (i + 1) & m }
            fresh[i] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
        }
        slots = fresh
        mask = m
    }
}
