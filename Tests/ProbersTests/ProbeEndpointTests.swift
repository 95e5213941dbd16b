import NetsightModel
import Testing
@testable import Probers

struct ProbeEndpointTests {
    @Test(arguments: [
        ("127.0.0.1:80", "127.0.0.1", 80),
        ("[::1]:8443", "::1", 8443),
        ("::1", "::1", 7),
        ("example.net", "example.net", 7),
        ("router-1.lon:22", "router-1.lon", 22),
    ])
    func parses(text: String, host: String, port: Int) throws {
        let e = try ProbeEndpoint(parsing: text, defaultPort: 7)
        #expect(e.host == host)
        #expect(e.port == port)
    }

    @Test(arguments: ["", "[::1", "host:0", "host:70000", "host:http", ":80", "[::1]x"])
    func rejects(text: String) {
        #expect(throws: ProbeFailure.self) { try ProbeEndpoint(parsing: text, defaultPort: 7) }
    }

    @Test func needsPortWhenNoDefault() throws {
        let error = #expect(throws: ProbeFailure.self) { try ProbeEndpoint(parsing: "host", defaultPort: nil) }
        #expect(error?.message.contains("no port") == true)
    }

    @Test func literalResolvesWithoutLookupAndHonoursFamily() async throws {
        let a = try await ProbeResolver.resolve("::1", port: 53)
        #expect(a.protocol == .inet6)
        await #expect(throws: ProbeFailure.self) { try await ProbeResolver.resolve("127.0.0.1", port: 53, family: .ipv6) }
    }
}
