/// What the poller (a non-authoritative engine, RFC 3414 section 2.3) knows about one
/// agent's SNMP engine: its engine ID, boots and time, and the salt counter for
/// encryption. One value per device; no I/O and no clock: every method that needs the
/// time takes `now`, milliseconds on a monotonic clock (as elsewhere in Netsight).
///
/// Typical use: send `discoveryRequest`, feed the Report to `receive` (→ `.retry`), then
/// `seal` requests and feed each opened answer to `receive`.
public struct SNMPEngineState: Hashable, Sendable {
    /// Empty until discovered.
    public internal(set) var engineID: [UInt8] = []
    public private(set) var engineBoots: Int32 = 0
    /// The highest msgAuthoritativeEngineTime received for the current boots (RFC 3414 2.3).
    public private(set) var latestReceivedEngineTime: Int32 = 0
    /// The engine time learnt at `syncedAt`; the estimate runs on from there.
    private var engineTimeAtSync: Int32 = 0
    private var syncedAt: UInt64 = 0
    private var salt: UInt64

    /// RFC 3414 section 2.2.3: messages more than 150 s old are refused.
    public static let timeWindow: Int32 = 150

    /// An engine not yet discovered.
    /// - Parameter saltSeed: start of the privacy salt counter; use a random value so
    ///   salts do not repeat across restarts (RFC 3826 3.1.2.1).
    public init(saltSeed: UInt64) {
        self.salt = saltSeed
    }

    /// An engine whose ID (and boots/time) are already known, e.g. from configuration.
    public init(engineID: [UInt8], engineBoots: Int32, engineTime: Int32, now: UInt64, saltSeed: UInt64) {
        self.salt = saltSeed
        self.engineID = engineID
        adopt(boots: engineBoots, time: engineTime, now: now)
    }

    public var isDiscovered: Bool { !engineID.isEmpty }

    /// The agent's engine time now, estimated from the last synchronisation.
    public func engineTime(now: UInt64) -> Int32 {
        let elapsed = now >= syncedAt ? (now - syncedAt) / 1000 : 0
        return Int32(clamping: Int64(engineTimeAtSync) + Int64(min(elapsed, UInt64(Int32.max))))
    }

    /// A salt never returned before by this value (a counter, RFC 3826 3.1.2.1).
    public mutating func nextSalt() -> UInt64 {
        salt &+= 1
        return salt
    }

    /// The message that asks an agent for its engine ID (RFC 3414 section 4): no user,
    /// noAuthNoPriv, reportable, an empty GetRequest. The agent answers with a Report of
    /// usmStatsUnknownEngineIDs carrying its engine ID, boots and time.
    public static func discoveryRequest(messageID: Int32, requestID: Int32, maxSize: Int32 = 65507) -> SNMPv3Message {
        SNMPv3Message(
            messageID: messageID, maxSize: maxSize, flags: .reportable,
            securityParameters: USMSecurityParameters(),
            scopedPDU: .plaintext(ScopedPDU(pdu: .getRequest(PDU(requestID: requestID, varBinds: [])))))
    }

    /// A request for `keys`' user at its full security level, with this engine's ID and
    /// estimated boots/time, not yet sealed.
    public func request(
        _ pdu: SNMPPDU, keys: USMLocalizedKeys, messageID: Int32, maxSize: Int32 = 65507,
        contextName: [UInt8] = [], now: UInt64
    ) -> SNMPv3Message {
        let parameters = USMSecurityParameters(
            engineID: engineID, engineBoots: engineBoots, engineTime: engineTime(now: now),
            userName: Array(keys.userName.utf8))
        return SNMPv3Message(
            messageID: messageID, maxSize: maxSize,
            flags: MessageFlags(level: keys.securityLevel, reportable: pdu.type.isConfirmed),
            securityParameters: parameters,
            scopedPDU: .plaintext(ScopedPDU(contextEngineID: engineID, contextName: contextName, pdu: pdu)))
    }

    /// `request` sealed with a fresh salt: the datagram to send.
    public mutating func seal(
        _ pdu: SNMPPDU, keys: USMLocalizedKeys, messageID: Int32, maxSize: Int32 = 65507,
        contextName: [UInt8] = [], now: UInt64
    ) throws(USMError) -> [UInt8] {
        let message = request(pdu, keys: keys, messageID: messageID, maxSize: maxSize, contextName: contextName, now: now)
        return try USM.seal(message, keys: keys, salt: nextSalt())
    }

    mutating func adopt(boots: Int32, time: Int32, now: UInt64) {
        engineBoots = boots
        engineTimeAtSync = time
        latestReceivedEngineTime = time
        syncedAt = now
    }
}
