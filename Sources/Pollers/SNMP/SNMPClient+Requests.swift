import NIOCore
import SNMPCodec

extension SNMPClient {
    /// GetRequest for `oids`. Absent objects come back as noSuchObject/noSuchInstance
    /// varbinds (v2c/v3); an error-status throws.
    public func get(_ oids: [OID], target: SNMPTarget) async throws -> [VarBind] {
        let varBinds = oids.map { VarBind($0) }
        let pdu = try await request(target) { .getRequest(PDU(requestID: $0, varBinds: varBinds)) }
        return try checked(pdu, target)
    }

    /// GetNextRequest for `oids`: the next object after each.
    public func getNext(_ oids: [OID], target: SNMPTarget) async throws -> [VarBind] {
        let varBinds = oids.map { VarBind($0) }
        let pdu = try await request(target) { .getNextRequest(PDU(requestID: $0, varBinds: varBinds)) }
        return try checked(pdu, target)
    }

    /// GetBulkRequest (v2c/v3): the next object after each of the first `nonRepeaters`
    /// OIDs, then up to `maxRepetitions` successors of each remaining one, interleaved.
    public func getBulk(
        _ oids: [OID], nonRepeaters: Int = 0, maxRepetitions: Int, target: SNMPTarget
    ) async throws -> [VarBind] {
        let varBinds = oids.map { VarBind($0) }
        let pdu = try await request(target) {
            .getBulkRequest(BulkPDU(
                requestID: $0, nonRepeaters: Int32(clamping: nonRepeaters), maxRepetitions: Int32(clamping: maxRepetitions),
                varBinds: varBinds))
        }
        return try checked(pdu, target)
    }

    func checked(_ pdu: PDU, _ target: SNMPTarget) throws -> [VarBind] {
        guard pdu.errorStatus == .noError else {
            throw SNMPClientError(.agent(pdu.errorStatus, index: pdu.errorIndex), target: target.description)
        }
        return pdu.varBinds
    }

    /// Sends one request (with the target's retries) and returns the Response PDU,
    /// whatever its error-status. Holds one of the target's concurrency slots meanwhile.
    /// - Parameter make: builds the PDU for a request ID.
    public func request(_ target: SNMPTarget, _ make: @Sendable (Int32) -> SNMPPDU) async throws -> PDU {
        await acquireSlot(target)
        defer { releaseSlot(target) }
        switch target.version {
        case .v1, .v2c: return try await communityRequest(target, make)
        case .v3: return try await v3Request(target, make)
        }
    }

    func allocateID() -> Int32 {
        state.withLock { $0.tracker.allocate() }
    }

    /// Sends `bytes` up to 1 + retries times; the answer or a timeout error.
    func sendWithRetries(_ bytes: [UInt8], id: Int32, to address: SocketAddress, target: SNMPTarget) async throws -> Received {
        let tries = target.retries + 1
        for _ in 0..<tries {
            if let answer = try await exchange(bytes, id: id, to: address, timeout: target.timeout) { return answer }
        }
        throw SNMPClientError(.timeout(tries: tries), target: target.description)
    }

    func communityRequest(_ target: SNMPTarget, _ make: (Int32) -> SNMPPDU) async throws -> PDU {
        let address = try resolve(target)
        let id = allocateID()
        let bytes = CommunityMessage(version: target.version, community: target.community, pdu: make(id)).encode()
        let answer = try await sendWithRetries(bytes, id: id, to: address, target: target)
        guard case .community(let message) = answer, case .response(let pdu) = message.pdu else {
            throw SNMPClientError(.badResponse("not a Response PDU"), target: target.description)
        }
        return pdu
    }

    func v3Request(_ target: SNMPTarget, _ make: (Int32) -> SNMPPDU) async throws -> PDU {
        guard let user = target.user else {
            throw SNMPClientError(.transport("SNMPv3 needs a user name"), target: target.description)
        }
        let address = try resolve(target)
        let key = target.key
        let context = Array(target.contextName.utf8)
        // Discovery, then at most two resends for time resynchronisation (RFC 3414 4).
        for _ in 0..<3 {
            if !(state.withLock { $0.engines[key]?.isDiscovered ?? false }) {
                try await discover(target, user: user, address: address)
            }
            let id = allocateID()
            let now = nowMilliseconds()
            let sealed: Result<([UInt8], USMLocalizedKeys), any Error> = state.withLock { s in
                var engine = s.engines[key] ?? SNMPEngineState(saltSeed: UInt64.random(in: .min ... .max))
                let cacheKey = KeyCacheKey(user: user, engineID: engine.engineID)
                let keys = s.keys[cacheKey] ?? user.localizedKeys(engineID: engine.engineID)
                s.keys[cacheKey] = keys
                defer { s.engines[key] = engine }
                do {
                    return .success((try engine.seal(make(id), keys: keys, messageID: id, contextName: context, now: now), keys))
                } catch {
                    return .failure(error)
                }
            }
            let (bytes, keys): ([UInt8], USMLocalizedKeys)
            switch sealed {
            case .success(let value): (bytes, keys) = value
            case .failure(let error as USMError): throw SNMPClientError(.security(error), target: target.description)
            case .failure(let error): throw SNMPClientError(.badResponse("\(error)"), target: target.description)
            }
            let answer: Received
            do {
                answer = try await sendWithRetries(bytes, id: id, to: address, target: target)
            } catch var error as SNMPClientError {
                // Agents drop what they cannot decrypt without a report (net-snmp's snmpd
                // does), so a wrong privacy password looks like a dead agent. But this
                // agent answered discovery: say what is likely wrong.
                if case .timeout = error.kind, user.privacy != nil {
                    error.hint = "the agent answered engine discovery; wrong privacy password or protocol for user \(user.name)?"
                }
                throw error
            }
            guard case .v3(let reply) = answer else {
                throw SNMPClientError(.badResponse("not an SNMPv3 message"), target: target.description)
            }
            let message = try open(reply, keys: keys, target: target)
            let outcome = state.withLock { s in
                var engine = s.engines[key] ?? SNMPEngineState(saltSeed: 1)
                defer { s.engines[key] = engine }
                return engine.receive(message, userName: user.name, now: nowMilliseconds())
            }
            switch outcome {
            case .accepted:
                guard case .response(let pdu)? = message.plaintext?.pdu else {
                    throw SNMPClientError(.badResponse("not a Response PDU"), target: target.description)
                }
                return pdu
            case .retry:
                continue
            case .failed(let error):
                throw SNMPClientError(.security(error), target: target.description)
            }
        }
        throw SNMPClientError(.badResponse("the agent kept asking for resynchronisation"), target: target.description)
    }

    /// Learns the agent's engine ID, boots and time (RFC 3414 section 4).
    func discover(_ target: SNMPTarget, user: USMUser, address: SocketAddress) async throws {
        let id = allocateID()
        let bytes = SNMPEngineState.discoveryRequest(messageID: id, requestID: id).encode()
        guard case .v3(let reply) = try await sendWithRetries(bytes, id: id, to: address, target: target) else {
            throw SNMPClientError(.badResponse("not an SNMPv3 message"), target: target.description)
        }
        let message = try open(reply, keys: nil, target: target)
        let key = target.key
        let outcome = state.withLock { s in
            var engine = s.engines[key] ?? SNMPEngineState(saltSeed: UInt64.random(in: .min ... .max))
            defer { s.engines[key] = engine }
            return engine.receive(message, userName: user.name, now: nowMilliseconds())
        }
        switch outcome {
        case .retry, .accepted:
            guard state.withLock({ $0.engines[key]?.isDiscovered ?? false }) else {
                throw SNMPClientError(.badResponse("engine discovery returned no engine ID"), target: target.description)
            }
        case .failed(let error):
            throw SNMPClientError(.security(error), target: target.description)
        }
    }

    func open(_ reply: [UInt8], keys: USMLocalizedKeys?, target: SNMPTarget) throws -> SNMPv3Message {
        do {
            return try USM.open(reply, keys: keys)
        } catch let error as USMError {
            throw SNMPClientError(.security(error), target: target.description)
        } catch {
            throw SNMPClientError(.badResponse("\(error)"), target: target.description)
        }
    }
}
