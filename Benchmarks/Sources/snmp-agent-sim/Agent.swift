import SNMPCodec

/// Answers one request datagram for one device: v1/v2c Get and GetNext, v2c GetBulk.
/// Requests are decoded and responses encoded with SNMPCodec; names come pre-encoded from
/// the layout and values are computed for the instances returned only.
final class Agent {
    let layout: Layout
    let simulation: Simulation
    var flags: [DeviceFlags]
    /// Requests seen per device (for --drop-every-other).
    var seen: [UInt64]
    let community: [UInt8]
    /// --one-port: device i is community "<community>@<i>".
    let onePort: Bool
    let maxSize: Int
    let start: UInt64

    var requests: UInt64 = 0
    var responses: UInt64 = 0
    var varBindsOut: UInt64 = 0
    var ignored: UInt64 = 0

    init(layout: Layout, simulation: Simulation, flags: [DeviceFlags], community: String, onePort: Bool, maxSize: Int) {
        self.layout = layout
        self.simulation = simulation
        self.flags = flags
        self.seen = Array(repeating: 0, count: flags.count)
        self.community = Array(community.utf8)
        self.onePort = onePort
        self.maxSize = maxSize
        self.start = monotonicMillis()
    }

    /// Which device a community names in --one-port mode, or nil.
    func device(ofCommunity c: [UInt8]) -> Int? {
        guard c.count > community.count + 1, c.starts(with: community), c[community.count] == UInt8(ascii: "@") else {
            return nil
        }
        var i = 0
        for b in c[(community.count + 1)...] {
            guard b >= 48 && b <= 57, i < 100_000_000 else { return nil }
            i = i * 10 + Int(b - 48)
        }
        return i < flags.count ? i : nil
    }

    /// The response datagram, or nil for no answer.
    func handle(_ bytes: [UInt8], device socketDevice: Int) -> [UInt8]? {
        requests += 1
        if !onePort && flags[socketDevice].silent {
            ignored += 1
            return nil
        }
        guard let message = try? CommunityMessage.decode(bytes) else {
            ignored += 1
            return nil
        }
        let device: Int
        if onePort {
            guard let d = self.device(ofCommunity: message.community), !flags[d].silent else {
                ignored += 1
                return nil
            }
            device = d
        } else {
            guard message.community == community else {
                ignored += 1
                return nil
            }
            device = socketDevice
        }
        seen[device] += 1
        if flags[device].dropEveryOther && seen[device] % 2 == 0 {
            ignored += 1
            return nil
        }
        let f = flags[device]
        let millis = simulation.millis(monotonicMillis() &- start, f)
        var context = Context(
            agent: self, device: device, flags: f, millis: millis, v1: message.version == .v1,
            limit: maxSize - 32 - message.community.count)
        let reply: [UInt8]
        switch message.pdu {
        case .getRequest(let p):
            reply = context.get(p, next: false, message: message)
        case .getNextRequest(let p):
            reply = context.get(p, next: true, message: message)
        case .getBulkRequest(let b):
            reply = context.bulk(b, message: message)
        default:
            ignored += 1
            return nil
        }
        responses += 1
        varBindsOut += UInt64(context.count)
        return reply
    }
}

/// One request's work: the varbinds encoded so far and the room left.
struct Context {
    let agent: Agent
    let device: Int
    let flags: DeviceFlags
    let millis: UInt64
    let v1: Bool
    /// Bytes the varbinds may take (the datagram limit less the message's own overhead).
    let limit: Int
    /// The VarBind SEQUENCEs so far, back to back (the VarBindList's contents).
    var varBinds: [UInt8] = []
    var count = 0

    init(agent: Agent, device: Int, flags: DeviceFlags, millis: UInt64, v1: Bool, limit: Int) {
        self.agent = agent
        self.device = device
        self.flags = flags
        self.millis = millis
        self.v1 = v1
        self.limit = limit
        varBinds.reserveCapacity(min(limit, 65_536))
    }

    func visible(_ e: Entry) -> Bool { !(e.isCounter64 && (v1 || flags.noHC)) }

    /// The first visible entry at or after index `i`, or nil (end of the MIB view).
    func visible(from i: Int) -> Int? {
        let entries = agent.layout.entries
        var i = i
        while i < entries.count {
            if visible(entries[i]) { return i }
            i += 1
        }
        return nil
    }

    func value(_ i: Int) -> SNMPValue {
        agent.simulation.value(agent.layout.entries[i], device: device, flags: flags, millis: millis)
    }

    /// Adds one varbind if it fits; false when it does not.
    mutating func add(name: [UInt8], _ value: SNMPValue) -> Bool {
        append(encodeVarBind(name: name, value))
    }

    /// Adds entry `i` with its value now; false when it does not fit.
    mutating func add(entry i: Int) -> Bool {
        let e = agent.layout.entries[i]
        if let bytes = e.fixedVarBind { return append(bytes) }
        return append(encodeVarBind(name: e.name, agent.simulation.value(e, device: device, flags: flags, millis: millis)))
    }

    mutating func append(_ bytes: [UInt8]) -> Bool {
        guard varBinds.count + bytes.count <= limit else { return false }
        varBinds.append(contentsOf: bytes)
        count += 1
        return true
    }

    /// Get or GetNext. v1 turns the first exception into noSuchName; a response that
    /// does not fit is tooBig with no varbinds.
    mutating func get(_ p: PDU, next: Bool, message: CommunityMessage) -> [UInt8] {
        let layout = agent.layout
        for (k, vb) in p.varBinds.enumerated() {
            let arcs = vb.oid.arcs
            var name: [UInt8]
            var value: SNMPValue
            if next {
                if let i = visible(from: layout.firstAfter(arcs)) {
                    name = layout.entries[i].name
                    value = self.value(i)
                } else {
                    name = vb.oid.berContents
                    value = .endOfMibView
                }
            } else {
                let i = layout.firstAtOrAfter(arcs)
                name = vb.oid.berContents
                if i < layout.entries.count, layout.entries[i].arcs == arcs {
                    value = visible(layout.entries[i]) ? self.value(i) : .noSuchObject
                } else {
                    value = layout.hasObject(of: arcs, near: i) ? .noSuchInstance : .noSuchObject
                }
            }
            if v1 && value.isException {
                return encode(message, requestID: p.requestID, status: .noSuchName, index: Int32(k + 1),
                              echo: p.varBinds)
            }
            guard add(name: name, value) else {
                varBinds.removeAll()
                return encode(message, requestID: p.requestID, status: .tooBig, index: 0)
            }
        }
        return encode(message, requestID: p.requestID)
    }

    /// GetBulk (RFC 3416 4.2.3): as many varbinds as fit, never tooBig; stops after a
    /// repetition in which every repeater reached the end of the MIB view.
    mutating func bulk(_ b: BulkPDU, message: CommunityMessage) -> [UInt8] {
        let layout = agent.layout
        let count = b.varBinds.count
        let nonRepeaters = min(max(Int(b.nonRepeaters), 0), count)
        let repetitions = max(Int(b.maxRepetitions), 0)
        full: do {
            for k in 0..<nonRepeaters {
                let vb = b.varBinds[k]
                let fits: Bool
                if let i = visible(from: layout.firstAfter(vb.oid.arcs)) {
                    fits = add(entry: i)
                } else {
                    fits = add(name: vb.oid.berContents, .endOfMibView)
                }
                guard fits else { break full }
            }
            let repeaters = count - nonRepeaters
            guard repeaters > 0, repetitions > 0 else { break full }
            // Per repeater: the next entry to look at, or nil at the end (with the name
            // the endOfMibView varbinds carry).
            var cursor: [Int?] = []
            var endName: [[UInt8]] = []
            for k in nonRepeaters..<count {
                let oid = b.varBinds[k].oid
                cursor.append(layout.firstAfter(oid.arcs))
                endName.append(oid.berContents)
            }
            for _ in 0..<repetitions {
                var allEnded = true
                for r in 0..<repeaters {
                    let fits: Bool
                    if let c = cursor[r], let i = visible(from: c) {
                        allEnded = false
                        cursor[r] = i + 1
                        fits = add(entry: i)
                        endName[r] = layout.entries[i].name
                    } else {
                        cursor[r] = nil
                        fits = add(name: endName[r], .endOfMibView)
                    }
                    guard fits else { break full }
                }
                if allEnded { break }
            }
        }
        return encode(message, requestID: b.requestID)
    }

    func encode(_ message: CommunityMessage, requestID: Int32, status: ErrorStatus = .noError, index: Int32 = 0,
                echo: [VarBind]? = nil) -> [UInt8] {
        var w = BERWriter(reservingCapacity: varBinds.count + 48 + message.community.count)
        w.writeSequence { w in
            w.writeInteger(message.version.rawValue)
            w.writeOctetString(message.community)
            w.writeConstructed(BERTag(rawValue: PDUType.response.rawValue)) { w in
                w.writeInteger(requestID)
                w.writeInteger(status.rawValue)
                w.writeInteger(index)
                if let echo {
                    w.writeSequence { w in
                        for vb in echo {
                            w.writeSequence { pair in
                                pair.writeOID(vb.oid)
                                vb.value.write(to: &pair)
                            }
                        }
                    }
                } else {
                    w.write(.sequence, contents: varBinds)
                }
            }
        }
        return w.bytes
    }
}

@inline(__always)
func lengthOfLength(_ n: Int) -> Int { n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 4 }
