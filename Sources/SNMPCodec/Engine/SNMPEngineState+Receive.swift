extension SNMPEngineState {
    /// What the poller should do with an answer.
    public enum Outcome: Hashable, Sendable {
        /// A Response (or trap) that passed the time-window check: use it.
        case accepted
        /// The engine ID or time was learnt from a Report: send the request again (once;
        /// a second Report of the same kind comes back as `.failed`).
        case retry(RetryReason)
        /// The request cannot succeed as sent.
        case failed(USMError)
    }

    public enum RetryReason: Hashable, Sendable {
        /// usmStatsUnknownEngineIDs with an engine ID we did not have: discovery done.
        case discovered
        /// usmStatsNotInTimeWindows with boots/time other than our estimate: resynchronised.
        case resynchronized
    }

    /// Processes an opened (`USM.open`) message from this agent.
    ///
    /// A Report becomes `.retry` (discovery, time resynchronisation) or `.failed` with
    /// the error its OID names. Any other authenticated message is checked against the
    /// time window (RFC 3414 3.2 step 7b) and updates boots/time.
    /// - Parameter userName: the user the request was sent as, for the error text.
    public mutating func receive(_ message: SNMPv3Message, userName: String, now: UInt64) -> Outcome {
        let parameters = message.securityParameters
        if case .report(let report)? = message.plaintext?.pdu {
            let error = USMError(report: report, userName: userName)
            switch error.reason {
            case .unknownEngineID where !parameters.engineID.isEmpty && parameters.engineID != engineID:
                engineID = parameters.engineID
                adopt(boots: parameters.engineBoots, time: parameters.engineTime, now: now)
                return .retry(.discovered)
            case .notInTimeWindow where parameters.engineID == engineID && parameters.engineBoots >= engineBoots:
                // RFC 3414 section 4: the Report carries the agent's boots/time. Retrying
                // only helps when they differ from what we sent.
                let drift = abs(Int64(parameters.engineTime) - Int64(engineTime(now: now)))
                guard parameters.engineBoots != engineBoots || drift > 1 else { return .failed(error) }
                adopt(boots: parameters.engineBoots, time: parameters.engineTime, now: now)
                return .retry(.resynchronized)
            default:
                return .failed(error)
            }
        }
        guard message.flags.contains(.authenticated) else { return .accepted }
        guard isTimely(boots: parameters.engineBoots, time: parameters.engineTime, now: now) else {
            return .failed(USMError(
                .notInTimeWindow, userName: userName,
                "the agent sent boots \(parameters.engineBoots) time \(parameters.engineTime), we expected boots \(engineBoots) time \(engineTime(now: now))"))
        }
        return .accepted
    }

    /// RFC 3414 section 3.2 step 7b for a non-authoritative receiver: first adopt newer
    /// boots/time from an authenticated message, then refuse the message when boots is
    /// at its latch (2^31-1), went back, or time is more than 150 s behind our estimate.
    public mutating func isTimely(boots: Int32, time: Int32, now: UInt64) -> Bool {
        if boots > engineBoots || (boots == engineBoots && time > latestReceivedEngineTime) {
            adopt(boots: boots, time: time, now: now)
        }
        if engineBoots == Int32.max || boots < engineBoots { return false }
        return Int64(time) >= Int64(engineTime(now: now)) - Int64(SNMPEngineState.timeWindow)
    }
}
