import NetsightModel
import SNMPCodec

extension DeviceInventory {
    /// Every column the inventory walk reads, in one lockstep walk: interface names,
    /// types and speeds, HOST-RESOURCES CPU and storage, the Cisco CPU fallback, LLDP.
    /// Tables the agent lacks end at once and cost one varbind per request.
    public static let walkColumns: [OID] = [
        DeviceOIDs.ifDescr, DeviceOIDs.ifType, DeviceOIDs.ifSpeed, DeviceOIDs.ifAdminStatus, DeviceOIDs.ifOperStatus,
        DeviceOIDs.ifName, DeviceOIDs.ifHighSpeed, DeviceOIDs.ifAlias,
        DeviceOIDs.hrProcessorLoad, DeviceOIDs.hrStorageDescr, DeviceOIDs.hrStorageAllocationUnits,
        DeviceOIDs.hrStorageSize, DeviceOIDs.hrStorageUsed, DeviceOIDs.cpmCPUTotal5minRev,
        DeviceOIDs.lldpRemChassisId, DeviceOIDs.lldpRemPortId, DeviceOIDs.lldpRemPortDesc, DeviceOIDs.lldpRemSysName,
        DeviceOIDs.lldpLocPortId,
    ]

    /// The system group scalars, read with one Get.
    public static let systemObjects: [OID] = [
        DeviceOIDs.sysUpTime, DeviceOIDs.sysDescr, DeviceOIDs.sysObjectID, DeviceOIDs.sysName,
    ]

    /// Builds the inventory from the system Get and the walk of `walkColumns`.
    /// - Parameters:
    ///   - system: the answer to a Get of `systemObjects` (exceptions read as empty).
    ///   - speedOverrides: bit/s by ifName, from the device's configuration.
    public static func parse(system: [VarBind], table: ColumnTable, speedOverrides: [String: UInt64] = [:]) -> DeviceInventory {
        var inventory = DeviceInventory(system: parseSystem(system))
        inventory.interfaces = parseInterfaces(table, speedOverrides: speedOverrides)
        let cpu = table.rows(of: DeviceOIDs.hrProcessorLoad)
        if !cpu.isEmpty {
            inventory.cpuSource = .hostResources
        } else if !table.rows(of: DeviceOIDs.cpmCPUTotal5minRev).isEmpty {
            inventory.cpuSource = .cisco
        }
        for (index, value) in table.byIndex(DeviceOIDs.hrStorageDescr) { inventory.storageNames[index] = value.text }
        inventory.neighbours = parseNeighbours(table, interfaces: inventory.interfaces)
        return inventory
    }

    static func parseSystem(_ varBinds: [VarBind]) -> DeviceSystemInfo {
        var info = DeviceSystemInfo()
        for vb in varBinds {
            switch vb.oid {
            case DeviceOIDs.sysDescr: info.sysDescr = vb.value.text
            case DeviceOIDs.sysObjectID: info.sysObjectID = vb.value.text
            case DeviceOIDs.sysName: info.sysName = vb.value.text
            case DeviceOIDs.sysUpTime: if case .timeTicks(let t) = vb.value { info.sysUpTimeTicks = t }
            default: break
            }
        }
        return info
    }

    /// One interface per ifIndex found in any ifTable/ifXTable column. The name is ifName,
    /// else ifDescr (agents without ifXTable), else "ifIndex N" so it is never empty.
    static func parseInterfaces(_ table: ColumnTable, speedOverrides: [String: UInt64]) -> [UInt32: Interface] {
        let descr = table.byIndex(DeviceOIDs.ifDescr)
        let type = table.byIndex(DeviceOIDs.ifType)
        let speed = table.byIndex(DeviceOIDs.ifSpeed)
        let admin = table.byIndex(DeviceOIDs.ifAdminStatus)
        let oper = table.byIndex(DeviceOIDs.ifOperStatus)
        let name = table.byIndex(DeviceOIDs.ifName)
        let high = table.byIndex(DeviceOIDs.ifHighSpeed)
        let alias = table.byIndex(DeviceOIDs.ifAlias)
        var indexes = Set(descr.keys)
        for column in [type, oper, name] { indexes.formUnion(column.keys) }
        var out: [UInt32: Interface] = [:]
        out.reserveCapacity(indexes.count)
        for ifIndex in indexes {
            let descrText = descr[ifIndex]?.text ?? ""
            var ifName = name[ifIndex]?.text ?? ""
            if ifName.isEmpty { ifName = descrText }
            if ifName.isEmpty { ifName = "ifIndex \(ifIndex)" }
            let ifHighSpeed = UInt32(clamping: high[ifIndex]?.unsigned ?? 0)
            let ifSpeed = UInt32(clamping: speed[ifIndex]?.unsigned ?? 0)
            let override = speedOverrides[ifName]
            let info = InterfaceInfo(
                ifIndex: ifIndex, name: ifName, alias: alias[ifIndex]?.text ?? "", descr: descrText,
                type: UInt32(clamping: type[ifIndex]?.unsigned ?? 0),
                speedBitsPerSecond: effectiveSpeed(override: override, ifHighSpeed: ifHighSpeed, ifSpeed: ifSpeed),
                adminStatus: admin[ifIndex]?.integer ?? 0, operStatus: oper[ifIndex]?.integer ?? 0)
            out[ifIndex] = Interface(info: info, ifHighSpeed: ifHighSpeed, ifSpeed: ifSpeed, speedOverride: override)
        }
        return out
    }

    /// The override, else ifHighSpeed in Mbit/s, else ifSpeed unless 0 or the
    /// 4,294,967,295 "see ifHighSpeed" marker: the rule `InterfaceCounterPoll` applies.
    static func effectiveSpeed(override: UInt64?, ifHighSpeed: UInt32, ifSpeed: UInt32) -> UInt64? {
        if let override, override > 0 { return override }
        if ifHighSpeed > 0 { return UInt64(ifHighSpeed) * 1_000_000 }
        if ifSpeed > 0, ifSpeed != UInt32.max { return UInt64(ifSpeed) }
        return nil
    }

    /// LLDP remote rows (index timeMark.localPortNum.remIndex), with the local port named
    /// by lldpLocPortId when printable, else by the ifName of the same number (most agents
    /// number LLDP ports by ifIndex).
    static func parseNeighbours(_ table: ColumnTable, interfaces: [UInt32: Interface]) -> [LLDPNeighbour] {
        let chassis = table.rows(of: DeviceOIDs.lldpRemChassisId)
        guard !chassis.isEmpty else { return [] }
        func keyed(_ column: OID) -> [[UInt32]: SNMPValue] {
            var out: [[UInt32]: SNMPValue] = [:]
            for row in table.rows(of: column) { out[Array(row.index)] = row.value }
            return out
        }
        let portID = keyed(DeviceOIDs.lldpRemPortId)
        let portDesc = keyed(DeviceOIDs.lldpRemPortDesc)
        let sysName = keyed(DeviceOIDs.lldpRemSysName)
        let localPorts = table.byIndex(DeviceOIDs.lldpLocPortId)
        var out: [LLDPNeighbour] = []
        for row in chassis where row.index.count == 3 {
            let key = Array(row.index)
            let localNumber = key[1]
            var localName = ""
            if case .octetString(let bytes)? = localPorts[localNumber], !bytes.isEmpty,
                bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
            {
                localName = String(decoding: bytes, as: UTF8.self)
            } else if let interface = interfaces[localNumber] {
                localName = interface.info.name
            }
            out.append(LLDPNeighbour(
                localPortNumber: localNumber, localPort: localName, remoteChassisID: row.value.identifierText,
                remotePort: portID[key]?.identifierText ?? "", remotePortDescription: portDesc[key]?.text ?? "",
                remoteSystemName: sysName[key]?.text ?? ""))
        }
        return out
    }

    /// CPU and storage from a table holding the health columns, nil when there are none.
    public func health(from table: ColumnTable) -> DeviceHealth? {
        var health = DeviceHealth()
        switch cpuSource {
        case .none: break
        case .hostResources:
            health.cpuPercents = table.rows(of: DeviceOIDs.hrProcessorLoad).compactMap { row in row.value.unsigned.map { Double($0) } }
        case .cisco:
            health.cpuPercents = table.rows(of: DeviceOIDs.cpmCPUTotal5minRev).compactMap { row in row.value.unsigned.map { Double($0) } }
        }
        let units = table.byIndex(DeviceOIDs.hrStorageAllocationUnits)
        let size = table.byIndex(DeviceOIDs.hrStorageSize)
        let used = table.byIndex(DeviceOIDs.hrStorageUsed)
        for index in storageNames.keys.sorted() {
            guard let unit = units[index]?.unsigned, let total = size[index]?.unsigned else { continue }
            let usedUnits = used[index]?.unsigned ?? 0
            health.storage.append(DeviceHealth.StorageUsage(
                index: index, descr: storageNames[index] ?? "", sizeBytes: total &* unit, usedBytes: usedUnits &* unit))
        }
        if health.cpuPercents.isEmpty && health.storage.isEmpty { return nil }
        return health
    }
}
