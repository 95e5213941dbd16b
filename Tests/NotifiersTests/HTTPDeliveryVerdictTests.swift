import Testing

@testable import Notifiers

@Suite struct HTTPDeliveryVerdictTests {
    let endpoint = HTTPEndpoint("http://127.0.0.1:9094/hook")!

    func verdict(_ status: Int, _ body: String = "") -> DeliveryError? {
        HTTPDeliveryVerdict.error(for: .init(status: status, bodyPrefix: body), endpoint: endpoint)
    }

    @Test func successIsAny2xx() {
        #expect(verdict(200) == nil && verdict(202) == nil && verdict(204) == nil)
    }

    @Test func theReceiversTroubleIsRetried() {
        for status in [408, 429, 500, 502, 503, 504] {
            #expect(verdict(status)?.retryable == true, "\(status)")
        }
    }

    @Test func aWrongRequestFailsAtOnceWithTheServersWords() throws {
        let e = try #require(verdict(400, "  invalid_payload\n"))
        #expect(!e.retryable)
        #expect(e.message == "http://127.0.0.1:9094/hook answered HTTP 400: invalid_payload")
        #expect(verdict(404)?.retryable == false && verdict(301)?.retryable == false)
    }
}
