import NetsightModel
import Pollers
import SNMPCodec
import Synchronization
import Testing

@Suite("DevicePollScheduler")
struct DevicePollSchedulerTests {
    @Test func offsetsSpreadDevicesOverTheInterval() {
        let offsets = (0..<4).map { DevicePollSchedule.startOffset(index: $0, of: 4, interval: .seconds(60)) }
        #expect(offsets == [.zero, .seconds(15), .seconds(30), .seconds(45)])
        #expect(DevicePollSchedule.startOffset(index: 0, of: 1, interval: .seconds(60)) == .zero)
    }

    @Test func nextStartKeepsTheCadenceOrFollowsAnOverrun() {
        let start = ContinuousClock.Instant.now
        let onTime = DevicePollSchedule.next(after: start, endedAt: start.advanced(by: .seconds(2)), interval: .seconds(60))
        #expect(onTime.start == start.advanced(by: .seconds(60)) && !onTime.late)
        let overran = DevicePollSchedule.next(after: start, endedAt: start.advanced(by: .seconds(75)), interval: .seconds(60))
        #expect(overran.start == start.advanced(by: .seconds(75)) && overran.late)
    }

    @Test func deadDevicesDelayNothingElse() async throws {
        let table = deviceTable(uptime: 100_000, interfaces: [
            FakeInterface(ifIndex: 1, name: "eth0", descr: "eth0", ifHighSpeed: 1000),
            FakeInterface(ifIndex: 2, name: "eth1", descr: "eth1", ifHighSpeed: 1000),
        ])
        let healthy = try await FakeAgent.start(table: table)
        let silent = try await FakeAgent.start(table: table) { _, _ in [] }
        let wrongCommunity = try await FakeAgent.start(table: table, community: "s3cret")
        let flaky = try await FakeAgent.start(table: table) { message, agent in
            agent.requests.withLock { $0 } % 2 == 1 ? [] : [(agent.answer(message).encode(), false)]
        }
        let interval = Duration.milliseconds(300)
        let specs = [
            fakeSpec("healthy", agent: healthy, interval: interval),
            fakeSpec("silent", agent: silent, interval: interval),
            fakeSpec("wrong-community", agent: wrongCommunity, interval: interval),
            fakeSpec("flaky", agent: flaky, interval: interval),
        ]
        let sink = CollectingSink()
        let client = try await SNMPClient.start()
        let scheduler = DevicePollScheduler(
            specs: specs, client: client, sink: sink,
            nowMillis: SNMPClient.monotonicMilliseconds)
        let run = Task { try await scheduler.run() }
        try await Task.sleep(for: .milliseconds(2_000))
        run.cancel()
        try await run.value

        let good = sink.reports(of: "healthy")
        #expect(good.count >= 4)  // ~6 expected in 2 s at 300 ms
        #expect(good.allSatisfy { $0.status.error == nil && !$0.status.late })
        let starts = good.map(\.status.lastPollMillis)
        let gaps = zip(starts.dropFirst(), starts).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 250 && $0 <= 600 }, "gaps \(gaps)")

        let statuses = Dictionary(uniqueKeysWithValues: scheduler.statuses().map { ($0.device, $0) })
        #expect(statuses.count == 4)
        #expect(statuses["healthy"]?.isUp == true)
        for dead in [("silent", silent), ("wrong-community", wrongCommunity)] {
            let status = try #require(statuses[dead.0])
            let error = try #require(status.error)
            #expect(error.contains(dead.0))
            #expect(error.contains("127.0.0.1:\(dead.1.port)"))
            #expect(status.consecutiveFailures >= 1)
            #expect(status.lastSuccessMillis == nil)
        }
        // Two 200 ms tries outlast the 300 ms interval: the silent device is late, alone.
        #expect(statuses["silent"]?.late == true)
        #expect(!sink.reports(of: "flaky").isEmpty)

        try await client.close()
        for agent in [healthy, silent, wrongCommunity, flaky] { await agent.stop() }
    }
}
