import NetsightModel
import Probers
import Testing

@Suite struct HTTPProbeURLTests {
    @Test func plainURLGetsDefaultPortAndRootPath() throws {
        let url = try HTTPProbeURL(parsing: "http://example.test")
        #expect(!url.useTLS)
        #expect(url.host == "example.test")
        #expect(url.port == 80)
        #expect(url.requestTarget == "/")
        #expect(url.hostHeader == "example.test")
    }

    @Test func httpsWithPortPathAndQuery() throws {
        let url = try HTTPProbeURL(parsing: "HTTPS://127.0.0.1:8443/health?full=1#frag")
        #expect(url.useTLS)
        #expect(url.host == "127.0.0.1")
        #expect(url.port == 8443)
        #expect(url.requestTarget == "/health?full=1")
        #expect(url.hostHeader == "127.0.0.1:8443")
    }

    @Test func bracketedIPv6() throws {
        let url = try HTTPProbeURL(parsing: "https://[::1]:443/x")
        #expect(url.host == "::1")
        #expect(url.port == 443)
        #expect(url.hostHeader == "[::1]")
        let query = try HTTPProbeURL(parsing: "http://[::1]?a=b")
        #expect(query.requestTarget == "/?a=b")
    }

    @Test(arguments: [
        ("ftp://x/", "scheme"),
        ("example.test", "scheme"),
        ("http://", "no host"),
        ("http:///path", "no host"),
        ("http://x:0/", "port"),
        ("http://x:99999/", "port"),
        ("http://x:/", "port"),
        ("http://a b/", "not allowed"),
        ("http://user@x/", "user info"),
        ("http://::1/", "brackets"),
        ("http://ex!ample/", "characters"),
    ])
    func rejectsBadURLs(text: String, problem: String) {
        #expect {
            _ = try HTTPProbeURL(parsing: text)
        } throws: { error in
            guard let failure = error as? ProbeFailure else { return false }
            return failure.reason == .setup && failure.message.contains(problem)
        }
    }
}
