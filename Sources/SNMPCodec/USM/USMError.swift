/// Why an SNMPv3 exchange failed its security processing: found locally (a digest that
/// does not verify, a message out of the time window) or reported by the agent in a
/// Report PDU (RFC 3414 usmStats counters).
///
/// `description` reads as a sentence about the user, e.g. "authentication failed for
/// user poller"; the poller appends " on 10.1.2.3". `detail` says what to check.
/// `reason` is a stable snake_case label for metrics: add cases, never rename them.
public struct USMError: Error, Hashable, Sendable, CustomStringConvertible {
    public let reason: Reason
    public let userName: String
    public let detail: String

    public init(_ reason: Reason, userName: String, _ detail: String) {
        self.reason = reason
        self.userName = userName
        self.detail = detail
    }

    public var description: String {
        switch reason {
        case .wrongDigest: "authentication failed for user \(userName)"
        case .unknownUserName: "unknown user \(userName)"
        case .unknownEngineID: "unknown engine ID for user \(userName)"
        case .notInTimeWindow: "message outside the time window for user \(userName)"
        case .decryptionError: "decryption failed for user \(userName)"
        case .unsupportedSecurityLevel: "security level not supported for user \(userName)"
        case .unknownContext: "unknown context for user \(userName)"
        case .unavailableContext: "unavailable context for user \(userName)"
        case .unexpectedReport: "unexpected report for user \(userName)"
        case .badCredentials: "unusable credentials for user \(userName)"
        }
    }

    /// Stable error labels. Add cases; never rename them.
    public enum Reason: String, Sendable, Hashable, CaseIterable, Codable {
        /// The HMAC did not verify: wrong auth password or protocol (usmStatsWrongDigests).
        case wrongDigest = "wrong_digest"
        /// The agent has no such user (usmStatsUnknownUserNames).
        case unknownUserName = "unknown_user_name"
        /// The engine ID is not the agent's (usmStatsUnknownEngineIDs) after discovery.
        case unknownEngineID = "unknown_engine_id"
        /// Boots/time outside the 150 s window (usmStatsNotInTimeWindows, RFC 3414 3.2 step 7).
        case notInTimeWindow = "not_in_time_window"
        /// The ciphertext did not decrypt to a scoped PDU: wrong priv password or
        /// protocol (usmStatsDecryptionErrors).
        case decryptionError = "decryption_error"
        /// The user cannot be used at the requested level (usmStatsUnsupportedSecLevels),
        /// or a message arrived below the level it had to have.
        case unsupportedSecurityLevel = "unsupported_security_level"
        /// snmpUnknownContexts: the context name is not known to the agent.
        case unknownContext = "unknown_context"
        /// snmpUnavailableContexts: the context exists but cannot be served now.
        case unavailableContext = "unavailable_context"
        /// A Report whose OID is none of the above.
        case unexpectedReport = "unexpected_report"
        /// Credentials that cannot be used: a password shorter than 8 characters, or
        /// privacy without authentication.
        case badCredentials = "bad_credentials"
    }
}
