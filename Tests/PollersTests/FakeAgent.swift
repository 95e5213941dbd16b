import NIOCore
import NIOPosix
import SNMPCodec
import Synchronization

/// An in-process v1/v2c agent on 127.0.0.1 for client and poller tests: answers
/// Get/GetNext/GetBulk (several varbinds, non-repeaters) from a sorted table that tests
/// may change between polls, ignores a wrong community as real agents do, and lets a
/// test misbehave (foreign IDs, wrong sender, tooBig, loops, silence).
final class FakeAgent: Sendable {
    /// What to send for one request: datagrams, each from the agent's socket or the other one.
    typealias Behaviour = @Sendable (CommunityMessage, FakeAgent) -> [(bytes: [UInt8], fromOther: Bool)]

    let channel: any Channel
    let other: any Channel
    let rows: Mutex<[VarBind]>
    /// When set, requests with another community get no answer.
    let community: String?
    let requests = Mutex(0)

    static func start(table: [VarBind], community: String? = nil, behaviour: Behaviour? = nil) async throws -> FakeAgent {
        let box = AgentReference()
        let other = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65536))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler { bytes, from in
                        box.agent.withLock { $0 }?.handle(bytes, from: from, behaviour: behaviour)
                    })
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let agent = FakeAgent(channel: channel, other: other, table: table, community: community)
        box.agent.withLock { $0 = agent }
        return agent
    }

    init(channel: any Channel, other: any Channel, table: [VarBind], community: String? = nil) {
        self.channel = channel
        self.other = other
        self.rows = Mutex(table.sorted { $0.oid < $1.oid })
        self.community = community
    }

    var port: Int { channel.localAddress!.port! }

    var table: [VarBind] { rows.withLock { $0 } }

    /// Replaces the whole table (a renumbered or restarted agent).
    func setTable(_ table: [VarBind]) {
        rows.withLock { $0 = table.sorted { $0.oid < $1.oid } }
    }

    /// Sets (or adds) one object.
    func set(_ oid: OID, _ value: SNMPValue) {
        rows.withLock { rows in
            let i = Self.lowerBound(rows, oid)
            if i < rows.count, rows[i].oid == oid {
                rows[i].value = value
            } else {
                rows.insert(VarBind(oid, value), at: i)
            }
        }
    }

    func stop() async {
        try? await channel.close()
        try? await other.close()
    }

    func handle(_ bytes: [UInt8], from: SocketAddress, behaviour: Behaviour?) {
        requests.withLock { $0 += 1 }
        guard let message = try? CommunityMessage.decode(bytes) else { return }
        if let community, message.community != Array(community.utf8) { return }
        let replies = behaviour?(message, self) ?? [(answer(message).encode(), false)]
        for reply in replies {
            let ch = reply.fromOther ? other : channel
            var buffer = ch.allocator.buffer(capacity: reply.bytes.count)
            buffer.writeBytes(reply.bytes)
            ch.writeAndFlush(AddressedEnvelope(remoteAddress: from, data: buffer), promise: nil)
        }
    }

    /// The correct answer from the table (v1: noSuchName instead of exceptions).
    func answer(_ message: CommunityMessage, requestID: Int32? = nil) -> CommunityMessage {
        let id = requestID ?? message.pdu.requestID!
        let table = self.table
        var out: [VarBind] = []
        switch message.pdu {
        case .getRequest(let p):
            out = p.varBinds.map { vb in
                let i = Self.lowerBound(table, vb.oid)
                return i < table.count && table[i].oid == vb.oid ? table[i] : VarBind(vb.oid, .noSuchObject)
            }
        case .getNextRequest(let p):
            out = p.varBinds.map { Self.next(table, after: $0.oid) }
        case .getBulkRequest(let p):
            let n = min(max(0, Int(p.nonRepeaters)), p.varBinds.count)
            for vb in p.varBinds.prefix(n) { out.append(Self.next(table, after: vb.oid)) }
            var from = p.varBinds.dropFirst(n).map(\.oid)
            if !from.isEmpty {
                for _ in 0..<max(1, Int(p.maxRepetitions)) {
                    var allEnd = true
                    for k in from.indices {
                        let vb = Self.next(table, after: from[k])
                        out.append(vb)
                        if vb.value != .endOfMibView { allEnd = false }
                        from[k] = vb.oid
                    }
                    if allEnd { break }
                }
            }
        default: break
        }
        if message.version == .v1, let bad = out.firstIndex(where: { $0.value.isException }) {
            let request: [VarBind] = {
                if case .getRequest(let p) = message.pdu { return p.varBinds }
                if case .getNextRequest(let p) = message.pdu { return p.varBinds }
                return out
            }()
            return CommunityMessage(version: message.version, community: message.community, pdu: .response(PDU(
                requestID: id, errorStatus: .noSuchName, errorIndex: Int32(bad + 1), varBinds: request)))
        }
        return CommunityMessage(version: message.version, community: message.community, pdu: .response(PDU(requestID: id, varBinds: out)))
    }

    func next(after oid: OID) -> VarBind { Self.next(table, after: oid) }

    static func next(_ table: [VarBind], after oid: OID) -> VarBind {
        var lo = 0
        var hi = table.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if oid < table[mid].oid { hi = mid } else { lo = mid + 1 }
        }
        return lo < table.count ? table[lo] : VarBind(oid, .endOfMibView)
    }

    /// The first index whose OID is not below `oid`.
    static func lowerBound(_ table: [VarBind], _ oid: OID) -> Int {
        var lo = 0
        var hi = table.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if table[mid].oid < oid { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let receive: @Sendable ([UInt8], SocketAddress) -> Void
        init(_ receive: @escaping @Sendable ([UInt8], SocketAddress) -> Void) { self.receive = receive }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let e = unwrapInboundIn(data)
            receive(Array(e.data.readableBytesView), e.remoteAddress)
        }
    }
}

/// 100 rows under 1.3.6.1.2.1.2.2.1.10 plus a system group.
func sampleTable() -> [VarBind] {
    var rows: [VarBind] = [
        VarBind([1, 3, 6, 1, 2, 1, 1, 1, 0], .octetString(Array("fake agent".utf8))),
        VarBind([1, 3, 6, 1, 2, 1, 1, 5, 0], .octetString(Array("core-1".utf8))),
    ]
    for i in 1...100 { rows.append(VarBind([1, 3, 6, 1, 2, 1, 2, 2, 1, 10, UInt32(i)], .counter32(UInt32(i * 1000)))) }
    rows.append(VarBind([1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 1, 1], .octetString(Array("lo".utf8))))
    return rows
}

final class AgentReference: Sendable {
    let agent = Mutex<FakeAgent?>(nil)
}
