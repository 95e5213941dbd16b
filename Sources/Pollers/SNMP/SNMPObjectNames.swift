import SNMPCodec

/// A small built-in name table for the objects the poller uses, so the CLI accepts
/// `sysName.0` or `ifHCInOctets` without MIB files (Debian ships none: the MIB
/// downloader is non-free). Anything else must be numeric.
public enum SNMPObjectNames {
    public static let table: [String: String] = [
        // SNMPv2-MIB system group
        "system": "1.3.6.1.2.1.1", "sysDescr": "1.3.6.1.2.1.1.1", "sysObjectID": "1.3.6.1.2.1.1.2",
        "sysUpTime": "1.3.6.1.2.1.1.3", "sysContact": "1.3.6.1.2.1.1.4", "sysName": "1.3.6.1.2.1.1.5",
        "sysLocation": "1.3.6.1.2.1.1.6", "sysServices": "1.3.6.1.2.1.1.7",
        // IF-MIB
        "interfaces": "1.3.6.1.2.1.2", "ifNumber": "1.3.6.1.2.1.2.1", "ifTable": "1.3.6.1.2.1.2.2",
        "ifEntry": "1.3.6.1.2.1.2.2.1", "ifIndex": "1.3.6.1.2.1.2.2.1.1", "ifDescr": "1.3.6.1.2.1.2.2.1.2",
        "ifType": "1.3.6.1.2.1.2.2.1.3", "ifMtu": "1.3.6.1.2.1.2.2.1.4", "ifSpeed": "1.3.6.1.2.1.2.2.1.5",
        "ifPhysAddress": "1.3.6.1.2.1.2.2.1.6", "ifAdminStatus": "1.3.6.1.2.1.2.2.1.7",
        "ifOperStatus": "1.3.6.1.2.1.2.2.1.8", "ifLastChange": "1.3.6.1.2.1.2.2.1.9",
        "ifInOctets": "1.3.6.1.2.1.2.2.1.10", "ifInUcastPkts": "1.3.6.1.2.1.2.2.1.11",
        "ifInDiscards": "1.3.6.1.2.1.2.2.1.13", "ifInErrors": "1.3.6.1.2.1.2.2.1.14",
        "ifOutOctets": "1.3.6.1.2.1.2.2.1.16", "ifOutUcastPkts": "1.3.6.1.2.1.2.2.1.17",
        "ifOutDiscards": "1.3.6.1.2.1.2.2.1.19", "ifOutErrors": "1.3.6.1.2.1.2.2.1.20",
        "ifXTable": "1.3.6.1.2.1.31.1.1", "ifXEntry": "1.3.6.1.2.1.31.1.1.1", "ifName": "1.3.6.1.2.1.31.1.1.1.1",
        "ifHCInOctets": "1.3.6.1.2.1.31.1.1.1.6", "ifHCInUcastPkts": "1.3.6.1.2.1.31.1.1.1.7",
        "ifHCInMulticastPkts": "1.3.6.1.2.1.31.1.1.1.8", "ifHCInBroadcastPkts": "1.3.6.1.2.1.31.1.1.1.9",
        "ifHCOutOctets": "1.3.6.1.2.1.31.1.1.1.10", "ifHCOutUcastPkts": "1.3.6.1.2.1.31.1.1.1.11",
        "ifHCOutMulticastPkts": "1.3.6.1.2.1.31.1.1.1.12", "ifHCOutBroadcastPkts": "1.3.6.1.2.1.31.1.1.1.13",
        "ifHighSpeed": "1.3.6.1.2.1.31.1.1.1.15", "ifAlias": "1.3.6.1.2.1.31.1.1.1.18",
        "ifCounterDiscontinuityTime": "1.3.6.1.2.1.31.1.1.1.19",
        // HOST-RESOURCES-MIB
        "hrSystemUptime": "1.3.6.1.2.1.25.1.1", "hrStorageTable": "1.3.6.1.2.1.25.2.3",
        "hrStorageDescr": "1.3.6.1.2.1.25.2.3.1.3", "hrStorageAllocationUnits": "1.3.6.1.2.1.25.2.3.1.4",
        "hrStorageSize": "1.3.6.1.2.1.25.2.3.1.5", "hrStorageUsed": "1.3.6.1.2.1.25.2.3.1.6",
        "hrProcessorTable": "1.3.6.1.2.1.25.3.3", "hrProcessorLoad": "1.3.6.1.2.1.25.3.3.1.2",
        // ENTITY-SENSOR-MIB, CISCO-PROCESS-MIB
        "entPhySensorTable": "1.3.6.1.2.1.99.1.1", "entPhySensorValue": "1.3.6.1.2.1.99.1.1.1.4",
        "cpmCPUTotal5minRev": "1.3.6.1.4.1.9.9.109.1.1.1.1.8",
        // LLDP-MIB
        "lldpLocPortTable": "1.0.8802.1.1.2.1.3.7", "lldpRemTable": "1.0.8802.1.1.2.1.4.1",
        "lldpRemChassisId": "1.0.8802.1.1.2.1.4.1.1.5", "lldpRemPortId": "1.0.8802.1.1.2.1.4.1.1.7",
        "lldpRemPortDesc": "1.0.8802.1.1.2.1.4.1.1.8", "lldpRemSysName": "1.0.8802.1.1.2.1.4.1.1.9",
        "lldpRemSysDesc": "1.0.8802.1.1.2.1.4.1.1.10",
    ]

    /// Parses `1.3.6.1.2.1.1.5.0`, `.1.3.6...`, `sysName`, `sysName.0`,
    /// `SNMPv2-MIB::sysName.0` or `ifHCInOctets.3`.
    public static func parse(_ text: String) -> OID? {
        if let oid = OID(text) { return oid }
        var name = Substring(text)
        if let range = name.firstRange(of: "::") { name = name[range.upperBound...] }
        let parts = name.split(separator: ".", maxSplits: 1)
        guard let first = parts.first, let base = table[String(first)], var oid = OID(base) else { return nil }
        if parts.count == 2 {
            guard let suffix = OID(parts[1]) else { return nil }
            oid.arcs += suffix.arcs
        }
        return oid
    }
}
