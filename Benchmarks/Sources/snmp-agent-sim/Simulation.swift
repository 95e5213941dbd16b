import SNMPCodec

/// Per-device behaviour switches from the command line.
struct DeviceFlags {
    var silent = false
    var dropEveryOther = false
    var wrap32 = false
    var noHC = false
    var restarts = false
}

/// What every device's values are made of: a pure function of (seed, device index,
/// interface, milliseconds since the device's last (simulated) start).
///
/// Counter rates, per second, for interface n (ifIndex, 1-based) of device i (0-based);
/// an interface that is down (ifOperStatus 2) has every rate 0:
///   in octets  125000*n + 100*(i mod 1000)   (n Mbit/s plus a per-device 800*(i mod 1000) bit/s)
///   out octets  62500*n +  50*(i mod 1000)
///   in/out unicast packets 250*n / 125*n; in/out multicast n; in/out broadcast n;
///   in/out non-unicast 2n; in discards 1 if n%4==0; in errors and out errors 1 if n%8==0;
///   everything else 0.
/// value(t) = offset + rate * t_ms / 1000 (integer division). The Counter32 is that value
/// mod 2^32 and the Counter64 (ifHC*) the value itself. offset is 0, or with --wrap32
/// 2^32 - rate * (10 + (n-1) mod 48) for counters with a non-zero rate: the Counter32 wraps
/// between 10 and 57 s after (re)start and the HC counter carries on past 2^32.
struct Simulation {
    let devices: Int
    let interfaces: Int
    let seed: UInt64
    /// 0: never.
    let restartEveryMillis: UInt64

    enum Counter {
        case inOctets, inUcast, inNUcast, inMcast, inBcast, inDiscards, inErrors, inUnknownProtos
        case outOctets, outUcast, outNUcast, outMcast, outBcast, outDiscards, outErrors
    }

    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    func hash(_ device: Int, _ n: UInt32, _ salt: UInt64) -> UInt64 {
        Simulation.mix(seed &* 0x1000_0000_01B3 ^ UInt64(device) << 24 ^ UInt64(n) << 4 ^ salt)
    }

    /// Interfaces 5 and up are down with probability 1/16 (seeded); 1-4 carry LLDP and are up.
    func isUp(_ device: Int, _ n: UInt32) -> Bool {
        n <= UInt32(lldpPorts) || hash(device, n, 1) % 16 != 0
    }

    func rate(_ counter: Counter, device: Int, n: UInt32) -> UInt64 {
        guard isUp(device, n) else { return 0 }
        let n = UInt64(n)
        let d = UInt64(device % 1000)
        switch counter {
        case .inOctets: return 125_000 * n + 100 * d
        case .outOctets: return 62_500 * n + 50 * d
        case .inUcast: return 250 * n
        case .outUcast: return 125 * n
        case .inMcast, .inBcast, .outMcast, .outBcast: return n
        case .inNUcast, .outNUcast: return 2 * n
        case .inDiscards: return n % 4 == 0 ? 1 : 0
        case .inErrors, .outErrors: return n % 8 == 0 ? 1 : 0
        case .inUnknownProtos, .outDiscards: return 0
        }
    }

    func counter(_ counter: Counter, device: Int, n: UInt32, millis: UInt64, wrap32: Bool) -> UInt64 {
        let r = rate(counter, device: device, n: n)
        var offset: UInt64 = 0
        if wrap32 && r > 0 {
            offset = (1 << 32) - min(r * (10 + UInt64((n - 1) % 48)), 1 << 31)
        }
        return offset &+ r &* millis / 1000
    }

    /// Milliseconds since the device (re)started, given milliseconds since the process started.
    func millis(_ sinceStart: UInt64, _ flags: DeviceFlags) -> UInt64 {
        flags.restarts && restartEveryMillis > 0 ? sinceStart % restartEveryMillis : sinceStart
    }

    /// 02:<device, 3 octets>:<interface, 2 octets>; the chassis is interface 0.
    static func mac(_ device: Int, _ n: UInt32) -> [UInt8] {
        [0x02, UInt8(truncatingIfNeeded: device >> 16), UInt8(truncatingIfNeeded: device >> 8),
         UInt8(truncatingIfNeeded: device), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
    }

    /// LLDP neighbour on local port p (1-4) of device i: a ring (port 1 to port 2 of i+1,
    /// port 2 to port 1 of i-1) plus chords (port 3 to port 4 of i+s, port 4 to port 3 of
    /// i-s, s = 2 + seed mod (N-2) when N > 2, else 1). Both ends always agree.
    func neighbour(_ device: Int, port p: UInt32) -> (device: Int, port: UInt32) {
        let n = devices
        let s = n > 2 ? 2 + Int(seed % UInt64(n - 2)) : 1
        switch p {
        case 1: return ((device + 1) % n, 2)
        case 2: return ((device - 1 + n) % n, 1)
        case 3: return ((device + s) % n, 4)
        default: return ((device - s + n) % n, 3)
        }
    }

    private static func ifCounter(_ column: UInt32) -> (Counter, Bool)? {
        switch column {
        case 10: (.inOctets, false)
        case 11: (.inUcast, false)
        case 12: (.inNUcast, false)
        case 13: (.inDiscards, false)
        case 14: (.inErrors, false)
        case 15: (.inUnknownProtos, false)
        case 16: (.outOctets, false)
        case 17: (.outUcast, false)
        case 18: (.outNUcast, false)
        case 19: (.outDiscards, false)
        case 20: (.outErrors, false)
        default: nil
        }
    }

    private static func ifXCounter(_ column: UInt32) -> (Counter, Bool)? {
        switch column {
        case 2: (.inMcast, false)
        case 3: (.inBcast, false)
        case 4: (.outMcast, false)
        case 5: (.outBcast, false)
        case 6: (.inOctets, true)
        case 7: (.inUcast, true)
        case 8: (.inMcast, true)
        case 9: (.inBcast, true)
        case 10: (.outOctets, true)
        case 11: (.outUcast, true)
        case 12: (.outMcast, true)
        case 13: (.outBcast, true)
        default: nil
        }
    }

    private static func text(_ s: String) -> SNMPValue { .octetString(Array(s.utf8)) }

    /// The value of `entry` on `device`, `millis` after the device (re)started.
    func value(_ entry: Entry, device: Int, flags: DeviceFlags, millis: UInt64) -> SNMPValue {
        if let fixed = entry.fixed { return fixed }
        let n = entry.row
        switch entry.group {
        case .system:
            return entry.column == 3
                ? .timeTicks(UInt32(truncatingIfNeeded: millis / 10)) : Simulation.text("sim-\(device)")
        case .ifTable:
            switch entry.column {
            case 6: return .octetString(Simulation.mac(device, n))
            case 8: return .integer(isUp(device, n) ? 1 : 2)
            default:
                guard let (c, _) = Simulation.ifCounter(entry.column) else { return .null }
                let v = counter(c, device: device, n: n, millis: millis, wrap32: flags.wrap32)
                return .counter32(UInt32(truncatingIfNeeded: v))
            }
        case .ifXTable:
            guard let (c, wide) = Simulation.ifXCounter(entry.column) else { return .null }
            let v = counter(c, device: device, n: n, millis: millis, wrap32: flags.wrap32)
            return wide ? .counter64(v) : .counter32(UInt32(truncatingIfNeeded: v))
        case .hrStorage:  // column 6, hrStorageUsed
            let size: UInt64 = n == 1 ? 4_194_304 : 2_621_440
            return .integer(Int32(size / 4 + hash(device, n, 2) % (size / 2)))
        case .hrProcessor:  // column 2, hrProcessorLoad: changes every minute
            return .integer(Int32((hash(device, n, 3) % 60 + millis / 60_000 * 7) % 100))
        case .lldpLocal:
            return entry.column == 2 ? .octetString(Simulation.mac(device, 0)) : Simulation.text("sim-\(device)")
        case .lldpRemote:
            let peer = neighbour(device, port: n)
            switch entry.column {
            case 5: return .octetString(Simulation.mac(peer.device, 0))
            case 7: return Simulation.text("Gi0/\(peer.port)")
            case 8: return Simulation.text("GigabitEthernet0/\(peer.port)")
            default: return Simulation.text("sim-\(peer.device)")
            }
        case .ifNumber, .lldpLocalPort:
            return .null
        }
    }
}
