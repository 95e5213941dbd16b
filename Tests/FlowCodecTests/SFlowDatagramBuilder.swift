/// Builds sFlow v5 datagrams by hand for the malformed-input tests, one XDR word at a time.
enum SFlowDatagramBuilder {
    static func u32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    static func words(_ vs: UInt32...) -> [UInt8] { vs.flatMap(u32) }

    /// A sample or record: enterprise:format tag, then `length` (the body's unless given).
    static func tagged(_ enterprise: UInt32, _ format: UInt32, _ body: [UInt8], length: UInt32? = nil) -> [UInt8] {
        u32(enterprise << 12 | format) + u32(length ?? UInt32(body.count)) + body
    }

    /// Version 5, IPv4 agent 192.0.2.1, sub-agent 9, sequence 1, uptime 0.
    static func datagram(_ samples: [[UInt8]], count: UInt32? = nil, version: UInt32 = 5,
                         agent: [UInt8] = words(1, 0xC000_0201)) -> [UInt8] {
        words(version) + agent + words(9, 1, 0, count ?? UInt32(samples.count)) + samples.flatMap { $0 }
    }

    /// A compact flow sample: rate 10, input 1, output 2.
    static func flowSample(_ records: [[UInt8]], count: UInt32? = nil, rate: UInt32 = 10) -> [UInt8] {
        tagged(0, 1, words(1, 1, rate, 100, 0, 1, 2, count ?? UInt32(records.count)) + records.flatMap { $0 })
    }

    /// A raw-header record around `header` bytes (Ethernet unless `proto` says otherwise).
    static func rawHeader(_ header: [UInt8], frameLength: UInt32 = 100, proto: UInt32 = 1,
                          headerLength: UInt32? = nil) -> [UInt8] {
        let padded = header + [UInt8](repeating: 0, count: (4 - header.count % 4) % 4)
        return tagged(0, 1, words(proto, frameLength, 4, headerLength ?? UInt32(header.count)) + padded)
    }

    /// Ethernet + IPv4 + UDP 1000 -> 2000 from 10.0.0.1 to 10.0.0.2.
    static let udpFrame: [UInt8] =
        [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00]
        + [0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]
        + [0x03, 0xE8, 0x07, 0xD0, 0, 8, 0, 0]

    static func genericCounters(ifIndex: UInt32) -> [UInt8] {
        tagged(0, 1, words(ifIndex, 6, 0, 1_000_000_000, 1, 3, 0, 5000) + [UInt8](repeating: 0, count: 88 - 32))
    }

    static func counterSample(_ records: [[UInt8]]) -> [UInt8] {
        tagged(0, 2, words(1, 1, UInt32(records.count)) + records.flatMap { $0 })
    }
}
