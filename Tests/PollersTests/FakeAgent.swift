import NIOCore
import NIOPosix
import SNMPCodec
import Synchronization

/// An in-process v2c agent on 127.0.0.1 for client tests: answers Get/GetNext/GetBulk
/// from a sorted table, and lets a test misbehave (foreign IDs, wrong sender, tooBig,
/// loops, silence).
final class FakeAgent: Sendable {
    /// What to send for one request: datagrams, each from the agent's socket or the other one.
    typealias Behaviour = @Sendable (CommunityMessage, FakeAgent) -> [(bytes: [UInt8], fromOther: Bool)]

    let channel: any Channel
    let other: any Channel
    let table: [VarBind]
    let requests = Mutex(0)

    static func start(table: [VarBind], behaviour: Behaviour? = nil) async throws -> FakeAgent {
        let box = AgentReference()
        let other = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler { bytes, from in
                        box.agent.withLock { $0 }?.handle(bytes, from: from, behaviour: behaviour)
                    })
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let agent = FakeAgent(channel: channel, other: other, table: table.sorted { $0.oid < $1.oid })
        box.agent.withLock { $0 = agent }
        return agent
    }

    init(channel: any Channel, other: any Channel, table: [VarBind]) {
        self.channel = channel
        self.other = other
        self.table = table
    }

    var port: Int { channel.localAddress!.port! }

    func stop() async {
        try? await channel.close()
        try? await other.close()
    }

    func handle(_ bytes: [UInt8], from: SocketAddress, behaviour: Behaviour?) {
        requests.withLock { $0 += 1 }
        guard let message = try? CommunityMessage.decode(bytes) else { return }
        let replies = behaviour?(message, self) ?? [(answer(message).encode(), false)]
        for reply in replies {
            let ch = reply.fromOther ? other : channel
            var buffer = ch.allocator.buffer(capacity: reply.bytes.count)
            buffer.writeBytes(reply.bytes)
            ch.writeAndFlush(AddressedEnvelope(remoteAddress: from, data: buffer), promise: nil)
        }
    }

    /// The correct answer from the table.
    func answer(_ message: CommunityMessage, requestID: Int32? = nil) -> CommunityMessage {
        let id = requestID ?? message.pdu.requestID!
        var out: [VarBind] = []
        switch message.pdu {
        case .getRequest(let p):
            out = p.varBinds.map { vb in table.first { $0.oid == vb.oid } ?? VarBind(vb.oid, .noSuchObject) }
        case .getNextRequest(let p):
            out = p.varBinds.map { next(after: $0.oid) }
        case .getBulkRequest(let p):
            var from = p.varBinds.first!.oid
            for _ in 0..<max(1, Int(p.maxRepetitions)) {
                let vb = next(after: from)
                out.append(vb)
                if vb.value == .endOfMibView { break }
                from = vb.oid
            }
        default: break
        }
        return CommunityMessage(version: message.version, community: message.community, pdu: .response(PDU(requestID: id, varBinds: out)))
    }

    func next(after oid: OID) -> VarBind {
        table.first { oid < $0.oid } ?? VarBind(oid, .endOfMibView)
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
