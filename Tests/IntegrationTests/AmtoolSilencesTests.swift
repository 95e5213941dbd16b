import Foundation
import NetsightServer
import Storage
import Testing

/// Alertmanager's own CLI, amtool 0.25 (Debian), manages netsight's silences unchanged:
/// add, query and expire go through `/api/v2/silences` and `/api/v2/silence/{id}`.
@Suite(.serialized) struct AmtoolSilencesTests {
    @Test func amtoolAddsQueriesAndExpiresSilences() async throws {
        guard let amtool = Peers.find("amtool") else { return }
        let dir = try Peers.temporaryDirectory("amtool")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await RunningServer(dataDirectory: dir + "/data")
        let url = "--alertmanager.url=http://127.0.0.1:\(server.httpPort)"

        let add = try runCapturing(
            amtool, [url, "silence", "add", "site=ldn", "alertname=~Interface.*", "--comment=fibre works", "--author=ann", "--duration=2h"])
        #expect(add.status == 0, "\(add.stderr)")
        let id = add.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let store = try MetadataStore(path: dir + "/data/netsight.sqlite")
        let stored = try #require(try store.silence(id: id), "amtool's silence \(id) is not in the store")
        #expect(stored.matchers.map(\.description).sorted() == [#"alertname=~"Interface.*""#, #"site="ldn""#])
        #expect(stored.createdBy == "ann" && stored.comment == "fibre works")
        #expect(abs(stored.endsAt.timeIntervalSince(stored.startsAt) - 7_200) < 5)

        let query = try runCapturing(amtool, [url, "silence", "query", "-o", "json"])
        #expect(query.status == 0, "\(query.stderr)")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]])
        #expect(listed.compactMap { $0["id"] as? String } == [id])

        let expire = try runCapturing(amtool, [url, "silence", "expire", id])
        #expect(expire.status == 0, "\(expire.stderr)")
        let after = try runCapturing(amtool, [url, "silence", "query", "-o", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]])?.isEmpty == true, "\(after.stdout)")
        #expect(try store.silence(id: id)?.status(at: Date()) == .expired)
        try await server.stop()
    }
}
