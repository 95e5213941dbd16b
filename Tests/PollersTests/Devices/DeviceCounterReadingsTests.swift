import Analytics
import Pollers
import SNMPCodec
import Testing

@Suite("DeviceCounterReadings")
struct DeviceCounterReadingsTests {
    @Test func highCapacityWinsAndLegacyFillsIn() {
        let columns = DeviceCounterReadings.columns(highCapacity: true, legacy: true)
        let table = ColumnTable(columns: columns, varBinds: [
            VarBind(DeviceOIDs.ifOperStatus.appending(1), .integer(1)),
            VarBind(DeviceOIDs.ifOperStatus.appending(2), .integer(2)),
            VarBind(DeviceOIDs.ifAdminStatus.appending(2), .integer(1)),
            VarBind(DeviceOIDs.ifInErrors.appending(2), .counter32(7)),
            VarBind(DeviceOIDs.ifInOctets.appending(1), .counter32(705_032_704)),
            VarBind(DeviceOIDs.ifInOctets.appending(2), .counter32(1_000)),
            VarBind(DeviceOIDs.ifInNUcastPkts.appending(2), .counter32(3)),
            VarBind(DeviceOIDs.ifHCInOctets.appending(1), .counter64(5_000_000_000)),
            VarBind(DeviceOIDs.ifCounterDiscontinuityTime.appending(1), .timeTicks(42)),
        ])
        let r = DeviceCounterReadings.parse(table)
        #expect(r.ifIndexes == [1, 2])
        #expect(r.counters[1]?.inOctets == .counter64(5_000_000_000))
        #expect(r.counters[2]?.inOctets == .counter32(1_000))
        #expect(r.counters[2]?.inMulticastPackets == .counter32(3))
        #expect(r.counters[2]?.inErrors == .counter32(7))
        #expect(r.missingHighCapacity == [2])
        #expect(r.discontinuityTime == [1: 42])
        #expect(r.operStatus == [1: 1, 2: 2] && r.adminStatus == [2: 1])
    }

    @Test func v1ColumnsHaveNoCounter64() {
        let columns = DeviceCounterReadings.columns(highCapacity: false, legacy: true)
        #expect(!columns.contains(DeviceOIDs.ifHCInOctets))
        #expect(columns.contains(DeviceOIDs.ifInOctets))
        #expect(!DeviceCounterReadings.columns(highCapacity: true, legacy: false).contains(DeviceOIDs.ifInOctets))
    }
}
