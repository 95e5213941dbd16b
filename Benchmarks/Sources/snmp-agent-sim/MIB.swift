import SNMPCodec

/// The OID layout every simulated device shares: one sorted index of instances, built once.
/// Only values differ between devices, and they are computed when asked for
/// (`Simulation.value`), so a request never builds a table.

/// Which group an instance belongs to; with `Entry.column` it names the object.
enum Group: UInt8 {
    case system, ifNumber, ifTable, ifXTable, hrStorage, hrProcessor, lldpLocal, lldpLocalPort, lldpRemote
}

/// One instance (object plus index) of the layout (a class: the hot path passes it around
/// without copying its arrays).
final class Entry {
    /// The instance's name, arc by arc (what lookups compare).
    let arcs: [UInt32]
    /// The same name as BER OBJECT IDENTIFIER contents, encoded once.
    let name: [UInt8]
    let group: Group
    /// The column (table objects) or the scalar's last arc before `.0`.
    let column: UInt32
    /// The row: ifIndex, hrStorageIndex, CPU number (0, 1), or LLDP local port.
    let row: UInt32
    /// How many leading arcs name the object (the rest is the index): for noSuchInstance.
    let objectArcs: Int
    /// A value that is the same on every device and at every time, or nil.
    let fixed: SNMPValue?
    /// Counter64 (ifHC*): hidden from SNMPv1 and from `--no-hc` devices.
    let isCounter64: Bool
    /// The whole VarBind SEQUENCE when `fixed` is set, encoded once.
    let fixedVarBind: [UInt8]?

    init(arcs: [UInt32], name: [UInt8], group: Group, column: UInt32, row: UInt32, objectArcs: Int,
         fixed: SNMPValue?, isCounter64: Bool) {
        self.arcs = arcs
        self.name = name
        self.group = group
        self.column = column
        self.row = row
        self.objectArcs = objectArcs
        self.fixed = fixed
        self.isCounter64 = isCounter64
        self.fixedVarBind = fixed.map { encodeVarBind(name: name, $0) }
    }
}

/// One VarBind SEQUENCE (name contents already encoded), with SNMPCodec's writer.
func encodeVarBind(name: [UInt8], _ value: SNMPValue) -> [UInt8] {
    var w = BERWriter(reservingCapacity: name.count + 24)
    w.writeSequence { pair in
        pair.write(.objectIdentifier, contents: name)
        value.write(to: &pair)
    }
    return w.bytes
}

enum Prefix {
    static let system: [UInt32] = [1, 3, 6, 1, 2, 1, 1]
    static let ifNumber: [UInt32] = [1, 3, 6, 1, 2, 1, 2, 1]
    static let ifEntry: [UInt32] = [1, 3, 6, 1, 2, 1, 2, 2, 1]
    static let ifXEntry: [UInt32] = [1, 3, 6, 1, 2, 1, 31, 1, 1, 1]
    static let hrStorageEntry: [UInt32] = [1, 3, 6, 1, 2, 1, 25, 2, 3, 1]
    static let hrProcessorEntry: [UInt32] = [1, 3, 6, 1, 2, 1, 25, 3, 3, 1]
    static let lldpLocal: [UInt32] = [1, 0, 8802, 1, 1, 2, 1, 3]
    static let lldpLocPortEntry: [UInt32] = [1, 0, 8802, 1, 1, 2, 1, 3, 7, 1]
    static let lldpRemEntry: [UInt32] = [1, 0, 8802, 1, 1, 2, 1, 4, 1, 1]
}

/// hrDeviceIndex of the two simulated CPUs (net-snmp numbers processors from 768 << 8).
let firstCPUDevice: UInt32 = 196_608
/// LLDP neighbours sit on local ports 1...min(4, interfaces).
let lldpPorts = 4

struct Layout {
    let entries: [Entry]

    init(interfaces: Int) {
        var list: [Entry] = []
        let k = UInt32(interfaces)
        func add(_ prefix: [UInt32], _ group: Group, _ column: UInt32, _ index: [UInt32], row: UInt32 = 0,
                 fixed: SNMPValue? = nil, counter64: Bool = false) {
            let object = prefix + [column]
            let arcs = object + index
            list.append(Entry(
                arcs: arcs, name: OID(arcs).berContents, group: group, column: column, row: row,
                objectArcs: object.count, fixed: fixed, isCounter64: counter64))
        }
        func text(_ s: String) -> SNMPValue { .octetString(Array(s.utf8)) }

        // SNMPv2-MIB system group.
        for c: UInt32 in 1...7 {
            let fixed: SNMPValue? = switch c {
            case 1: text("Netsight simulated router")
            case 2: .objectIdentifier(OID([1, 3, 6, 1, 4, 1, 8072, 3, 2, 10]))
            case 4: text("netsight lab")
            case 6: text("loopback")
            case 7: .integer(6)
            default: nil  // 3 sysUpTime, 5 sysName
            }
            add(Prefix.system, .system, c, [0], fixed: fixed)
        }
        // IF-MIB ifNumber, ifTable (columns 1-22), ifXTable (columns 1-19).
        add([1, 3, 6, 1, 2, 1, 2], .ifNumber, 1, [0], fixed: .integer(Int32(interfaces)))
        if k > 0 {
            for c: UInt32 in 1...22 {
                for n in 1...k {
                    let fixed: SNMPValue? = switch c {
                    case 1: .integer(Int32(n))
                    case 2: text("GigabitEthernet0/\(n)")
                    case 3: .integer(6)
                    case 4: .integer(n % 8 == 0 ? 9000 : 1500)
                    case 5: .gauge32(1_000_000_000)
                    case 7: .integer(1)
                    case 9: .timeTicks(0)
                    case 21: .gauge32(0)
                    case 22: .objectIdentifier(OID([0, 0]))
                    default: nil
                    }
                    add(Prefix.ifEntry, .ifTable, c, [n], row: n, fixed: fixed)
                }
            }
            for c: UInt32 in 1...19 {
                for n in 1...k {
                    let fixed: SNMPValue? = switch c {
                    case 1: text("Gi0/\(n)")
                    case 14: .integer(1)
                    case 15: .gauge32(1000)
                    case 16: .integer(2)
                    case 17: .integer(1)
                    case 18: text("uplink \(n)")
                    case 19: .timeTicks(0)
                    default: nil
                    }
                    add(Prefix.ifXEntry, .ifXTable, c, [n], row: n, fixed: fixed, counter64: (6...13).contains(c))
                }
            }
        }
        // HOST-RESOURCES-MIB hrStorageTable (2 rows) and hrProcessorTable (2 CPUs).
        for c: UInt32 in 1...7 {
            for r: UInt32 in 1...2 {
                let fixed: SNMPValue? = switch c {
                case 1: .integer(Int32(r))
                case 2: .objectIdentifier(OID([1, 3, 6, 1, 2, 1, 25, 2, 1, r == 1 ? 2 : 4]))
                case 3: text(r == 1 ? "Physical memory" : "/")
                case 4: .integer(r == 1 ? 1024 : 4096)
                case 5: .integer(r == 1 ? 4_194_304 : 2_621_440)
                case 7: .counter32(0)
                default: nil  // 6 hrStorageUsed
                }
                add(Prefix.hrStorageEntry, .hrStorage, c, [r], row: r, fixed: fixed)
            }
        }
        for c: UInt32 in 1...2 {
            for cpu: UInt32 in 0...1 {
                add(Prefix.hrProcessorEntry, .hrProcessor, c, [firstCPUDevice + cpu], row: cpu,
                    fixed: c == 1 ? .objectIdentifier(OID([0, 0])) : nil)
            }
        }
        // LLDP-MIB: local chassis (lldpLocChassisIdSubtype, lldpLocChassisId, lldpLocSysName),
        // lldpLocPortTable (columns 2-4) and lldpRemTable (columns 4-9, index timeMark 0,
        // local port, lldpRemIndex 1).
        add(Prefix.lldpLocal, .lldpLocal, 1, [0], fixed: .integer(4))
        add(Prefix.lldpLocal, .lldpLocal, 2, [0])
        add(Prefix.lldpLocal, .lldpLocal, 3, [0])
        if k > 0 {
            for c: UInt32 in 2...4 {
                for n in 1...k {
                    let fixed: SNMPValue = switch c {
                    case 2: .integer(5)
                    case 3: text("Gi0/\(n)")
                    default: text("GigabitEthernet0/\(n)")
                    }
                    add(Prefix.lldpLocPortEntry, .lldpLocalPort, c, [n], row: n, fixed: fixed)
                }
            }
            for c: UInt32 in 4...9 {
                for p in 1...min(UInt32(lldpPorts), k) {
                    let fixed: SNMPValue? = switch c {
                    case 4: .integer(4)
                    case 6: .integer(5)
                    default: nil
                    }
                    add(Prefix.lldpRemEntry, .lldpRemote, c, [0, p, 1], row: p, fixed: fixed)
                }
            }
        }
        list.sort { $0.arcs.lexicographicallyPrecedes($1.arcs) }
        entries = list
    }

    /// The index of the first entry whose name is after `arcs` (GetNext), or `entries.count`.
    func firstAfter(_ arcs: [UInt32]) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if compare(entries[mid].arcs, arcs) <= 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The index of the first entry whose name is `arcs` or after it.
    func firstAtOrAfter(_ arcs: [UInt32]) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if compare(entries[mid].arcs, arcs) < 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Whether `arcs` names an instance of an object the layout has (noSuchInstance rather
    /// than noSuchObject). The object's instances are contiguous and `arcs` sorts among
    /// them, so the two neighbours of its position are enough.
    func hasObject(of arcs: [UInt32], near index: Int) -> Bool {
        for i in [index - 1, index] where i >= 0 && i < entries.count {
            let e = entries[i]
            if arcs.count > e.objectArcs, arcs.starts(with: e.arcs[0..<e.objectArcs]) { return true }
        }
        return false
    }
}

/// Lexicographic order of OIDs, arc by arc, a prefix first.
@inline(__always)
func compare(_ a: [UInt32], _ b: [UInt32]) -> Int {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            let n = min(a.count, b.count)
            var i = 0
            while i < n {
                if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
                i += 1
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        }
    }
}
