import Analytics
import Foundation
import Hummingbird
import NetsightModel
import Storage

/// The SNMP-polled devices, for the dashboard and scripts:
/// - `GET /api/v1/devices`: every device's last poll, system group and interface count;
/// - `GET /api/v1/devices/{name}`: one device with its interfaces (latest rates), health
///   and LLDP neighbours;
/// - `GET /api/v1/devices/{name}/interfaces/{ifName}/rates`: one interface's rate series,
///   `last` (default 1h) or `from`/`to` as in the other routes. Percent-encode a `/` in
///   the name (`Gi0%2F1`).
///
/// Keys are camelCase like the other routes'; absent values (never polled, no rate this interval) are omitted.
struct DeviceRoutes {
    let context: APIContext

    func register(on router: Router<BasicRequestContext>) {
        router.get("api/v1/devices") { _, _ -> Response in
            let metadata = try self.metadata()
            let devices = try await Task.detached(priority: .userInitiated) { try metadata.devices() }.value
            return try Response.json(devices.map(DeviceSummary.init))
        }
        router.get("api/v1/devices/:name") { _, context -> Response in
            let name = try APIContext.pathParameter(context, "name")
            let metadata = try self.metadata()
            let detail = try await Task.detached(priority: .userInitiated) { () throws -> DeviceDetail? in
                guard let device = try metadata.device(named: name) else { return nil }
                return DeviceDetail(
                    device: DeviceSummary(device), health: device.health,
                    interfaces: try metadata.interfaces(device: name).map(InterfaceView.init),
                    neighbours: try metadata.neighbours(device: name).map(\.neighbour))
            }.value
            guard let detail else { throw Self.unknownDevice(name) }
            return try Response.json(detail)
        }
        router.get("api/v1/devices/:name/interfaces/:ifName/rates") { request, context -> Response in
            let name = try APIContext.pathParameter(context, "name")
            let ifName = try APIContext.pathParameter(context, "ifName")
            let (from, to) = try self.context.window(request)
            let metadata = try self.metadata()
            let series = try await Task.detached(priority: .userInitiated) { () throws -> RateSeries? in
                guard try metadata.device(named: name) != nil else { return nil }
                let samples = try metadata.interfaceRates(device: name, ifName: ifName, fromMillis: from, toMillis: to)
                if samples.isEmpty, try !metadata.interfaces(device: name).contains(where: { $0.info.name == ifName }) {
                    throw APIError(status: .notFound, message: "device \(name) has no interface named \"\(ifName)\"", parameter: nil)
                }
                return RateSeries(device: name, ifName: ifName, fromMillis: from, toMillis: to, samples: samples.map(RateView.init))
            }.value
            guard let series else { throw Self.unknownDevice(name) }
            return try Response.json(series)
        }
    }

    private func metadata() throws -> MetadataStore { try context.metadataStore(for: "device") }

    private static func unknownDevice(_ name: String) -> APIError {
        APIError(status: .notFound, message: "no device named \"\(name)\" has been polled", parameter: nil)
    }


}

/// One device in `GET /api/v1/devices`.
struct DeviceSummary: Encodable, Sendable {
    var name: String
    var address: String
    var site: String
    var parent: String?
    var up: Bool
    var lastPollMillis: UInt64
    var lastSuccessMillis: UInt64?
    var durationMillis: UInt64
    var error: String?
    var consecutiveFailures: Int
    var late: Bool
    var sysName: String?
    var sysDescr: String?
    var sysObjectID: String?
    /// sysUpTime in whole seconds.
    var uptimeSeconds: UInt32?
    var interfaceCount: Int

    init(_ d: DeviceRecord) {
        let s = d.status
        name = s.device
        address = s.address
        site = s.site
        parent = s.parent
        up = s.isUp
        lastPollMillis = s.lastPollMillis
        lastSuccessMillis = s.lastSuccessMillis
        durationMillis = s.durationMillis
        error = s.error
        consecutiveFailures = s.consecutiveFailures
        late = s.late
        sysName = d.system?.sysName
        sysDescr = d.system?.sysDescr
        sysObjectID = d.system?.sysObjectID
        uptimeSeconds = d.system.map { $0.sysUpTimeTicks / 100 }
        interfaceCount = d.interfaceCount
    }
}

/// The body of `GET /api/v1/devices/{name}`.
struct DeviceDetail: Encodable, Sendable {
    var device: DeviceSummary
    var health: DeviceHealth?
    var interfaces: [InterfaceView]
    var neighbours: [LLDPNeighbour]
}

/// One interface: its table row and, under `rates`, the latest sample.
struct InterfaceView: Encodable, Sendable {
    var ifIndex: UInt32
    var name: String
    var alias: String
    var descr: String
    var type: UInt32
    var speedBitsPerSecond: UInt64?
    var adminStatus: Int
    var operStatus: Int
    var rates: RateView?

    init(_ r: InterfaceRecord) {
        ifIndex = r.info.ifIndex
        name = r.info.name
        alias = r.info.alias
        descr = r.info.descr
        type = r.info.type
        speedBitsPerSecond = r.info.speedBitsPerSecond
        adminStatus = r.info.adminStatus
        operStatus = r.info.operStatus
        rates = r.latest.map(RateView.init)
    }
}

/// One interval's rates of one interface.
struct RateView: Encodable, Sendable {
    var timestampMillis: UInt64
    var intervalMillis: Int64?
    var ifIndex: UInt32
    var speedBitsPerSecond: UInt64?
    var inBitsPerSecond: Double?
    var outBitsPerSecond: Double?
    var inPacketsPerSecond: Double?
    var outPacketsPerSecond: Double?
    var inErrorsPerSecond: Double?
    var outErrorsPerSecond: Double?
    var inDiscardsPerSecond: Double?
    var outDiscardsPerSecond: Double?
    var inUtilisationPercent: Double?
    var outUtilisationPercent: Double?

    init(_ s: InterfaceRateSample) {
        timestampMillis = s.timestampMillis
        intervalMillis = s.intervalMillis
        ifIndex = s.ifIndex
        speedBitsPerSecond = s.speedBitsPerSecond
        inBitsPerSecond = s.inBitsPerSecond
        outBitsPerSecond = s.outBitsPerSecond
        inPacketsPerSecond = s.inPacketsPerSecond
        outPacketsPerSecond = s.outPacketsPerSecond
        inErrorsPerSecond = s.inErrorsPerSecond
        outErrorsPerSecond = s.outErrorsPerSecond
        inDiscardsPerSecond = s.inDiscardsPerSecond
        outDiscardsPerSecond = s.outDiscardsPerSecond
        inUtilisationPercent = s.inUtilisationPercent
        outUtilisationPercent = s.outUtilisationPercent
    }
}

/// The body of `GET /api/v1/devices/{name}/interfaces/{ifName}/rates`.
struct RateSeries: Encodable, Sendable {
    var device: String
    var ifName: String
    var fromMillis: UInt64
    var toMillis: UInt64
    var samples: [RateView]
}
