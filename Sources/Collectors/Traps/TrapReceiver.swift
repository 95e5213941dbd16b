import NetsightModel
import SNMPCodec

/// Decides what one trap datagram means: decode, check the community or USM security,
/// build the event, and build the reply an inform or a discovery probe needs. No I/O: the
/// NIO handler sends `reply` and stores `event`.
///
/// Not thread-safe (key cache, Report counters, salt): one per socket, on its event loop.
final class TrapReceiver {
    struct Settings: Sendable {
        /// Accepted v1/v2c communities; empty accepts any (like snmptrapd's
        /// `disableAuthorization yes`: traps are only logged, never acted on by the agent).
        var communities: Set<[UInt8]> = []
        var deviceNames: [IPAddress: String] = [:]
        var engine: TrapLocalEngine
    }

    let settings: Settings
    private let credentials: TrapCredentials
    /// usmStats counters named in our Reports (RFC 3414 5: they only ever increase).
    private var statistics: [USMStatistic: UInt32] = [:]
    /// AES salts must never repeat under one key; a random start and +1 per message.
    private var salt: UInt64

    init(settings: Settings, users: [(USMUser, engineIDs: [[UInt8]])], saltSeed: UInt64) {
        self.settings = settings
        self.credentials = TrapCredentials(users: users)
        self.salt = saltSeed
    }

    func receive(_ bytes: [UInt8], from source: IPAddress, now: UInt64) -> TrapReceipt {
        let message: SNMPMessage
        do { message = try SNMPMessage.decode(bytes) } catch {
            return .refused(error.reason.rawValue, "\(error)")
        }
        switch message {
        case .community(let m): return receive(community: m, from: source, now: now)
        case .v3(let m): return receive(v3: m, bytes: bytes, from: source, now: now)
        }
    }

    // MARK: v1 and v2c

    private func receive(community m: CommunityMessage, from source: IPAddress, now: UInt64) -> TrapReceipt {
        let communityText = String(decoding: m.community, as: UTF8.self)
        if !settings.communities.isEmpty, !settings.communities.contains(m.community) {
            return .refused("unknown_community", "community \"\(communityText)\" is not configured")
        }
        let origin = TrapEventMapper.Origin(
            timeMillis: now, source: source, version: m.version == .v1 ? .v1 : .v2c, security: communityText,
            deviceNames: settings.deviceNames)
        switch m.pdu {
        case .trapV1(let trap):
            return TrapReceipt(event: TrapEventMapper.event(v1: trap, origin: origin))
        case .snmpV2Trap(let pdu):
            guard let event = TrapEventMapper.event(v2: pdu.varBinds, kind: .trap, origin: origin) else {
                return .refused("missing_trap_oid", "SNMPv2-Trap without snmpTrapOID.0")
            }
            return TrapReceipt(event: event)
        case .informRequest(let pdu):
            guard let event = TrapEventMapper.event(v2: pdu.varBinds, kind: .inform, origin: origin) else {
                return .refused("missing_trap_oid", "InformRequest without snmpTrapOID.0")
            }
            // RFC 3416 4.2.7: a Response with the same request ID and varbinds.
            let ack = CommunityMessage(
                version: m.version, community: m.community,
                pdu: .response(PDU(requestID: pdu.requestID, varBinds: pdu.varBinds)))
            return TrapReceipt(event: event, reply: (.response, ack.encode()))
        default:
            return .refused("unexpected_pdu", "\(m.pdu.type) PDU on the trap port")
        }
    }

    // MARK: v3

    private func receive(v3 m: SNMPv3Message, bytes: [UInt8], from source: IPAddress, now: UInt64) -> TrapReceipt {
        let engine = settings.engine
        let parameters = m.securityParameters
        let user = parameters.userNameText
        let reportable = m.flags.contains(.reportable)
        let toUs = parameters.engineID == engine.engineID

        let opened: SNMPv3Message
        if !m.flags.contains(.authenticated) {
            // Discovery (RFC 3414 4): a reportable probe naming no engine or another one
            // learns ours, with boots and time, from a usmStatsUnknownEngineIDs Report.
            if !toUs {
                guard reportable else {
                    return .refused(USMError.Reason.unsupportedSecurityLevel.rawValue, "unauthenticated trap from user \(user)")
                }
                return TrapReceipt(reply: (.report, report(m, .unknownEngineIDs, now: now)), detail: "engine discovery by user \(user)")
            }
            guard let known = credentials.user(named: parameters.userName) else {
                return refusal(m, .unknownUserNames, USMError(.unknownUserName, userName: user, "no credentials for this user"), now: now)
            }
            guard known.authentication == nil else {
                return refusal(m, .unsupportedSecLevels, USMError(.unsupportedSecurityLevel, userName: user, "the user needs authentication"), now: now)
            }
            opened = m
        } else {
            do {
                opened = try USM.open(bytes) { (p: USMSecurityParameters) throws(USMError) -> USMLocalizedKeys? in
                    try credentials.keys(for: p, localEngineID: engine.engineID)
                }
            } catch let error as USMError {
                return refusal(m, Self.statistic(for: error.reason), error, now: now)
            } catch let error as SNMPDecodeError {
                return .refused(error.reason.rawValue, "\(error)")
            } catch {
                return .refused(SNMPDecodeError.Reason.badValue.rawValue, "\(error)")
            }
            if toUs {
                // We are authoritative: RFC 3414 3.2 step 7a.
                let ourTime = engine.time(now: now)
                let skew = abs(Int64(parameters.engineTime) - Int64(ourTime))
                if parameters.engineBoots != engine.boots || engine.boots == Int32.max || skew > Int64(SNMPEngineState.timeWindow) {
                    let error = USMError(.notInTimeWindow, userName: user, "boots/time \(parameters.engineBoots)/\(parameters.engineTime), ours \(engine.boots)/\(ourTime)")
                    return refusal(m, .notInTimeWindows, error, now: now, authenticatedWith: try? credentials.keys(for: parameters, localEngineID: engine.engineID))
                }
            }
        }
        guard let scoped = opened.plaintext else {
            return .refused(USMError.Reason.decryptionError.rawValue, "no plaintext scoped PDU from user \(user)")
        }
        let origin = TrapEventMapper.Origin(timeMillis: now, source: source, version: .v3, security: user, deviceNames: settings.deviceNames)
        switch scoped.pdu {
        case .snmpV2Trap(let pdu):
            guard let event = TrapEventMapper.event(v2: pdu.varBinds, kind: .trap, origin: origin) else {
                return .refused("missing_trap_oid", "SNMPv2-Trap without snmpTrapOID.0 from user \(user)")
            }
            return TrapReceipt(event: event)
        case .informRequest(let pdu):
            guard toUs else {
                // An inform localised to another engine: the sender must rediscover ours.
                let error = USMError(.unknownEngineID, userName: user, "inform for engine \(parameters.engineID.hexText), ours is \(engine.engineID.hexText)")
                return refusal(m, .unknownEngineIDs, error, now: now)
            }
            guard let event = TrapEventMapper.event(v2: pdu.varBinds, kind: .inform, origin: origin) else {
                return .refused("missing_trap_oid", "InformRequest without snmpTrapOID.0 from user \(user)")
            }
            let keys = try? credentials.keys(for: parameters, localEngineID: engine.engineID)
            let response = SNMPv3Message(
                messageID: opened.messageID, maxSize: 65507,
                flags: MessageFlags(level: opened.flags.securityLevel, reportable: false),
                securityParameters: USMSecurityParameters(
                    engineID: engine.engineID, engineBoots: engine.boots, engineTime: engine.time(now: now),
                    userName: parameters.userName),
                scopedPDU: .plaintext(ScopedPDU(
                    contextEngineID: scoped.contextEngineID, contextName: scoped.contextName,
                    pdu: .response(PDU(requestID: pdu.requestID, varBinds: pdu.varBinds)))))
            do {
                return TrapReceipt(event: event, reply: (.response, try USM.seal(response, keys: keys, salt: nextSalt())))
            } catch {
                return TrapReceipt(event: event, reply: nil, error: error.reason.rawValue, detail: "cannot acknowledge: \(error)")
            }
        default:
            return .refused("unexpected_pdu", "\(scoped.pdu.type) PDU on the trap port from user \(user)")
        }
    }

    /// A refused v3 message: counted under the error's reason, and answered with a Report
    /// when the sender asked for one (informs and probes; never traps).
    private func refusal(
        _ m: SNMPv3Message, _ statistic: USMStatistic, _ error: USMError, now: UInt64,
        authenticatedWith keys: USMLocalizedKeys? = nil
    ) -> TrapReceipt {
        let reply = m.flags.contains(.reportable) ? report(m, statistic, now: now, keys: keys) : nil
        return .refused(error.reason.rawValue, "\(error): \(error.detail)", reply: reply.map { (.report, $0) })
    }

    private func report(_ m: SNMPv3Message, _ statistic: USMStatistic, now: UInt64, keys: USMLocalizedKeys? = nil) -> [UInt8] {
        let count = (statistics[statistic] ?? 0) &+ 1
        statistics[statistic] = count
        let engine = settings.engine
        // notInTimeWindow Reports are authenticated (RFC 3414 3.2 step 7a) so the sender
        // can trust the boots/time in them; the others cannot be.
        let level: SecurityLevel = keys?.authentication != nil ? .authNoPriv : .noAuthNoPriv
        let report = SNMPv3Message.report(
            answering: m, statistic: statistic, count: count, engineID: engine.engineID,
            engineBoots: engine.boots, engineTime: engine.time(now: now), level: level)
        return (try? USM.seal(report, keys: keys, salt: nextSalt())) ?? report.encode()
    }

    private func nextSalt() -> UInt64 {
        salt &+= 1
        return salt
    }

    static func statistic(for reason: USMError.Reason) -> USMStatistic {
        switch reason {
        case .wrongDigest: .wrongDigests
        case .unknownUserName: .unknownUserNames
        case .unknownEngineID: .unknownEngineIDs
        case .notInTimeWindow: .notInTimeWindows
        case .decryptionError: .decryptionErrors
        case .unknownContext: .unknownContexts
        case .unavailableContext: .unavailableContexts
        case .unsupportedSecurityLevel, .unexpectedReport, .badCredentials: .unsupportedSecLevels
        }
    }
}
