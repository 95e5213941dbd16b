import SNMPCodec

/// The configured SNMPv3 users and their keys localised per engine, for `USM.open`.
///
/// Not thread-safe: one per trap socket, used on its event loop only.
final class TrapCredentials {
    struct Entry {
        let user: USMUser
        /// nil: any sender engine ID (see `TrapUser.engineIDs`).
        let engineIDs: Set<[UInt8]>?
    }

    private struct CacheKey: Hashable {
        let user: [UInt8]
        let engineID: [UInt8]
    }

    private let users: [[UInt8]: Entry]
    private var cache: [CacheKey: USMLocalizedKeys] = [:]
    /// Localised keys kept; a sender cycling engine IDs (forged or not) cannot grow the
    /// cache past this: it is cleared and refilled, costing one localisation each.
    static let cacheLimit = 4096

    init(users: [(USMUser, engineIDs: [[UInt8]])]) {
        var map: [[UInt8]: Entry] = [:]
        for (user, ids) in users {
            map[Array(user.name.utf8)] = Entry(user: user, engineIDs: ids.isEmpty ? nil : Set(ids))
        }
        self.users = map
    }

    func user(named name: [UInt8]) -> USMUser? { users[name]?.user }

    /// Keys for an authenticated message, localised to the engine it names.
    /// - Parameter localEngineID: the receiver's own engine, which every user may use (informs).
    func keys(for parameters: USMSecurityParameters, localEngineID: [UInt8]) throws(USMError) -> USMLocalizedKeys? {
        guard let entry = users[parameters.userName] else { return nil }
        let engineID = parameters.engineID
        if engineID != localEngineID, let allowed = entry.engineIDs, !allowed.contains(engineID) {
            throw USMError(.unknownEngineID, userName: parameters.userNameText, "engine ID \(engineID.hexText) is not configured for this user")
        }
        let key = CacheKey(user: parameters.userName, engineID: engineID)
        if let keys = cache[key] { return keys }
        if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
        let keys = entry.user.localizedKeys(engineID: engineID)
        cache[key] = keys
        return keys
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hex without separators (engine IDs in logs and config).
    var hexText: String {
        let digits = [Character]("0123456789abcdef")
        var out = ""
        out.reserveCapacity(count * 2)
        for b in self {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return out
    }
}
