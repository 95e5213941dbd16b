import Foundation
import Hummingbird
import HummingbirdTesting
import NetsightModel
import Prometheus
import Storage
import Testing

@testable import WebAPI

/// `GET /api/v1/events` over a real SQLite store holding traps.
@Suite struct EventRoutesTests {
    static let now: UInt64 = 1_800_000_000_000

    struct Body: Decodable {
        var fromMillis: UInt64
        var toMillis: UInt64
        var events: [SNMPEvent]
    }

    /// Three traps: linkDown from core-1 10 min ago, coldStart from edge-2 2 h ago, linkUp
    /// from core-1 1 min ago.
    static func withApp(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "netsight-events-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let metadata = try MetadataStore(path: dir + "/netsight.sqlite")
        func event(_ agoMillis: UInt64, _ device: String, _ address: String, _ name: String, _ oid: String) -> SNMPEvent {
            SNMPEvent(
                timeMillis: now - agoMillis, source: IPAddress(address)!, version: .v2c, kind: .trap, security: "public",
                trapOID: oid, trapName: name, deviceName: device, varBinds: "")
        }
        try metadata.appendEvents([
            event(600_000, "core-1", "192.0.2.1", "linkDown", "1.3.6.1.6.3.1.1.5.3"),
            event(7_200_000, "edge-2", "192.0.2.2", "coldStart", "1.3.6.1.6.3.1.1.5.1"),
            event(60_000, "core-1", "192.0.2.1", "linkUp", "1.3.6.1.6.3.1.1.5.4"),
        ])
        let context = APIContext(
            flows: FlowQueryEngine(directory: dir + "/flows"), registry: PrometheusCollectorRegistry(), metadata: metadata,
            now: { now })
        try await Application(router: HTTPServer.router(context: context)).test(.router) { try await body($0) }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String) async throws -> Body {
        try await client.execute(uri: uri, method: .get) { response in
            #expect(response.status == .ok, "\(uri)")
            return try JSONDecoder().decode(Body.self, from: Data(buffer: response.body))
        }
    }

    @Test func newestFirstWithinTheWindow() async throws {
        try await Self.withApp { client in
            let lastHour = try await Self.get(client, "/api/v1/events")
            #expect(lastHour.events.map(\.trapName) == ["linkUp", "linkDown"])
            #expect(lastHour.toMillis == Self.now && lastHour.fromMillis == Self.now - 3_600_000)
            let day = try await Self.get(client, "/api/v1/events?last=1d")
            #expect(day.events.map(\.trapName) == ["linkUp", "linkDown", "coldStart"])
            let one = try await Self.get(client, "/api/v1/events?last=1d&limit=1")
            #expect(one.events.map(\.trapName) == ["linkUp"])
            let old = try await Self.get(client, "/api/v1/events?from=\((Self.now - 8_000_000) / 1000)&to=\((Self.now - 3_600_000) / 1000)")
            #expect(old.events.map(\.trapName) == ["coldStart"])
        }
    }

    @Test func narrowsByDeviceAndTrap() async throws {
        try await Self.withApp { client in
            let byName = try await Self.get(client, "/api/v1/events?last=1d&device=core-1")
            #expect(byName.events.map(\.trapName) == ["linkUp", "linkDown"])
            let byAddress = try await Self.get(client, "/api/v1/events?last=1d&device=192.0.2.2")
            #expect(byAddress.events.map(\.trapName) == ["coldStart"])
            let byTrap = try await Self.get(client, "/api/v1/events?last=1d&trap=linkDown")
            #expect(byTrap.events.map(\.deviceName) == ["core-1"])
            let byOID = try await Self.get(client, "/api/v1/events?last=1d&trap=.1.3.6.1.6.3.1.1.5.1")
            #expect(byOID.events.map(\.trapName) == ["coldStart"])
        }
    }

    @Test(arguments: [("last=soon", "last"), ("limit=0", "limit"), ("limit=x", "limit"), ("from=never", "from"), ("colour=red", "colour")])
    func badParametersAreNamed(query: String, parameter: String) async throws {
        try await Self.withApp { client in
            try await client.execute(uri: "/api/v1/events?" + query, method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String]
                #expect(body?["parameter"] == parameter)
            }
        }
    }
}
