import SNMPCodec

/// Why a request to one target failed; `description` is one line naming the target
/// ("timeout after 6 tries to 10.1.2.3:161", "authentication failed for user X on
/// 10.1.2.3:161").
public struct SNMPClientError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case timeout(tries: Int)
        /// A USM failure (found locally or reported by the agent).
        case security(USMError)
        /// The agent answered with a non-zero error-status.
        case agent(ErrorStatus, index: Int32)
        /// The agent returned an OID that does not increase during a walk.
        case notIncreasing(SNMPWalkError)
        /// The answer could not be used (malformed, wrong PDU type).
        case badResponse(String)
        /// The address did not resolve, the socket failed or was closed.
        case transport(String)
    }

    public let kind: Kind
    public let target: String
    /// What probably caused it, where the client can tell more than the kind says.
    public var hint: String?

    public init(_ kind: Kind, target: String, hint: String? = nil) {
        self.kind = kind
        self.target = target
        self.hint = hint
    }

    /// A stable label for metrics.
    public var reason: String {
        switch kind {
        case .timeout: "timeout"
        case .security(let e): e.reason.rawValue
        case .agent: "agent_error"
        case .notIncreasing: "not_increasing"
        case .badResponse: "bad_response"
        case .transport: "transport"
        }
    }

    public var description: String {
        guard let hint else { return plainDescription }
        return "\(plainDescription) (\(hint))"
    }

    private var plainDescription: String {
        switch kind {
        case .timeout(let tries): "timeout after \(tries) \(tries == 1 ? "try" : "tries") to \(target)"
        case .security(let e): "\(e) on \(target)"
        case .agent(let status, let index): "agent error \(status.name) (index \(index)) from \(target)"
        case .notIncreasing(let e): "\(e.description) from \(target)"
        case .badResponse(let text): "bad response from \(target): \(text)"
        case .transport(let text): "\(text) for \(target)"
        }
    }
}
