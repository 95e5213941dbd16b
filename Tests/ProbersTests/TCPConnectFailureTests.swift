import NIOCore
import NetsightModel
import Testing

@testable import Probers

#if canImport(Glibc)
import Glibc
#endif

@Suite struct TCPConnectFailureTests {
    @Test func connectTimeoutIsATimeout() {
        let failure = TCPConnectFailure.classify(ChannelError.connectTimeout(.milliseconds(750)), timeout: .milliseconds(750))
        #expect(failure == ProbeFailure(.timeout, "timeout after 750 ms"))
    }

    @Test func refusedIsRefused() {
        let failure = TCPConnectFailure.classify(IOError(errnoCode: ECONNREFUSED, reason: "connect"), timeout: .seconds(2))
        #expect(failure == ProbeFailure(.refused, "connection refused"))
    }

    @Test(arguments: [EHOSTUNREACH, ENETUNREACH])
    func noRouteIsUnreachable(code: Int32) {
        let failure = TCPConnectFailure.classify(IOError(errnoCode: code, reason: "connect"), timeout: .seconds(2))
        #expect(failure.reason == .unreachable)
        #expect(failure.message == "connect: \(String(cString: strerror(code)))")
    }

    @Test func kernelTimeoutIsATimeout() {
        let failure = TCPConnectFailure.classify(IOError(errnoCode: ETIMEDOUT, reason: "connect"), timeout: .seconds(3))
        #expect(failure == ProbeFailure(.timeout, "timeout after 3000 ms"))
    }

    @Test func otherErrorsAreSetupFailuresWithTheErrorText() {
        let failure = TCPConnectFailure.classify(IOError(errnoCode: EMFILE, reason: "socket"), timeout: .seconds(1))
        #expect(failure.reason == .setup)
        #expect(failure.message.contains("Too many open files"))
    }
}
