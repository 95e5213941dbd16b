import Foundation
import Testing

/// The real `netsight serve` binary under signals, crashes, bad start-up input and
/// concurrent queries.
@Suite(.serialized)
struct RobustnessProcessTests {
    /// SIGTERM right after the last datagram: exit status 0, and every flow is queryable.
    @Test(.timeLimit(.minutes(1)))
    func sigtermFlushesEveryFlowSent() async throws {
        let dir = try Peers.temporaryDirectory("sigterm")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try await ServeBinary(directory: dir, dataDirectory: dir + "/data")
        let flows = FlowDatagrams.flows(count: 6000, firstSource: "10.1.0.1")
        let sender = try UDPSender()
        for d in FlowDatagrams.v5Datagrams(flows, nowMillis: nowMillis()) { sender.send(d, port: server.netflowPort) }
        let status = server.terminate()
        #expect(status == 0, "serve exit status after SIGTERM: \(String(describing: status))\n\(server.process.log)")

        let stored = try storedFlowsBySource(dataDirectory: dir + "/data")
        let missing = flows.filter { stored[$0.srcText]?.flows != 1 }.count
        #expect(missing == 0, "\(missing) of \(flows.count) flows missing after SIGTERM")
        #expect(stored.values.reduce(0) { $0 + $1.bytes } == flows.reduce(0) { $0 + UInt64($1.bytes) })
        #expect(stored.count == flows.count)
    }

    /// kill -9 in the middle of a stream: the restart on the same data directory starts
    /// cleanly, queries work, every flow sent more than 2 s before the kill is stored, and
    /// the v9 template persisted by the periodic save still decodes data sent after it.
    @Test(.timeLimit(.minutes(1)))
    func killNineLosesAtMostTheLastUnflushedBatch() async throws {
        let dir = try Peers.temporaryDirectory("kill9")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = dir + "/data"
        let first = try await ServeBinary(directory: dir, dataDirectory: data)
        let sender = try UDPSender()
        sender.send(FlowDatagrams.v9Template(templateID: 1400, sourceID: 51, nowMillis: nowMillis()), port: first.netflowPort)

        let stream = try FlowStreamer(port: first.netflowPort, firstSource: "10.128.0.0", interval: 0.002)
        try await Task.sleep(for: .milliseconds(3500))
        let killedAt = nowMillis()
        kill(first.pid, SIGKILL)
        let sentAt = stream.stop()
        // Foundation traps when asked for the termination reason of a running process, so
        // a process that did not die must fail the test here, not crash the whole run.
        try #require(first.process.wait(timeout: 15), "netsight did not exit after SIGKILL")
        try #require(!first.process.process.isRunning, "Foundation did not reap netsight after SIGKILL")
        #expect(first.process.process.terminationReason == .uncaughtSignal)
        #expect(sentAt.count > 500, "the stream sent only \(sentAt.count) datagrams")

        let second = try await ServeBinary(directory: dir, dataDirectory: data)
        let stored = try storedFlowsBySource(dataDirectory: data)
        var storedByDatagram: [Int: Int] = [:]
        for (source, row) in stored {
            if let i = stream.datagramIndex(ofSource: source) { storedByDatagram[i, default: 0] += Int(row.flows) }
        }
        let mustHave = sentAt.indices.filter { sentAt[$0] + 2000 < killedAt }
        let lost = mustHave.filter { storedByDatagram[$0] != 30 }
        let storedFlows = storedByDatagram.values.reduce(0, +)
        print("kill -9: sent \(sentAt.count * 30) flows, stored \(storedFlows); \(mustHave.count) datagrams sent > 2 s before the kill")
        #expect(lost.count == 0, "\(lost.count) datagrams sent more than 2 s before kill -9 are missing, first \(lost.prefix(5))")
        #expect(storedFlows <= sentAt.count * 30)
        #expect(storedByDatagram.values.allSatisfy { $0 == 30 }, "a datagram's flows were stored partly or twice")

        // The template the first process saved is still known: data alone decodes.
        let v9Flows = FlowDatagrams.flows(count: 20, firstSource: "172.20.0.1")
        sender.send(
            FlowDatagrams.v9Data(v9Flows[...], templateID: 1400, sourceID: 51, nowMillis: nowMillis(), sequence: 9),
            port: second.netflowPort)
        #expect(second.terminate() == 0, "second serve: \(second.process.log)")
        let after = try storedFlowsBySource(dataDirectory: data)
        let v9Missing = v9Flows.filter { after[$0.srcText]?.flows != 1 }.count
        #expect(v9Missing == 0, "\(v9Missing) v9 flows not decoded after the restart (template not persisted)")
        #expect(!second.process.log.contains("error"), "second serve logged errors: \(second.process.log)")
    }

    /// `flows top` on the data directory `serve` is writing: answers every time, with no
    /// lock errors, and the counts only grow.
    @Test(.timeLimit(.minutes(1)))
    func queriesWhileServing() async throws {
        let dir = try Peers.temporaryDirectory("livequery")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = dir + "/data"
        let server = try await ServeBinary(directory: dir, dataDirectory: data)
        let stream = try FlowStreamer(port: server.netflowPort, firstSource: "10.64.0.0", interval: 0.005)
        var totals: [UInt64] = []
        for _ in 0..<4 {
            try await Task.sleep(for: .milliseconds(500))
            let stored = try storedFlows(by: "proto", dataDirectory: data)
            totals.append(stored.values.reduce(0) { $0 + $1.flows })
        }
        let sentAt = stream.stop()
        #expect(server.terminate() == 0)
        print("live queries saw \(totals) flows; \(sentAt.count * 30) sent")
        #expect(totals.first.map { $0 > 0 } == true, "the first query while serving found nothing: \(totals)")
        #expect(totals == totals.sorted() && totals.last! > totals.first!, "counts should grow while serving: \(totals)")
        let final = try storedFlows(by: "proto", dataDirectory: data).values.reduce(0) { $0 + $1.flows }
        #expect(final == UInt64(sentAt.count * 30), "after SIGTERM under load, stored \(final) of \(sentAt.count * 30)")
    }

    /// A data directory below a regular file stops `serve` with a message naming it.
    @Test func unusableDataDirectoryIsNamed() throws {
        let dir = try Peers.temporaryDirectory("baddata")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/plain-file"
        try "not a directory".write(toFile: file, atomically: true, encoding: .utf8)
        let config = dir + "/serve.yaml"
        try """
            data_dir: \(file)/data
            listen:
              netflow: 127.0.0.1:\(Peers.freeUDPPort())
              sflow: off
              http: 127.0.0.1:\(freeTCPPort())
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let run = try runCapturing(Peers.netsightBinary, ["serve", "--config", config], timeout: 20)
        #expect(run.status != 0)
        #expect(run.stderr.contains("data directory \(file)/data"), "stderr: \(run.stderr)")
        #expect(run.stderr.contains("\(file) is not a directory"), "the cause should be named: \(run.stderr)")
    }

    /// A bad configuration stops `serve` with the file, line and key.
    @Test(arguments: [
        ("data_dir: /nonexistent/netsight-never\nlisten:\n  netflow: 127.0.0.1:2055\n  sflow: 127.0.0.1:70000\n", 4, "listen.sflow"),
        ("data_dir: /nonexistent/netsight-never\nretention:\n  raw: 7d\n  rollup: 90d\n", 4, "retention.rollup"),
        ("data_dir: /nonexistent/netsight-never\nexporters:\n  - address: 10.0.0.1\n  - address: 10.0.0.300\n", 4, "exporters[1].address"),
        ("ingest:\n  queue_records: lots\n", 2, "ingest.queue_records"),
    ])
    func badConfigurationNamesKeyAndLine(yaml: String, line: Int, key: String) throws {
        let dir = try Peers.temporaryDirectory("badconfig")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = dir + "/serve.yaml"
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let run = try runCapturing(Peers.netsightBinary, ["serve", "--config", config], timeout: 20)
        #expect(run.status != 0)
        #expect(run.stderr.contains("\(config):\(line): \(key):"), "stderr: \(run.stderr)")
    }
}
