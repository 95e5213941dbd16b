import Testing

@testable import Notifiers

@Suite struct HTTPEndpointTests {
    @Test func splitsSchemeHostPortAndTarget() throws {
        let e = try #require(HTTPEndpoint("https://hooks.example.net/services/T0/B1?x=1"))
        #expect(e.tls && e.host == "hooks.example.net" && e.port == 443 && e.target == "/services/T0/B1?x=1")
        #expect(e.hostHeader == "hooks.example.net")
        let plain = try #require(HTTPEndpoint("http://127.0.0.1:9094"))
        #expect(!plain.tls && plain.host == "127.0.0.1" && plain.port == 9094 && plain.target == "/")
        #expect(plain.hostHeader == "127.0.0.1:9094")
    }

    @Test func bracketedIPv6() throws {
        let e = try #require(HTTPEndpoint("http://[::1]:8080/hook"))
        #expect(e.host == "::1" && e.port == 8080 && e.target == "/hook" && e.hostHeader == "[::1]:8080")
        #expect(HTTPEndpoint("http://[::1]/x")?.port == 80)
        #expect(HTTPEndpoint("http://host?q=1")?.target == "/?q=1")
    }

    @Test func refusesWhatItCannotUse() {
        for bad in ["ftp://x/", "http://", "http://:80/", "http://h:0/", "http://h:70000/", "http://u:p@h/", "http://[::1/", "http://[::1]x/"] {
            #expect(HTTPEndpoint(bad) == nil, "\(bad)")
        }
    }
}
