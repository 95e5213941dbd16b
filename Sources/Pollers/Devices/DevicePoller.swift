import Analytics
import NetsightModel
import SNMPCodec

/// Polls one device, cycle after cycle: keeps its cached inventory, its rate tracker
/// and its failure count, so that each cycle costs one Get and one counter walk.
///
/// A value type owned by one task (the scheduler gives each device its own): no lock,
/// and a slow device only ever delays itself. `poll` never throws; what failed is in the
/// report's status, naming the device and its address.
public struct DevicePoller: Sendable {
    public let spec: DevicePollSpec
    /// The last successful inventory walk, nil before the first one.
    public private(set) var inventory: DeviceInventory?
    /// Polls started so far.
    public private(set) var cycle = 0
    /// sysUpTime.0 of the last successful poll.
    public private(set) var lastSysUpTime: UInt32?
    public private(set) var lastStatus: DevicePollStatus?
    var tracker: InterfaceRateTracker
    /// Set until an inventory walk succeeds, so a failed walk is retried next cycle.
    var inventoryDue = true
    var cyclesSinceWalk = 0
    /// Whether the counter walk also reads the 32-bit columns: always for v1, and for a
    /// v2c/v3 device after a cycle showed an interface without ifHCInOctets (saves a
    /// second walk every cycle on mixed devices, and six columns on the rest).
    var readsLegacyCounters: Bool
    var lastSuccessMillis: UInt64?
    var consecutiveFailures = 0

    /// - Parameter rates: the rate tracker's limits (defaults suit 10 s to 15 min polls).
    public init(spec: DevicePollSpec, rates: CounterRateConfiguration = CounterRateConfiguration()) {
        self.spec = spec
        self.tracker = InterfaceRateTracker(configuration: rates)
        self.readsLegacyCounters = spec.target.version == .v1
    }

    /// Polls the device once.
    ///
    /// - Parameters:
    ///   - client: the shared SNMP client; its per-target timeout, retries and slots apply.
    ///   - nowMillis: wall-clock milliseconds since the epoch; read at the start (status),
    ///     when the counters were answered (rates) and at the end (duration).
    /// - Returns: status, rates, and on re-walk cycles the inventory. Interfaces (with
    ///   this cycle's admin/oper status) and health come every successful cycle.
    public mutating func poll(client: SNMPClient, nowMillis: @Sendable () -> UInt64) async -> DevicePollReport {
        let start = nowMillis()
        cycle += 1
        var report: DevicePollReport
        var failure: String?
        do {
            report = try await pollOnce(client, nowMillis: nowMillis)
            consecutiveFailures = 0
            lastSuccessMillis = start
        } catch {
            consecutiveFailures += 1
            failure = describe(error)
            report = DevicePollReport(status: DevicePollStatus(device: spec.name, address: "", lastPollMillis: start, durationMillis: 0))
        }
        let end = nowMillis()
        report.status = DevicePollStatus(
            device: spec.name, address: spec.target.description, site: spec.site, parent: spec.parents.isEmpty ? nil : spec.parents.joined(separator: ","),
            lastPollMillis: start, durationMillis: end >= start ? end - start : 0, error: failure,
            lastSuccessMillis: lastSuccessMillis, consecutiveFailures: consecutiveFailures)
        lastStatus = report.status
        return report
    }

    /// One line naming the device and its address.
    func describe(_ error: any Error) -> String {
        switch error {
        case let error as SNMPClientError: "\(spec.name): \(error)"
        case is CancellationError: "\(spec.name) (\(spec.target.description)): poll cancelled"
        default: "\(spec.name) (\(spec.target.description)): \(error)"
        }
    }

    mutating func pollOnce(_ client: SNMPClient, nowMillis: @Sendable () -> UInt64) async throws -> DevicePollReport {
        let target = spec.target
        let walkDue = inventory == nil || inventoryDue || cyclesSinceWalk >= spec.rewalkEveryCycles
        let scalars = try await client.get(walkDue ? DeviceInventory.systemObjects : [DeviceOIDs.sysUpTime], target: target)
        guard case .timeTicks(let uptime)? = scalars.first(where: { $0.oid == DeviceOIDs.sysUpTime })?.value else {
            throw SNMPClientError(.badResponse("no sysUpTime.0"), target: target.description)
        }
        let restarted = lastSysUpTime.map { uptime < $0 } ?? false

        let highCapacity = target.version != .v1
        let columns = DeviceCounterReadings.columns(
            highCapacity: highCapacity, legacy: readsLegacyCounters, extra: inventory?.healthColumns ?? [])
        var table = try await client.walkColumns(columns, target: target)
        var readings = DeviceCounterReadings.parse(table)
        if highCapacity {
            if !readsLegacyCounters, !readings.missingHighCapacity.isEmpty {
                let legacy = try await client.walkColumns(DeviceCounterReadings.legacyColumns, target: target)
                table = table.merging(legacy)
                readings = DeviceCounterReadings.parse(table)
            }
            readsLegacyCounters = !readings.missingHighCapacity.isEmpty
        }
        let answeredMillis = nowMillis()

        let indexesChanged = inventory.map { Set($0.interfaces.keys) != readings.ifIndexes } ?? false
        var walked = false
        var healthTable = table
        if walkDue || restarted || indexesChanged {
            inventoryDue = true
            var system = scalars
            if !walkDue { system = try await client.get(DeviceInventory.systemObjects, target: target) }
            let walk = try await client.walkColumns(DeviceInventory.walkColumns, target: target)
            inventory = DeviceInventory.parse(system: system, table: walk, speedOverrides: spec.speedOverrides)
            inventoryDue = false
            cyclesSinceWalk = 0
            walked = true
            healthTable = walk
        }
        cyclesSinceWalk += 1
        lastSysUpTime = uptime

        var current = inventory ?? DeviceInventory()
        for (ifIndex, status) in readings.operStatus { current.interfaces[ifIndex]?.info.operStatus = status }
        for (ifIndex, status) in readings.adminStatus { current.interfaces[ifIndex]?.info.adminStatus = status }
        inventory = current

        let rates = tracker.update(counterPoll(readings, uptime: uptime, inventory: current), nowMillis: answeredMillis)
        return DevicePollReport(
            status: DevicePollStatus(device: spec.name, address: target.description, lastPollMillis: 0, durationMillis: 0),
            system: walked ? current.system : nil,
            interfaces: current.sortedInterfaces,
            rates: rates.map { sample($0, inventory: current, timestampMillis: answeredMillis) },
            health: current.health(from: healthTable),
            neighbours: walked ? current.neighbours : nil)
    }

    /// The tracker's input: every interface the counter walk saw, named from the inventory.
    func counterPoll(_ readings: DeviceCounterReadings, uptime: UInt32, inventory: DeviceInventory) -> DeviceCounterPoll {
        var interfaces: [InterfaceCounterPoll] = []
        interfaces.reserveCapacity(readings.operStatus.count)
        for ifIndex in readings.operStatus.keys.sorted() {
            let known = inventory.interfaces[ifIndex]
            interfaces.append(InterfaceCounterPoll(
                ifIndex: ifIndex, name: known?.info.name ?? "ifIndex \(ifIndex)",
                discontinuityTime: readings.discontinuityTime[ifIndex],
                counters: readings.counters[ifIndex] ?? InterfaceCounterSet(),
                ifHighSpeed: known?.ifHighSpeed ?? 0, ifSpeed: known?.ifSpeed ?? 0, speedOverride: known?.speedOverride))
        }
        return DeviceCounterPoll(sysUpTime: uptime, interfaces: interfaces)
    }

    /// The stored sample: rates where there are some, nil (a gap) where not.
    func sample(_ rate: InterfaceRate, inventory: DeviceInventory, timestampMillis: UInt64) -> InterfaceRateSample {
        InterfaceRateSample(
            timestampMillis: timestampMillis, intervalMillis: rate.intervalMillis, device: spec.name, site: spec.site,
            ifIndex: rate.ifIndex, ifName: rate.name, ifAlias: inventory.interfaces[rate.ifIndex]?.info.alias ?? "",
            speedBitsPerSecond: rate.speedBitsPerSecond,
            inBitsPerSecond: rate.inBitsPerSecond.value, outBitsPerSecond: rate.outBitsPerSecond.value,
            inPacketsPerSecond: rate.inPacketsPerSecond.value, outPacketsPerSecond: rate.outPacketsPerSecond.value,
            inErrorsPerSecond: rate.inErrorsPerSecond.value, outErrorsPerSecond: rate.outErrorsPerSecond.value,
            inDiscardsPerSecond: rate.inDiscardsPerSecond.value, outDiscardsPerSecond: rate.outDiscardsPerSecond.value,
            inUtilisationPercent: rate.inUtilisationPercent.value, outUtilisationPercent: rate.outUtilisationPercent.value)
    }
}
