import SNMPCodec

extension SNMPClient {
    /// Walks several table columns in lockstep: each request asks for the next rows of
    /// every column not yet finished, so N columns of a 48-row table take about
    /// 48 × N / budget round trips instead of N separate walks.
    ///
    /// GetBulk (v2c/v3) asks `repetitions.current` rows of each column per request;
    /// v1 sends GetNext with one varbind per column. A column ends at the first OID
    /// outside it, at endOfMibView, or (v1) at noSuchName for its varbind.
    ///
    /// - Parameters:
    ///   - columns: column OIDs (or any subtree roots).
    ///   - repetitions: rows per column per GetBulk; nil picks ~60 varbinds per answer,
    ///     about one 1,500-byte frame of counters, and lets it grow to 4× that.
    /// - Throws: `SNMPClientError` (timeout, agent error, an agent loop).
    public func walkColumns(
        _ columns: [OID], target: SNMPTarget, repetitions: AdaptiveRepetitions? = nil
    ) async throws -> ColumnTable {
        var table = ColumnTable(columns: columns)
        var last = columns
        var active = Array(columns.indices)
        var reps = repetitions ?? Self.columnRepetitions(columns.count)
        let useBulk = target.version != .v1
        var timeoutShrinks = 0
        var answered = false
        while !active.isEmpty {
            let asked = reps.current
            let asking = active.map { VarBind(last[$0]) }
            let pdu: PDU
            do {
                if useBulk {
                    pdu = try await self.request(target) {
                        .getBulkRequest(BulkPDU(requestID: $0, nonRepeaters: 0, maxRepetitions: Int32(asked), varBinds: asking))
                    }
                } else {
                    pdu = try await self.request(target) { .getNextRequest(PDU(requestID: $0, varBinds: asking)) }
                }
            } catch let error as SNMPClientError {
                // Like `walk`: a big answer (or its IP fragments) may be what gets lost.
                if case .timeout = error.kind, useBulk, answered, timeoutShrinks == 0, asked > reps.minimum {
                    timeoutShrinks += 1
                    reps.shrink()
                    continue
                }
                throw error
            }
            answered = true
            if pdu.errorStatus == .tooBig, useBulk, asked > reps.minimum {
                reps.shrink()
                continue
            }
            if pdu.errorStatus == .noSuchName, !useBulk {
                // v1: the varbind at errorIndex ran off the end of the MIB view.
                let i = Int(pdu.errorIndex) - 1
                if active.indices.contains(i) {
                    active.remove(at: i)
                } else {
                    active.removeAll()
                }
                continue
            }
            guard pdu.errorStatus == .noError else {
                throw SNMPClientError(.agent(pdu.errorStatus, index: pdu.errorIndex), target: target.description)
            }
            timeoutShrinks = 0
            let varBinds = pdu.varBinds
            if varBinds.isEmpty { break }
            let width = active.count
            if !useBulk, varBinds.count != width {
                // An answer without one varbind per column cannot be matched up.
                throw SNMPClientError(.badResponse("\(varBinds.count) varbinds for \(width) columns"), target: target.description)
            }
            var finished = Set<Int>()
            for (k, vb) in varBinds.enumerated() {
                let column = active[k % width]
                if finished.contains(column) { continue }
                if vb.value == .endOfMibView || !columns[column].isPrefix(of: vb.oid) || vb.oid == columns[column] {
                    finished.insert(column)
                    continue
                }
                guard last[column] < vb.oid else {
                    throw SNMPClientError(
                        .notIncreasing(SNMPWalkError(previous: last[column], returned: vb.oid)), target: target.description)
                }
                last[column] = vb.oid
                table.rows[column].append(ColumnTable.Row(index: vb.oid.arcs[columns[column].arcs.count...], value: vb.value))
            }
            if useBulk, finished.isEmpty {
                reps.answered(requested: asked, returned: varBinds.count / width)
            }
            active.removeAll { finished.contains($0) }
        }
        return table
    }

    /// Repetitions for `count` columns: ~60 varbinds per answer to start, at most ~240.
    static func columnRepetitions(_ count: Int) -> AdaptiveRepetitions {
        let n = max(1, count)
        return AdaptiveRepetitions(initial: max(1, 60 / n), minimum: 1, maximum: max(2, 240 / n))
    }
}
