import NIOCore
import SNMPCodec
import Testing
@testable import Pollers

@Suite(.timeLimit(.minutes(1))) struct SNMPClientTests {
    func target(_ agent: FakeAgent, timeout: Duration = .milliseconds(500), retries: Int = 1) -> SNMPTarget {
        SNMPTarget(host: "127.0.0.1", port: agent.port, community: "public", timeout: timeout, retries: retries)
    }

    @Test func getReturnsVarBinds() async throws {
        let agent = try await FakeAgent.start(table: sampleTable())
        let client = try await SNMPClient.start()
        let vbs = try await client.get([[1, 3, 6, 1, 2, 1, 1, 5, 0], [1, 3, 6, 1, 2, 1, 1, 9, 0]], target: target(agent))
        #expect(vbs == [
            VarBind([1, 3, 6, 1, 2, 1, 1, 5, 0], .octetString(Array("core-1".utf8))),
            VarBind([1, 3, 6, 1, 2, 1, 1, 9, 0], .noSuchObject),
        ])
        try await client.close()
        await agent.stop()
    }

    @Test func answersBiggerThanNIOsDefaultReadBufferArrive() async throws {
        let big = VarBind([1, 3, 6, 1, 2, 1, 1, 4, 0], .octetString([UInt8](repeating: 0x41, count: 20_000)))
        let agent = try await FakeAgent.start(table: sampleTable() + [big])
        let client = try await SNMPClient.start()
        #expect(try await client.get([big.oid], target: target(agent)) == [big])
        try await client.close()
        await agent.stop()
    }

    @Test func foreignIDAndWrongSenderAreDroppedAndCounted() async throws {
        let agent = try await FakeAgent.start(table: sampleTable()) { message, agent in
            // First try: only bad answers (the request stays waiting); the retry, which
            // reuses the request ID, gets the real one.
            let id = message.pdu.requestID!
            guard agent.requests.withLock({ $0 }) > 1 else {
                return [
                    (agent.answer(message, requestID: id &+ 7).encode(), false),  // foreign request ID
                    (agent.answer(message).encode(), true),  // right ID, wrong address
                    ([0x30, 0x03, 0x02, 0x01], false),  // garbage
                ]
            }
            return [(agent.answer(message).encode(), false)]
        }
        let client = try await SNMPClient.start()
        let vbs = try await client.get([[1, 3, 6, 1, 2, 1, 1, 5, 0]], target: target(agent))
        #expect(vbs.first?.value == .octetString(Array("core-1".utf8)))
        #expect(agent.requests.withLock { $0 } == 2)
        #expect(client.drops == ["unknown_request_id": 1, "wrong_address": 1, "malformed": 1])
        try await client.close()
        await agent.stop()
    }

    @Test func timeoutNamesTriesAndTarget() async throws {
        let agent = try await FakeAgent.start(table: sampleTable()) { _, _ in [] }
        let client = try await SNMPClient.start()
        let started = ContinuousClock.now
        let error = await #expect(throws: SNMPClientError.self) {
            _ = try await client.get([[1, 3, 6, 1, 2, 1, 1, 5, 0]], target: target(agent, timeout: .milliseconds(200), retries: 2))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error?.description == "timeout after 3 tries to 127.0.0.1:\(agent.port)")
        #expect(elapsed >= .milliseconds(600) && elapsed < .milliseconds(1500))
        #expect(agent.requests.withLock { $0 } == 3)
        try await client.close()
        await agent.stop()
    }

    @Test func deadTargetDoesNotDelayOthers() async throws {
        let live = try await FakeAgent.start(table: sampleTable())
        let dead = try await FakeAgent.start(table: sampleTable()) { _, _ in [] }
        let client = try await SNMPClient.start()
        let deadTarget = target(dead, timeout: .seconds(2), retries: 0)
        let liveTarget = target(live)
        async let deadResults: Void = withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try? await client.get([[1, 3, 6, 1, 2, 1, 1, 5, 0]], target: deadTarget) } }
            try await group.waitForAll()
        }
        try await Task.sleep(for: .milliseconds(50))
        let started = ContinuousClock.now
        for _ in 0..<20 { _ = try await client.get([[1, 3, 6, 1, 2, 1, 1, 5, 0]], target: liveTarget) }
        let walked = try await client.walkAll([1, 3, 6, 1, 2, 1, 2, 2], target: liveTarget)
        #expect(walked.count == 100)
        #expect(ContinuousClock.now - started < .milliseconds(1000))
        // The dead target is limited to 4 requests in flight: the other 4 wait for slots.
        #expect(dead.requests.withLock { $0 } == 4)
        try await deadResults
        #expect(dead.requests.withLock { $0 } == 8)
        try await client.close()
        await live.stop()
        await dead.stop()
    }

    @Test func bulkWalkShrinksOnTooBigAndGetsEverything() async throws {
        let agent = try await FakeAgent.start(table: sampleTable()) { message, agent in
            if case .getBulkRequest(let p) = message.pdu, p.maxRepetitions > 10 {
                let tooBig = CommunityMessage(
                    version: .v2c, community: message.community,
                    pdu: .response(PDU(requestID: p.requestID, errorStatus: .tooBig, varBinds: [])))
                return [(tooBig.encode(), false)]
            }
            return [(agent.answer(message).encode(), false)]
        }
        let client = try await SNMPClient.start()
        let all = try await client.walkAll([1, 3, 6, 1, 2, 1, 2, 2, 1, 10], target: target(agent))
        #expect(all.map(\.oid) == (1...100).map { OID([1, 3, 6, 1, 2, 1, 2, 2, 1, 10, UInt32($0)]) })
        // 25 → tooBig → 12 → tooBig → 6, then growing by a quarter up to 10: far fewer than 100 requests.
        #expect(agent.requests.withLock { $0 } < 25)
        try await client.close()
        await agent.stop()
    }

    @Test func getNextWalkMatchesBulkWalk() async throws {
        let agent = try await FakeAgent.start(table: sampleTable())
        let client = try await SNMPClient.start()
        let bulk = try await client.walkAll([1, 3, 6, 1, 2, 1], target: target(agent))
        let next = try await client.walkAll([1, 3, 6, 1, 2, 1], target: target(agent), bulk: false)
        #expect(bulk == next)
        #expect(bulk.count == sampleTable().count)
        try await client.close()
        await agent.stop()
    }

    @Test func agentLoopIsAnErrorNotAnInfiniteWalk() async throws {
        let agent = try await FakeAgent.start(table: sampleTable()) { message, _ in
            let looped = CommunityMessage(
                version: .v2c, community: message.community,
                pdu: .response(PDU(requestID: message.pdu.requestID!, varBinds: [VarBind([1, 3, 6, 1, 2, 1, 1, 1, 0], .integer(1))])))
            return [(looped.encode(), false)]
        }
        let client = try await SNMPClient.start()
        let error = await #expect(throws: SNMPClientError.self) {
            _ = try await client.walkAll([1, 3, 6, 1, 2, 1, 1], target: target(agent), bulk: false)
        }
        #expect(error?.reason == "not_increasing")
        #expect(agent.requests.withLock { $0 } == 2)
        try await client.close()
        await agent.stop()
    }
}

/// The exceptions a walk ends at, which net-snmp's walk tools print after the last row.
@Suite struct SNMPWalkEndTests {
    @Test func endOfMibViewInsideTheSubtreeIsReported() throws {
        var walk = SNMPWalkState(root: [1, 3, 6, 1])
        let last: OID = [1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 19, 2]
        let step = try walk.consume([
            VarBind([1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 19, 1], .timeTicks(0)), VarBind(last, .timeTicks(0)),
            VarBind(last, .endOfMibView), VarBind(last, .endOfMibView),
        ])
        #expect(step.finished)
        #expect(step.varBinds.count == 2)
        #expect(step.exceptions == [VarBind(last, .endOfMibView), VarBind(last, .endOfMibView)])
    }

    @Test func leavingTheSubtreeReportsNothing() throws {
        var walk = SNMPWalkState(root: [1, 3, 6, 1, 2, 1, 2])
        let step = try walk.consume([
            VarBind([1, 3, 6, 1, 2, 1, 2, 1, 0], .integer(2)), VarBind([1, 3, 6, 1, 2, 1, 3, 1], .integer(1)),
            VarBind([1, 3, 6, 1, 2, 1, 3, 1], .endOfMibView),
        ])
        #expect(step.finished)
        #expect(step.varBinds.count == 1)
        #expect(step.exceptions.isEmpty)
    }

    @Test func rootPastTheEndIsReported() throws {
        var walk = SNMPWalkState(root: [1, 3, 6, 1, 9])
        let step = try walk.consume([VarBind([1, 3, 6, 1, 9], .endOfMibView)])
        #expect(step.finished && step.varBinds.isEmpty)
        #expect(step.exceptions == [VarBind([1, 3, 6, 1, 9], .endOfMibView)])
    }
}
