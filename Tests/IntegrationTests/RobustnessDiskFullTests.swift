import Foundation
import Testing

/// The data directory's filesystem fills up while `serve` runs: the failures show in
/// `/metrics`, the process keeps receiving and answering, and once space is back the held
/// flows are written.
@Suite(.serialized)
struct RobustnessDiskFullTests {
    @Test(.timeLimit(.minutes(1)))
    func fullDiskIsReportedAndServingContinues() async throws {
        let dir = try Peers.temporaryDirectory("diskfull")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let data = dir + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let mount = try runCapturing("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", data], timeout: 10)
        guard mount.status == 0 else {
            // Needs root (or CAP_SYS_ADMIN); say so instead of failing where it cannot work.
            print("skipping the full-disk test: cannot mount a tmpfs at \(data): \(mount.stderr)")
            return
        }
        defer { _ = try? runCapturing("/bin/umount", ["-l", data], timeout: 10) }

        let server = try await ServeBinary(directory: dir, dataDirectory: data)
        defer { server.process.stop(signal: SIGKILL) }
        let sender = try UDPSender()

        // Leave about 16 KiB free: the first segment blocks fit, the next ones do not.
        var fs = statvfs()
        #expect(statvfs(data, &fs) == 0)
        let free = Int(fs.f_bavail) * Int(fs.f_frsize)
        let filler = data + "/filler"
        #expect(FileManager.default.createFile(atPath: filler, contents: Data(count: max(free - 16_384, 0))))

        var flows: [SentFlow] = []
        var metrics = try await MetricsSnapshot.fetch(httpPort: server.httpPort)
        for round in 0..<40 {
            let batch = FlowDatagrams.flows(count: 3000, firstSource: "10.\(100 + round / 100).\(round % 100).0")
            for d in FlowDatagrams.v5Datagrams(batch, nowMillis: nowMillis()) { sender.send(d, port: server.netflowPort) }
            flows += batch
            try await Task.sleep(for: .milliseconds(300))
            metrics = try await MetricsSnapshot.fetch(httpPort: server.httpPort)
            if metrics["netsight_store_write_errors_total"] > 0 { break }
        }
        let errors = metrics["netsight_store_write_errors_total"]
        #expect(errors > 0, "no store write errors counted with a full disk")
        #expect(server.process.isRunning)

        // Still serving: health answers, and new datagrams are counted.
        let datagramsBefore = metrics["netsight_flow_datagrams_total"]
        let more = FlowDatagrams.flows(count: 300, firstSource: "10.99.0.1")
        for d in FlowDatagrams.v5Datagrams(more, nowMillis: nowMillis()) { sender.send(d, port: server.netflowPort) }
        flows += more
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await httpGet(port: server.httpPort, path: "/healthz").status == 200)
        metrics = try await MetricsSnapshot.fetch(httpPort: server.httpPort)
        #expect(metrics["netsight_flow_datagrams_total"] == datagramsBefore + 10)

        // Space is back: the held batches are written, nothing was lost.
        try FileManager.default.removeItem(atPath: filler)
        for _ in 0..<50 {
            metrics = try await MetricsSnapshot.fetch(httpPort: server.httpPort)
            if Int(metrics["netsight_store_flows_written_total"]) >= flows.count { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        print("full disk: \(Int(errors)) write errors; wrote \(Int(metrics["netsight_store_flows_written_total"])) of \(flows.count) flows after space came back")
        #expect(Int(metrics["netsight_store_flows_written_total"]) == flows.count)
        #expect(metrics["netsight_ingest_queue_dropped_records_total"] == 0)
        #expect(server.terminate() == 0, "\(server.process.log)")
        let stored = try storedFlowsBySource(dataDirectory: data)
        #expect(stored.values.reduce(0) { $0 + $1.flows } == UInt64(flows.count))
    }
}
