import SNMPCodec

/// The MIB objects the device poller reads, by their numeric OIDs (no MIB files are
/// loaded at run time: the poller needs these few and nothing else).
public enum DeviceOIDs {
    // SNMPv2-MIB system group scalars (instances, with .0).
    public static let sysDescr: OID = [1, 3, 6, 1, 2, 1, 1, 1, 0]
    public static let sysObjectID: OID = [1, 3, 6, 1, 2, 1, 1, 2, 0]
    public static let sysUpTime: OID = [1, 3, 6, 1, 2, 1, 1, 3, 0]
    public static let sysName: OID = [1, 3, 6, 1, 2, 1, 1, 5, 0]

    /// IF-MIB ifTable column `n` (ifEntry.n).
    public static func ifTable(_ n: UInt32) -> OID { [1, 3, 6, 1, 2, 1, 2, 2, 1, n] }
    /// IF-MIB ifXTable column `n` (ifXEntry.n).
    public static func ifXTable(_ n: UInt32) -> OID { [1, 3, 6, 1, 2, 1, 31, 1, 1, 1, n] }

    public static let ifDescr = ifTable(2)
    public static let ifType = ifTable(3)
    public static let ifSpeed = ifTable(5)
    public static let ifAdminStatus = ifTable(7)
    public static let ifOperStatus = ifTable(8)
    public static let ifInOctets = ifTable(10)
    public static let ifInUcastPkts = ifTable(11)
    public static let ifInNUcastPkts = ifTable(12)
    public static let ifInDiscards = ifTable(13)
    public static let ifInErrors = ifTable(14)
    public static let ifOutOctets = ifTable(16)
    public static let ifOutUcastPkts = ifTable(17)
    public static let ifOutNUcastPkts = ifTable(18)
    public static let ifOutDiscards = ifTable(19)
    public static let ifOutErrors = ifTable(20)

    public static let ifName = ifXTable(1)
    public static let ifHCInOctets = ifXTable(6)
    public static let ifHCInUcastPkts = ifXTable(7)
    public static let ifHCInMulticastPkts = ifXTable(8)
    public static let ifHCInBroadcastPkts = ifXTable(9)
    public static let ifHCOutOctets = ifXTable(10)
    public static let ifHCOutUcastPkts = ifXTable(11)
    public static let ifHCOutMulticastPkts = ifXTable(12)
    public static let ifHCOutBroadcastPkts = ifXTable(13)
    public static let ifHighSpeed = ifXTable(15)
    public static let ifAlias = ifXTable(18)
    public static let ifCounterDiscontinuityTime = ifXTable(19)

    // HOST-RESOURCES-MIB.
    public static let hrProcessorLoad: OID = [1, 3, 6, 1, 2, 1, 25, 3, 3, 1, 2]
    public static let hrStorageDescr: OID = [1, 3, 6, 1, 2, 1, 25, 2, 3, 1, 3]
    public static let hrStorageAllocationUnits: OID = [1, 3, 6, 1, 2, 1, 25, 2, 3, 1, 4]
    public static let hrStorageSize: OID = [1, 3, 6, 1, 2, 1, 25, 2, 3, 1, 5]
    public static let hrStorageUsed: OID = [1, 3, 6, 1, 2, 1, 25, 2, 3, 1, 6]

    /// CISCO-PROCESS-MIB cpmCPUTotal5minRev: the CPU fallback for IOS devices, which
    /// have no hrProcessorLoad.
    public static let cpmCPUTotal5minRev: OID = [1, 3, 6, 1, 4, 1, 9, 9, 109, 1, 1, 1, 1, 8]

    // LLDP-MIB (IEEE 802.1AB-2005), remote table indexed timeMark.localPortNum.remIndex.
    public static let lldpRemChassisId: OID = [1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 5]
    public static let lldpRemPortId: OID = [1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 7]
    public static let lldpRemPortDesc: OID = [1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 8]
    public static let lldpRemSysName: OID = [1, 0, 8802, 1, 1, 2, 1, 4, 1, 1, 9]
    /// lldpLocPortId, indexed by lldpLocPortNum: the local port's name.
    public static let lldpLocPortId: OID = [1, 0, 8802, 1, 1, 2, 1, 3, 7, 1, 3]
}
