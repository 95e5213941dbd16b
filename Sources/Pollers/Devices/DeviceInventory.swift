import NetsightModel
import SNMPCodec

/// What a device's inventory walk found: the system group, the interface table without
/// counters, where CPU and storage come from, and the LLDP neighbours.
///
/// Cached by `DevicePoller` between re-walks: names, types and speeds change rarely,
/// and reading them every cycle would double the poll's traffic.
public struct DeviceInventory: Sendable, Hashable {
    public var system: DeviceSystemInfo
    /// Interfaces by ifIndex; admin/oper status as of the walk.
    public var interfaces: [UInt32: Interface]
    public var cpuSource: CPUSource
    /// hrStorageDescr by hrStorageIndex; empty when the agent has no hrStorageTable.
    public var storageNames: [UInt32: String]
    public var neighbours: [LLDPNeighbour]

    /// One interface: what the report shows plus the raw speeds the rate tracker bounds with.
    public struct Interface: Sendable, Hashable {
        public var info: InterfaceInfo
        /// ifHighSpeed (Mbit/s) and ifSpeed (bit/s) as the agent sent them; 0 when absent.
        public var ifHighSpeed: UInt32
        public var ifSpeed: UInt32
        /// The configured speed for this ifName, if any.
        public var speedOverride: UInt64?
    }

    /// Which table gives the CPU load.
    public enum CPUSource: Sendable, Hashable {
        case none
        /// HOST-RESOURCES-MIB hrProcessorLoad: one row per processor.
        case hostResources
        /// CISCO-PROCESS-MIB cpmCPUTotal5minRev: one row per CPU module.
        case cisco
    }

    public init(
        system: DeviceSystemInfo = DeviceSystemInfo(), interfaces: [UInt32: Interface] = [:],
        cpuSource: CPUSource = .none, storageNames: [UInt32: String] = [:], neighbours: [LLDPNeighbour] = []
    ) {
        self.system = system
        self.interfaces = interfaces
        self.cpuSource = cpuSource
        self.storageNames = storageNames
        self.neighbours = neighbours
    }

    /// The interfaces in ifIndex order, as the report carries them.
    public var sortedInterfaces: [InterfaceInfo] {
        interfaces.values.map(\.info).sorted { $0.ifIndex < $1.ifIndex }
    }

    /// The health columns to read every cycle: CPU from the source found, and the
    /// storage sizes (used space moves; descriptions do not).
    public var healthColumns: [OID] {
        var columns: [OID] = []
        switch cpuSource {
        case .none: break
        case .hostResources: columns.append(DeviceOIDs.hrProcessorLoad)
        case .cisco: columns.append(DeviceOIDs.cpmCPUTotal5minRev)
        }
        if !storageNames.isEmpty {
            columns += [DeviceOIDs.hrStorageAllocationUnits, DeviceOIDs.hrStorageSize, DeviceOIDs.hrStorageUsed]
        }
        return columns
    }
}
