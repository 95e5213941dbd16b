import NIOCore
import Synchronization

/// When the last datagram was read, so a graceful shutdown can tell a quiet socket.
final class ReadActivity: Sendable {
    private let lastReadNanos = Atomic<UInt64>(0)

    func markRead() { lastReadNanos.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed) }

    var lastRead: NIODeadline { .uptimeNanoseconds(lastReadNanos.load(ordering: .relaxed)) }
}

extension FlowListenerService {
    /// How long the socket must go unread before a shutdown treats its queue as empty,
    /// where the kernel cannot be asked (the event loop reads a readable socket within
    /// microseconds, so 100 ms of silence means nothing is waiting).
    static let drainQuietPeriod = TimeAmount.milliseconds(100)
    /// The longest a shutdown waits for the queue to empty: an exporter that never stops
    /// sending must not hold SIGTERM forever.
    static let drainLimit = TimeAmount.seconds(2)

    /// Closes `channel` once the datagrams already queued in the kernel have been read.
    ///
    /// Closing at once would discard them: an exporter's last burst before SIGTERM would be
    /// lost although it had reached the host. Checks run on the channel's event loop,
    /// after that loop's reads, so everything read is in the ingest queue when it closes.
    static func closeWhenDrained(_ channel: any Channel, activity: ReadActivity) {
        let deadline = NIODeadline.now() + drainLimit
        channel.eventLoop.execute {
            DrainCheck(channel: channel, activity: activity, deadline: deadline).run()
        }
    }
}

/// One check of `closeWhenDrained`, rescheduled every 10 ms until the socket is drained.
private struct DrainCheck: Sendable {
    let channel: any Channel
    let activity: ReadActivity
    let deadline: NIODeadline

    func run() {
        let now = NIODeadline.now()
        if queuedBytes() == 0 || now - activity.lastRead >= FlowListenerService.drainQuietPeriod || now >= deadline {
            channel.close(promise: nil)
            return
        }
        channel.eventLoop.scheduleTask(in: .milliseconds(10)) { run() }
    }

    /// Bytes waiting in the socket's receive queue, or nil where the kernel does not say.
    private func queuedBytes() -> Int32? {
        #if os(Linux)
        // SO_MEMINFO (55) fills an array of UInt32 whose first entry is the receive queue's
        // memory; NIO asks for one Int (8 bytes), so the low half (little-endian) is that entry.
        let option = ChannelOptions.Types.SocketOption(
            level: NIOBSDSocket.OptionLevel.socket, name: NIOBSDSocket.Option(rawValue: 55))
        guard let options = channel.syncOptions, let value = try? options.getOption(option) else { return nil }
        return Int32(truncatingIfNeeded: UInt32(truncatingIfNeeded: value))
        #else
        return nil
        #endif
    }
}
