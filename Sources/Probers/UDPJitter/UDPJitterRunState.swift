import Analytics
import ProbeCodec

/// What one UDP jitter burst has sent and received so far: the prober's bookkeeping as a
/// pure value (DESIGN.md rule 6), fed events with their times and tested without sockets.
///
/// Rules, in IP SLA's terms:
/// - a reply is valid when it decodes, is a reply, carries this run's token and names a
///   sequence this run has sent; anything else is garbage, counted and remembered (the
///   first reason) so a run that only ever got garbage can say "bad reply: ..." instead
///   of "timeout";
/// - a valid reply later than `timeoutMicros` after its T1 is *late*: counted in `late`,
///   and treated as lost on the way back (its T2/T3 prove the request arrived, so the
///   forward direction is credited and the round trip is not);
/// - further replies to the same sequence are duplicates, with no second RTT.
struct UDPJitterRunState: Sendable {
    struct Record: Sendable, Equatable {
        var t1: Int64?
        var t2: Int64?
        var t3: Int64?
        var t4: Int64?
        var late = false
        var duplicates = 0

        /// Nothing more is awaited for it: answered in time, or answered late.
        var isSettled: Bool { t4 != nil || late }
    }

    let token: UInt64
    let count: Int
    let timeoutMicros: Int64
    private(set) var records: [Record]
    private(set) var late = 0
    private(set) var garbage = 0
    private(set) var firstGarbage: String?
    /// The first error a send returned, for a run where nothing came back.
    private(set) var sendError: String?
    private(set) var sendErrors = 0
    private var sentCount = 0
    private var settledCount = 0

    init(token: UInt64, count: Int, timeoutMicros: Int64) {
        self.token = token
        self.count = count
        self.timeoutMicros = timeoutMicros
        records = Array(repeating: Record(), count: count)
    }

    /// Every packet is out and every one has been answered (in time or late): the run can
    /// end before its deadline.
    var isComplete: Bool { sentCount == count && settledCount == count }

    /// Packets answered in time.
    var received: Int { records.count { $0.t4 != nil } }

    mutating func sent(sequence: Int, at t1: Int64) {
        guard records.indices.contains(sequence), records[sequence].t1 == nil else { return }
        records[sequence].t1 = t1
        sentCount += 1
    }

    mutating func sendFailed(_ message: String) {
        sendErrors += 1
        if sendError == nil { sendError = message }
    }

    /// Takes one datagram that arrived at `t4` from `source` (for the garbage message).
    mutating func received<Bytes: RandomAccessCollection>(_ bytes: Bytes, from source: String, at t4: Int64)
    where Bytes.Element == UInt8 {
        let packet: UDPJitterPacket
        do {
            packet = try UDPJitterPacket(decoding: bytes)
        } catch {
            return reject("\(error), from \(source)")
        }
        guard packet.kind == .reply else { return reject("a request, not a reply, from \(source)") }
        guard packet.token == token else {
            return reject("run token \(hex(packet.token)) does not match \(hex(token)), from \(source)")
        }
        let sequence = Int(packet.sequence)
        guard records.indices.contains(sequence), let t1 = records[sequence].t1 else {
            return reject("sequence \(sequence) was not sent in this run of \(count), from \(source)")
        }
        if records[sequence].isSettled {
            records[sequence].duplicates += 1
            return
        }
        records[sequence].t2 = packet.responderReceivedMicros
        records[sequence].t3 = packet.responderSentMicros
        if t4 - t1 > timeoutMicros {
            records[sequence].late = true
            late += 1
        } else {
            records[sequence].t4 = t4
        }
        settledCount += 1
    }

    /// The four timestamps of every packet sent, in sequence order.
    var samples: [UDPJitterSample] {
        records.enumerated().compactMap { sequence, r in
            r.t1.map {
                UDPJitterSample(
                    sequence: sequence, sourceSentMicros: $0, responderReceivedMicros: r.t2, responderSentMicros: r.t3,
                    sourceReceivedMicros: r.t4)
            }
        }
    }

    /// Per-packet round trips without the responder's turnaround, as the shared result
    /// builder wants them: received = T1 + RTT so its RTT is (T4 − T1) − (T3 − T2).
    var probeSamples: [ProbeSample] {
        samples.map { s in
            ProbeSample(
                sequence: s.sequence, sentMicros: s.sourceSentMicros,
                receivedMicros: s.roundTripMicros.map { s.sourceSentMicros + $0 },
                duplicates: records[s.sequence].duplicates)
        }
    }

    private mutating func reject(_ reason: String) {
        garbage += 1
        if firstGarbage == nil { firstGarbage = reason }
    }

    private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
