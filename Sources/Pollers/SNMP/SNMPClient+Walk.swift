import SNMPCodec

extension SNMPClient {
    /// Walks the subtree under `root`, handing each in-subtree varbind batch to `body`
    /// in OID order.
    ///
    /// GetBulk (v2c/v3, `bulk`) with adaptive max-repetitions, else GetNext. Stops at
    /// the end of the subtree, at endOfMibView and (v1) at noSuchName; throws
    /// `SNMPClientError` `.notIncreasing` when the agent loops.
    /// - Parameter exceptions: also hand `body` the exception varbinds the walk ended at
    ///   (`SNMPWalkState.Step.exceptions`), as a last batch: net-snmp's walk tools print
    ///   them ("No more variables left in this MIB View").
    public func walk(
        _ root: OID, target: SNMPTarget, bulk: Bool = true, repetitions: AdaptiveRepetitions = AdaptiveRepetitions(),
        exceptions: Bool = false, _ body: ([VarBind]) async throws -> Void
    ) async throws {
        var walk = SNMPWalkState(root: root)
        var repetitions = repetitions
        let useBulk = bulk && target.version != .v1
        var answered = false
        var timeoutShrinks = 0
        while !walk.isFinished {
            let from = walk.last
            let asked = repetitions.current
            let pdu: PDU
            do {
                if useBulk {
                    pdu = try await request(target) {
                        .getBulkRequest(BulkPDU(requestID: $0, nonRepeaters: 0, maxRepetitions: Int32(asked), varBinds: [VarBind(from)]))
                    }
                } else {
                    pdu = try await request(target) { .getNextRequest(PDU(requestID: $0, varBinds: [VarBind(from)])) }
                }
            } catch let error as SNMPClientError {
                // An agent that answered before but not now may be choking on big answers
                // (or their IP fragments): try once more with fewer repetitions.
                if case .timeout = error.kind, useBulk, answered, timeoutShrinks == 0, asked > repetitions.minimum {
                    timeoutShrinks += 1
                    repetitions.shrink()
                    continue
                }
                throw error
            }
            answered = true
            if pdu.errorStatus == .tooBig, useBulk, asked > repetitions.minimum {
                repetitions.shrink()
                continue
            }
            if pdu.errorStatus == .noSuchName, target.version == .v1 {
                walk.finish()
                break
            }
            guard pdu.errorStatus == .noError else {
                throw SNMPClientError(.agent(pdu.errorStatus, index: pdu.errorIndex), target: target.description)
            }
            timeoutShrinks = 0
            let step: SNMPWalkState.Step
            do {
                step = try walk.consume(pdu.varBinds)
            } catch {
                throw SNMPClientError(.notIncreasing(error), target: target.description)
            }
            if useBulk, !step.finished {
                repetitions.answered(requested: asked, returned: pdu.varBinds.count)
            }
            if !step.varBinds.isEmpty { try await body(step.varBinds) }
            if exceptions, !step.exceptions.isEmpty { try await body(step.exceptions) }
        }
    }

    /// `walk` collected into one array.
    public func walkAll(
        _ root: OID, target: SNMPTarget, bulk: Bool = true, repetitions: AdaptiveRepetitions = AdaptiveRepetitions()
    ) async throws -> [VarBind] {
        var all: [VarBind] = []
        try await walk(root, target: target, bulk: bulk, repetitions: repetitions) { all.append(contentsOf: $0) }
        return all
    }

    /// `walk` as a stream of varbinds; cancelling the consumer stops the walk.
    public func walkStream(
        _ root: OID, target: SNMPTarget, bulk: Bool = true, repetitions: AdaptiveRepetitions = AdaptiveRepetitions()
    ) -> AsyncThrowingStream<VarBind, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.walk(root, target: target, bulk: bulk, repetitions: repetitions) { batch in
                        for vb in batch { continuation.yield(vb) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
