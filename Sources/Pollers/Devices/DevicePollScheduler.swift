import Logging
import NetsightModel
import ServiceLifecycle
import Synchronization

/// Polls every configured device on its interval, each in its own child task, and hands
/// each report to the sink: the `Service` `netsight serve` runs.
///
/// Devices share one `SNMPClient` (one UDP socket) but nothing else: each task owns its
/// `DevicePoller`, waits only for its own agent (the client's per-target timeouts and
/// concurrency slots), so a dead device delays nothing else. The latest status of every
/// device is kept for `statuses()` (the API and /metrics).
public final class DevicePollScheduler: Service, Sendable {
    public let specs: [DevicePollSpec]
    let client: SNMPClient?
    let sink: any DevicePollSink
    let clock: any Clock<Duration>
    let nowMillis: @Sendable () -> UInt64
    let logger: Logger
    let latest = Mutex<[String: DevicePollStatus]>([:])

    /// - Parameters:
    ///   - specs: the devices; names must be unique (they key the statuses).
    ///   - client: the SNMP client to use; nil opens one for the run and closes it after.
    ///   - clock: paces the schedule (tests pass a fast or manual clock).
    ///   - nowMillis: wall-clock milliseconds since the epoch, for reports and rates.
    public init(
        specs: [DevicePollSpec], client: SNMPClient? = nil, sink: any DevicePollSink,
        clock: any Clock<Duration> = ContinuousClock(), nowMillis: @escaping @Sendable () -> UInt64,
        logger: Logger = Logger(label: "netsight.pollers")
    ) {
        self.specs = specs
        self.client = client
        self.sink = sink
        self.clock = clock
        self.nowMillis = nowMillis
        self.logger = logger
    }

    /// The latest status of every device polled at least once, by device name.
    public func statuses() -> [DevicePollStatus] {
        latest.withLock { $0.values.sorted { $0.device < $1.device } }
    }

    /// Polls until graceful shutdown or cancellation.
    public func run() async throws {
        let client: SNMPClient
        if let given = self.client {
            client = given
        } else {
            client = try await SNMPClient.start(clock: clock)
        }
        logger.info("polling devices", metadata: ["devices": "\(specs.count)"])
        await cancelWhenGracefulShutdown { [self] in
            await withDiscardingTaskGroup { group in
                for (index, spec) in specs.enumerated() {
                    let offset = DevicePollSchedule.startOffset(index: index, of: specs.count, interval: spec.interval)
                    group.addTask { await self.pollForever(spec, offset: offset, client: client, clock: self.clock) }
                }
            }
        }
        if self.client == nil { try? await client.close() }
    }

    /// One device's loop: wait for its offset, then poll every interval until cancelled.
    func pollForever<C: Clock>(_ spec: DevicePollSpec, offset: Duration, client: SNMPClient, clock: C) async
    where C.Duration == Duration {
        var poller = DevicePoller(spec: spec)
        var start = clock.now.advanced(by: offset)
        while !Task.isCancelled {
            do { try await clock.sleep(until: start, tolerance: nil) } catch { return }
            var report = await poller.poll(client: client, nowMillis: nowMillis)
            if Task.isCancelled { return }
            let (next, late) = DevicePollSchedule.next(after: start, endedAt: clock.now, interval: spec.interval)
            report.status.late = late
            record(report.status)
            await sink.devicePolled(report)
            start = next
        }
    }

    /// Keeps the status and logs a device going down or coming back.
    func record(_ status: DevicePollStatus) {
        let previous = latest.withLock { latest in
            defer { latest[status.device] = status }
            return latest[status.device]
        }
        if let error = status.error, previous?.error == nil {
            logger.warning("device poll failed", metadata: ["device": "\(status.device)", "error": "\(error)"])
        } else if status.error == nil, previous?.error != nil {
            logger.info("device poll recovered", metadata: ["device": "\(status.device)"])
        }
    }
}
