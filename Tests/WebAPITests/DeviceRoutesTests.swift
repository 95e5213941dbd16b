import Foundation
import Hummingbird
import HummingbirdTesting
import NetsightModel
import Prometheus
import Storage
import Testing

@testable import WebAPI

/// `GET /api/v1/devices...` over a real SQLite store holding two polled devices.
@Suite struct DeviceRoutesTests {
    static let now: UInt64 = 1_800_000_000_000

    /// core-1 (up, two interfaces with three minutes of rates, one LLDP neighbour, health)
    /// and edge-2 (down, never answered).
    static func withApp(
        metadata present: Bool = true, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let dir = NSTemporaryDirectory() + "netsight-devices-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let metadata = try MetadataStore(path: dir + "/netsight.sqlite")
        for minute in UInt64(0)..<3 {
            let t = now - (3 - minute) * 60_000
            let rates = [(UInt32(1), "Gi0/1"), (2, "Gi0/2")].map { index, name in
                InterfaceRateSample(
                    timestampMillis: t, intervalMillis: 60_000, device: "core-1", site: "ldn", ifIndex: index,
                    ifName: name, inBitsPerSecond: Double(minute) * 1e6, outBitsPerSecond: nil,
                    inUtilisationPercent: Double(minute))
            }
            try metadata.recordDevicePoll(DevicePollReport(
                status: DevicePollStatus(
                    device: "core-1", address: "192.0.2.1", site: "ldn", lastPollMillis: t, durationMillis: 350,
                    lastSuccessMillis: t),
                system: DeviceSystemInfo(sysName: "core-1.ldn", sysDescr: "IOS", sysObjectID: "1.3.6.1.4.1.9", sysUpTimeTicks: 360_000),
                interfaces: minute == 0
                    ? [InterfaceInfo(ifIndex: 1, name: "Gi0/1", alias: "uplink", type: 6, speedBitsPerSecond: 1_000_000_000,
                                     adminStatus: 1, operStatus: 1),
                       InterfaceInfo(ifIndex: 2, name: "Gi0/2", type: 6, adminStatus: 1, operStatus: 2)]
                    : nil,
                rates: rates, health: DeviceHealth(cpuPercents: [17]),
                neighbours: [LLDPNeighbour(localPortNumber: 1, localPort: "Gi0/1", remoteChassisID: "00:11:22:33:44:55",
                                           remotePort: "Eth1/1", remoteSystemName: "border-1")]))
        }
        try metadata.recordDevicePoll(DevicePollReport(status: DevicePollStatus(
            device: "edge-2", address: "192.0.2.2", parent: "core-1", lastPollMillis: now - 30_000, durationMillis: 6_000,
            error: "timeout after 6 tries", consecutiveFailures: 4)))
        let context = APIContext(
            flows: FlowQueryEngine(directory: dir + "/flows"), registry: PrometheusCollectorRegistry(),
            metadata: present ? metadata : nil, now: { now })
        try await Application(router: HTTPServer.router(context: context)).test(.router) { try await body($0) }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, status: HTTPResponse.Status = .ok) async throws -> Any {
        try await client.execute(uri: uri, method: .get) { response in
            #expect(response.status == status, "\(uri)")
            #expect(response.headers[.contentType] == "application/json")
            return try JSONSerialization.jsonObject(with: Data(buffer: response.body))
        }
    }

    @Test func listsDevicesInSnakeCase() async throws {
        try await Self.withApp { client in
            let list = try #require(try await Self.get(client, "/api/v1/devices") as? [[String: Any]])
            #expect(list.count == 2)
            let core = list[0]
            #expect(core["name"] as? String == "core-1" && core["address"] as? String == "192.0.2.1")
            #expect(core["site"] as? String == "ldn" && core["up"] as? Bool == true)
            #expect(core["lastPollMillis"] as? UInt64 == Self.now - 60_000 && core["durationMillis"] as? Int == 350)
            #expect(core["sysName"] as? String == "core-1.ldn" && core["sysDescr"] as? String == "IOS")
            #expect(core["uptimeSeconds"] as? Int == 3_600 && core["interfaceCount"] as? Int == 2)
            #expect(core["error"] == nil && core["consecutiveFailures"] as? Int == 0)
            let edge = list[1]
            #expect(edge["name"] as? String == "edge-2" && edge["up"] as? Bool == false)
            #expect(edge["error"] as? String == "timeout after 6 tries" && edge["consecutiveFailures"] as? Int == 4)
            #expect(edge["parent"] as? String == "core-1" && edge["sysName"] == nil && edge["interfaceCount"] as? Int == 0)
        }
    }

    @Test func showsOneDeviceWithInterfacesNeighboursAndHealth() async throws {
        try await Self.withApp { client in
            let body = try #require(try await Self.get(client, "/api/v1/devices/core-1") as? [String: Any])
            #expect((body["device"] as? [String: Any])?["name"] as? String == "core-1")
            #expect((body["health"] as? [String: Any])?["cpuPercents"] as? [Double] == [17])
            let interfaces = try #require(body["interfaces"] as? [[String: Any]])
            #expect(interfaces.map { $0["name"] as? String } == ["Gi0/1", "Gi0/2"])
            #expect(interfaces[0]["alias"] as? String == "uplink" && interfaces[0]["operStatus"] as? Int == 1)
            #expect(interfaces[0]["speedBitsPerSecond"] as? Int == 1_000_000_000)
            let rates = try #require(interfaces[0]["rates"] as? [String: Any])
            #expect(rates["timestampMillis"] as? UInt64 == Self.now - 60_000)
            #expect(rates["inBitsPerSecond"] as? Double == 2e6 && rates["inUtilisationPercent"] as? Double == 2)
            #expect(rates["outBitsPerSecond"] == nil, "a gap is absent, not zero")
            let neighbours = try #require(body["neighbours"] as? [[String: Any]])
            #expect(neighbours.first?["remoteSystemName"] as? String == "border-1")
            #expect(neighbours.first?["remoteChassisID"] as? String == "00:11:22:33:44:55")
        }
    }

    @Test func ratesOfOneInterfaceOverAWindow() async throws {
        try await Self.withApp { client in
            let body = try #require(try await Self.get(client, "/api/v1/devices/core-1/interfaces/Gi0%2F1/rates") as? [String: Any])
            #expect(body["device"] as? String == "core-1" && body["ifName"] as? String == "Gi0/1")
            #expect(body["toMillis"] as? UInt64 == Self.now && body["fromMillis"] as? UInt64 == Self.now - 3_600_000)
            let samples = try #require(body["samples"] as? [[String: Any]])
            #expect(samples.map { $0["inBitsPerSecond"] as? Double } == [0, 1e6, 2e6])
            let recent = try #require(
                try await Self.get(client, "/api/v1/devices/core-1/interfaces/Gi0%2F2/rates?last=90s") as? [String: Any])
            #expect((recent["samples"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test(arguments: [
        "/api/v1/devices/nope", "/api/v1/devices/nope/interfaces/Gi0%2F1/rates",
        "/api/v1/devices/core-1/interfaces/Gi9%2F9/rates",
    ])
    func unknownDeviceOrInterfaceIs404(uri: String) async throws {
        try await Self.withApp { client in
            let body = try await Self.get(client, uri, status: .notFound) as? [String: String]
            #expect(body?["error"]?.isEmpty == false)
        }
    }

    @Test func badWindowIs400AndNoStoreIs503() async throws {
        try await Self.withApp { client in
            let body = try await Self.get(client, "/api/v1/devices/core-1/interfaces/Gi0%2F1/rates?last=soon", status: .badRequest)
            #expect((body as? [String: String])?["parameter"] == "last")
            let unknown = try await Self.get(client, "/api/v1/devices/core-1/interfaces/Gi0%2F1/rates?colour=red", status: .badRequest)
            #expect((unknown as? [String: String])?["parameter"] == "colour")
        }
        try await Self.withApp(metadata: false) { client in
            _ = try await Self.get(client, "/api/v1/devices", status: .serviceUnavailable)
        }
    }
}
