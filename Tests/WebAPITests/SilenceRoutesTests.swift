import Foundation
import Hummingbird
import HummingbirdTesting
import NetsightModel
import Prometheus
import Storage
import Testing

@testable import WebAPI

/// Silences in Alertmanager's v2 shape, and maintenance windows, over a real store.
@Suite struct SilenceRoutesTests {
    /// 2027-01-15T08:00:00Z.
    static let now: UInt64 = 1_800_000_000_000

    static func withApp(_ body: @escaping @Sendable (any TestClientProtocol, MetadataStore) async throws -> Void) async throws {
        let dir = NSTemporaryDirectory() + "netsight-silences-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let metadata = try MetadataStore(path: dir + "/netsight.sqlite")
        let context = APIContext(
            flows: FlowQueryEngine(directory: dir + "/flows"), registry: PrometheusCollectorRegistry(), metadata: metadata,
            now: { now })
        try await Application(router: HTTPServer.router(context: context)).test(.router) { try await body($0, metadata) }
    }

    static func send(
        _ client: any TestClientProtocol, _ uri: String, _ method: HTTPRequest.Method, json: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Any? {
        try await client.execute(
            uri: uri, method: method, headers: [.contentType: "application/json"],
            body: json.map { ByteBuffer(string: $0) }
        ) { response in
            #expect(response.status == status, "\(method) \(uri): \(String(buffer: response.body))")
            return response.body.readableBytes == 0 ? nil : try JSONSerialization.jsonObject(with: Data(buffer: response.body))
        }
    }

    /// The body amtool and Alertmanager's UI post, with fractional seconds.
    static let amtoolBody = """
        {"matchers":[{"name":"site","value":"ldn","isRegex":false,"isEqual":true},
                     {"name":"alertname","value":"Interface.*","isRegex":true}],
         "startsAt":"2027-01-15T08:00:00.000Z","endsAt":"2027-01-15T10:00:00.000Z",
         "createdBy":"ann","comment":"fibre works"}
        """

    @Test func alertmanagerPathsCreateListAndExpire() async throws {
        try await Self.withApp { client, store in
            let created = try #require(try await Self.send(client, "/api/v2/silences", .post, json: Self.amtoolBody) as? [String: Any])
            let id = try #require(created["silenceID"] as? String)
            #expect(created["matchedAlerts"] as? Int == 0, "the store holds no alerts")
            let stored = try #require(try store.silence(id: id))
            #expect(stored.matchers.map(\.description) == [#"site="ldn""#, #"alertname=~"Interface.*""#])
            #expect(stored.endsAt == Date(timeIntervalSince1970: 1_800_007_200) && stored.createdBy == "ann")

            let list = try #require(try await Self.send(client, "/api/v1/silences", .get) as? [[String: Any]])
            #expect(list.count == 1)
            #expect((list[0]["status"] as? [String: String])?["state"] == "active")
            #expect(list[0]["endsAt"] as? String == "2027-01-15T10:00:00.000Z")
            #expect((list[0]["matchers"] as? [[String: Any]])?.first?["isEqual"] as? Bool == true)

            let expired = try #require(try await Self.send(client, "/api/v2/silence/\(id)", .delete) as? [String: Any])
            #expect((expired["status"] as? [String: String])?["state"] == "expired")
            #expect(try store.silence(id: id)?.endsAt == Date(timeIntervalSince1970: 1_800_000_000))
            _ = try await Self.send(client, "/api/v1/silences/nope", .get, status: .notFound)
        }
    }

    @Test(arguments: [
        (#"{"matchers":[{"name":"site","value":"ldn"}],"startsAt":"2027-01-15T09:00:00Z","endsAt":"2027-01-15T08:30:00Z","createdBy":"a","comment":"c"}"#, "endsAt"),
        (#"{"matchers":[],"endsAt":"2027-01-15T10:00:00Z","createdBy":"a","comment":"c"}"#, "matchers"),
        (#"{"matchers":[{"name":"site","value":".*","isRegex":true}],"endsAt":"2027-01-15T10:00:00Z","createdBy":"a","comment":"c"}"#, "matchers"),
        (#"{"matchers":[{"name":"site","value":"(","isRegex":true}],"endsAt":"2027-01-15T10:00:00Z","createdBy":"a","comment":"c"}"#, "matchers[0].value"),
        (#"{"matchers":[{"name":"site","value":"ldn"}],"endsAt":"tomorrow","createdBy":"a","comment":"c"}"#, "endsAt"),
        (#"{"matchers":[{"name":"site","value":"ldn"}],"endsAt":"2027-01-15T10:00:00Z","comment":"c"}"#, "createdBy"),
    ])
    func badSilencesAre400sNamingTheField(body: String, field: String) async throws {
        try await Self.withApp { client, store in
            let answer = try #require(try await Self.send(client, "/api/v1/silences", .post, json: body, status: .badRequest) as? [String: String])
            #expect(answer["parameter"] == field, "\(answer)")
            #expect(try store.silences().isEmpty)
        }
    }

    @Test func maintenanceWindowsWeeklyAndOnce() async throws {
        try await Self.withApp { client, store in
            // Fridays 07:30 for 2 h in London: 2027-01-15 is a Friday, 08:00 UTC = 08:00 GMT, so it is open.
            let weekly = #"{"name":"patching","matchers":[{"name":"site","value":"ldn"}],"schedule":{"weekdays":[5],"startMinute":450,"durationMinutes":120,"timeZone":"Europe/London"},"createdBy":"ann","comment":"monthly"}"#
            let w = try #require(try await Self.send(client, "/api/v1/maintenance", .post, json: weekly) as? [String: Any])
            #expect(w["open"] as? Bool == true && w["nextEnd"] as? String == "2027-01-15T09:30:00.000Z")
            let once = #"{"name":"core swap","matchers":[{"name":"device","value":"core-1"}],"schedule":{"start":"2027-01-16T01:00:00Z","end":"2027-01-16T03:00:00Z"},"createdBy":"bob"}"#
            let o = try #require(try await Self.send(client, "/api/v1/maintenance", .post, json: once) as? [String: Any])
            #expect(o["open"] as? Bool == false && o["nextStart"] as? String == "2027-01-16T01:00:00.000Z")
            #expect(try store.maintenanceWindows().count == 2)
            let id = try #require(o["id"] as? String)
            _ = try await Self.send(client, "/api/v1/maintenance/\(id)", .delete, status: .noContent)
            _ = try await Self.send(client, "/api/v1/maintenance/\(id)", .delete, status: .notFound)
            let bad = #"{"name":"x","matchers":[{"name":"site","value":"ldn"}],"schedule":{"weekdays":[8],"startMinute":0,"durationMinutes":60},"createdBy":"a"}"#
            let answer = try #require(try await Self.send(client, "/api/v1/maintenance", .post, json: bad, status: .badRequest) as? [String: String])
            #expect(answer["parameter"] == "schedule.weekdays[0]")
        }
    }
}
