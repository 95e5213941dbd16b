import NetsightModel
import Pollers
import SNMPCodec
import Synchronization

/// One interface of a fake device, with the counters a test moves between polls.
struct FakeInterface {
    var ifIndex: UInt32
    var name: String?
    var descr: String
    var alias = ""
    var type: Int32 = 6
    var ifSpeed: UInt32 = 0
    var ifHighSpeed: UInt32?
    var admin: Int32 = 1
    var oper: Int32 = 1
    /// Whether the agent has the ifHC* columns for it.
    var highCapacity = true
    var inOctets: UInt64 = 0
    var outOctets: UInt64 = 0
    var inPackets: UInt64 = 0
    var outPackets: UInt64 = 0
    var inErrors: UInt32 = 0
}

/// A device's SNMP table: system group plus ifTable/ifXTable rows, and `extra` rows.
func deviceTable(uptime: UInt32, sysName: String = "edge-1", interfaces: [FakeInterface], extra: [VarBind] = []) -> [VarBind] {
    func text(_ s: String) -> SNMPValue { .octetString(Array(s.utf8)) }
    var rows: [VarBind] = [
        VarBind(DeviceOIDs.sysDescr, text("Fake OS 1.0")),
        VarBind(DeviceOIDs.sysObjectID, .objectIdentifier([1, 3, 6, 1, 4, 1, 8072, 3, 2, 10])),
        VarBind(DeviceOIDs.sysUpTime, .timeTicks(uptime)),
        VarBind(DeviceOIDs.sysName, text(sysName)),
    ]
    for i in interfaces {
        let x = i.ifIndex
        rows += [
            VarBind(DeviceOIDs.ifDescr.appending(x), text(i.descr)),
            VarBind(DeviceOIDs.ifType.appending(x), .integer(i.type)),
            VarBind(DeviceOIDs.ifSpeed.appending(x), .gauge32(i.ifSpeed)),
            VarBind(DeviceOIDs.ifAdminStatus.appending(x), .integer(i.admin)),
            VarBind(DeviceOIDs.ifOperStatus.appending(x), .integer(i.oper)),
            VarBind(DeviceOIDs.ifInOctets.appending(x), .counter32(UInt32(truncatingIfNeeded: i.inOctets))),
            VarBind(DeviceOIDs.ifInUcastPkts.appending(x), .counter32(UInt32(truncatingIfNeeded: i.inPackets))),
            VarBind(DeviceOIDs.ifInDiscards.appending(x), .counter32(0)),
            VarBind(DeviceOIDs.ifInErrors.appending(x), .counter32(i.inErrors)),
            VarBind(DeviceOIDs.ifOutOctets.appending(x), .counter32(UInt32(truncatingIfNeeded: i.outOctets))),
            VarBind(DeviceOIDs.ifOutUcastPkts.appending(x), .counter32(UInt32(truncatingIfNeeded: i.outPackets))),
            VarBind(DeviceOIDs.ifOutDiscards.appending(x), .counter32(0)),
            VarBind(DeviceOIDs.ifOutErrors.appending(x), .counter32(0)),
        ]
        if let name = i.name {
            rows += [
                VarBind(DeviceOIDs.ifName.appending(x), text(name)),
                VarBind(DeviceOIDs.ifAlias.appending(x), text(i.alias)),
            ]
        }
        if let high = i.ifHighSpeed { rows.append(VarBind(DeviceOIDs.ifHighSpeed.appending(x), .gauge32(high))) }
        if i.highCapacity {
            rows += [
                VarBind(DeviceOIDs.ifHCInOctets.appending(x), .counter64(i.inOctets)),
                VarBind(DeviceOIDs.ifHCInUcastPkts.appending(x), .counter64(i.inPackets)),
                VarBind(DeviceOIDs.ifHCInMulticastPkts.appending(x), .counter64(0)),
                VarBind(DeviceOIDs.ifHCInBroadcastPkts.appending(x), .counter64(0)),
                VarBind(DeviceOIDs.ifHCOutOctets.appending(x), .counter64(i.outOctets)),
                VarBind(DeviceOIDs.ifHCOutUcastPkts.appending(x), .counter64(i.outPackets)),
                VarBind(DeviceOIDs.ifHCOutMulticastPkts.appending(x), .counter64(0)),
                VarBind(DeviceOIDs.ifHCOutBroadcastPkts.appending(x), .counter64(0)),
                VarBind(DeviceOIDs.ifCounterDiscontinuityTime.appending(x), .timeTicks(0)),
            ]
        }
    }
    return rows + extra
}

/// A poll spec for a fake agent with short timeouts (tests must not wait seconds).
func fakeSpec(
    _ name: String, agent: FakeAgent, version: SNMPVersion = .v2c, community: String = "public",
    interval: Duration = .seconds(60), rewalkEveryCycles: Int = 60, speedOverrides: [String: UInt64] = [:]
) -> DevicePollSpec {
    DevicePollSpec(
        name: name,
        target: SNMPTarget(
            host: "127.0.0.1", port: agent.port, version: version, community: community,
            timeout: .milliseconds(200), retries: 1),
        site: "lab", interval: interval, rewalkEveryCycles: rewalkEveryCycles, speedOverrides: speedOverrides)
}

/// Collects reports in arrival order.
final class CollectingSink: DevicePollSink {
    let collected = Mutex<[DevicePollReport]>([])
    func devicePolled(_ report: DevicePollReport) async {
        collected.withLock { $0.append(report) }
    }
    func reports(of device: String) -> [DevicePollReport] {
        collected.withLock { $0.filter { $0.device == device } }
    }
}

/// A switch a test flips while an agent's behaviour closure reads it.
final class TestFlag: Sendable {
    let state: Mutex<Bool>
    init(_ on: Bool) { state = Mutex(on) }
    var isOn: Bool { state.withLock { $0 } }
    func set(_ on: Bool) { state.withLock { $0 = on } }
}
