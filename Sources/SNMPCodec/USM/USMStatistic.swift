/// The counters an agent names in a Report PDU to say why it refused a message: USM's
/// usmStats (RFC 3414 section 5, 1.3.6.1.6.3.15.1.1.N.0) and the context errors of
/// RFC 3413 (snmpUnavailableContexts, snmpUnknownContexts).
public enum USMStatistic: Hashable, Sendable, CaseIterable {
    case unsupportedSecLevels
    case notInTimeWindows
    case unknownUserNames
    case unknownEngineIDs
    case wrongDigests
    case decryptionErrors
    case unavailableContexts
    case unknownContexts

    /// The scalar instance (".0") an agent puts in the Report's first varbind.
    public var oid: OID {
        switch self {
        case .unsupportedSecLevels: [1, 3, 6, 1, 6, 3, 15, 1, 1, 1, 0]
        case .notInTimeWindows: [1, 3, 6, 1, 6, 3, 15, 1, 1, 2, 0]
        case .unknownUserNames: [1, 3, 6, 1, 6, 3, 15, 1, 1, 3, 0]
        case .unknownEngineIDs: [1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0]
        case .wrongDigests: [1, 3, 6, 1, 6, 3, 15, 1, 1, 5, 0]
        case .decryptionErrors: [1, 3, 6, 1, 6, 3, 15, 1, 1, 6, 0]
        case .unavailableContexts: [1, 3, 6, 1, 6, 3, 12, 1, 4, 0]
        case .unknownContexts: [1, 3, 6, 1, 6, 3, 12, 1, 5, 0]
        }
    }

    /// The counter named by `oid`, with or without the ".0" instance.
    public init?(oid: OID) {
        guard let match = USMStatistic.allCases.first(where: { $0.oid == oid || $0.oid.arcs.dropLast() == oid.arcs[...] }) else {
            return nil
        }
        self = match
    }

    /// The error this counter means for the requester.
    public var reason: USMError.Reason {
        switch self {
        case .unsupportedSecLevels: .unsupportedSecurityLevel
        case .notInTimeWindows: .notInTimeWindow
        case .unknownUserNames: .unknownUserName
        case .unknownEngineIDs: .unknownEngineID
        case .wrongDigests: .wrongDigest
        case .decryptionErrors: .decryptionError
        case .unavailableContexts: .unavailableContext
        case .unknownContexts: .unknownContext
        }
    }

    /// What a person should check, for `USMError.detail`.
    var hint: String {
        switch self {
        case .unsupportedSecLevels: "the agent does not allow this user at the requested security level"
        case .notInTimeWindows: "the agent's boots/time differ from ours by more than 150 s"
        case .unknownUserNames: "the agent has no such user"
        case .unknownEngineIDs: "the message named an engine ID that is not the agent's"
        case .wrongDigests: "the agent rejected the HMAC: check the authentication password and protocol"
        case .decryptionErrors: "the agent could not decrypt: check the privacy password and protocol"
        case .unavailableContexts: "the context exists but the agent cannot serve it now"
        case .unknownContexts: "the agent does not know the context name"
        }
    }
}
