import Analytics
import Foundation
import Hummingbird
import HummingbirdTesting
import NetsightModel
import Prometheus
import Storage
import Testing

@testable import WebAPI

/// The HTTP API through Hummingbird's router test client, over a real segment store.
@Suite struct FlowRoutesTests {
    /// Three flows from two sources, written to a fresh store; "now" is just after them.
    static func makeStore() throws -> (dir: String, now: UInt64) {
        let dir = NSTemporaryDirectory() + "netsight-web-\(UUID().uuidString.prefix(8))"
        let now: UInt64 = 1_800_000_000_000
        let writer = try FlowStoreWriter(directory: dir)
        var records: [FlowRecord] = []
        for (src, dst, port, bytes) in [("10.0.0.1", "192.0.2.1", 443, 5000), ("10.0.0.1", "192.0.2.2", 80, 3000), ("10.0.0.2", "192.0.2.1", 443, 4000)] {
            var r = FlowRecord()
            r.startMillis = now - 120_000
            r.endMillis = now - 60_000
            r.srcAddress = IPAddress(src)!
            r.dstAddress = IPAddress(dst)!
            r.dstPort = UInt16(port)
            r.proto = 6
            r.setCounters(rawBytes: UInt64(bytes), rawPackets: 10, samplingRate: 1)
            records.append(r)
        }
        try writer.append(records, receivedAtMillis: now - 60_000)
        try writer.close()
        return (dir, now)
    }

    static func app(dir: String, now: UInt64, registry: PrometheusCollectorRegistry = .init()) -> some ApplicationProtocol {
        let context = APIContext(flows: FlowQueryEngine(directory: dir), registry: registry, now: { now })
        return Application(router: HTTPServer.router(context: context))
    }

    @Test func topReturnsRankedJSON() async throws {
        let (dir, now) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await Self.app(dir: dir, now: now).test(.router) { client in
            try await client.execute(uri: "/api/v1/flows/top?by=srcip&metric=bytes&last=1h", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let result = try JSONDecoder().decode(TopNResult.self, from: Data(buffer: response.body))
                #expect(result.rows.map(\.keyValues) == [["10.0.0.1"], ["10.0.0.2"]])
                #expect(result.rows.map(\.bytes) == [8000, 4000])
                #expect(result.totals.flows == 3)
            }
            try await client.execute(uri: "/api/v1/flows/top?by=dstport&filter=dst%20port%20443&metric=flows", method: .get) { response in
                let result = try JSONDecoder().decode(TopNResult.self, from: Data(buffer: response.body))
                #expect(result.rows.map(\.keyValues) == [["443"]])
                #expect(result.rows.first?.flows == 2)
            }
        }
    }

    /// Each bad parameter is a 400 whose JSON names the parameter.
    @Test(arguments: [
        ("by=srcipp", "by"),
        ("metric=bits", "metric"),
        ("last=yesterday", "last"),
        ("filter=src%20port%20https", "filter"),
        ("limit=-1", "limit"),
        ("from=2026-13-01", "from"),
        ("bogus=1", "bogus"),
        ("last=1h&from=2026-01-01", "last"),
    ])
    func badParameterIs400NamingIt(query: String, parameter: String) async throws {
        let (dir, now) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await Self.app(dir: dir, now: now).test(.router) { client in
            try await client.execute(uri: "/api/v1/flows/top?\(query)", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: String]
                #expect(body?["parameter"] == parameter, "\(String(buffer: response.body))")
                #expect((body?["error"] ?? "").isEmpty == false)
            }
        }
    }

    @Test func seriesAndMatrixAnswer() async throws {
        let (dir, now) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await Self.app(dir: dir, now: now).test(.router) { client in
            try await client.execute(uri: "/api/v1/flows/series?last=10m&step=1m&metric=bytes", method: .get) { response in
                #expect(response.status == .ok)
                let result = try JSONDecoder().decode(FlowSeriesResult.self, from: Data(buffer: response.body))
                let sum = result.total.points.reduce(0) { $0 + $1.value }
                #expect(sum == 12_000)
            }
            try await client.execute(uri: "/api/v1/flows/matrix?last=1h", method: .get) { response in
                #expect(response.status == .ok)
                let result = try JSONDecoder().decode(FlowMatrixResult.self, from: Data(buffer: response.body))
                #expect(result.total == 12_000)
            }
        }
    }

    @Test func metricsAreExposed() async throws {
        let (dir, now) = try Self.makeStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let registry = PrometheusCollectorRegistry()
        registry.makeCounter(descriptor: .init(metricName: "netsight_test_things", unitName: "total", helpText: "t")).increment(by: Int64(7))
        try await Self.app(dir: dir, now: now, registry: registry).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("netsight_test_things_total 7"))
            }
        }
    }
}
