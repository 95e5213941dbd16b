import SNMPCodec

/// The logic of one walk (GetNext or GetBulk) over a subtree: what to ask next and
/// when to stop. Pure; the client does the I/O.
///
/// A walk stops at the first OID outside the subtree, at endOfMibView, or (v1) at a
/// noSuchName error. An OID that does not increase is an agent loop: an error, never
/// an infinite walk.
public struct SNMPWalkState: Hashable, Sendable {
    public let root: OID
    /// The last OID returned (the next request starts from it).
    public private(set) var last: OID
    public private(set) var isFinished = false

    public init(root: OID) {
        self.root = root
        self.last = root
    }

    /// What a response meant for the walk.
    public struct Step: Hashable, Sendable {
        /// In-subtree varbinds, in order, to hand to the caller.
        public var varBinds: [VarBind]
        /// Whether the walk is over.
        public var finished: Bool
        /// When the walk ended at an exception (endOfMibView, or the root itself answered
        /// with noSuchObject/noSuchInstance): that varbind and the answer's further
        /// in-subtree exceptions, which net-snmp's walk tools print after the last row.
        public var exceptions: [VarBind] = []
    }

    /// Consumes a response's varbinds (one column's repetitions for a single-OID walk).
    /// - Throws: `SNMPWalkError.notIncreasing` when the agent returns an OID at or before
    ///   the previous one.
    public mutating func consume(_ varBinds: [VarBind]) throws(SNMPWalkError) -> Step {
        var out: [VarBind] = []
        out.reserveCapacity(varBinds.count)
        var exceptions: [VarBind] = []
        for (i, vb) in varBinds.enumerated() {
            if vb.value == .endOfMibView || !root.isPrefix(of: vb.oid) || vb.oid == root && vb.value.isException {
                isFinished = true
                for rest in varBinds[i...] where rest.value.isException && root.isPrefix(of: rest.oid) {
                    exceptions.append(rest)
                }
                break
            }
            guard last < vb.oid else {
                isFinished = true
                throw SNMPWalkError(previous: last, returned: vb.oid)
            }
            last = vb.oid
            out.append(vb)
        }
        if varBinds.isEmpty { isFinished = true }
        return Step(varBinds: out, finished: isFinished, exceptions: exceptions)
    }

    /// A v1 agent ends a walk with noSuchName instead of endOfMibView.
    public mutating func finish() { isFinished = true }
}

/// An agent returned an OID that does not follow the previous one.
public struct SNMPWalkError: Error, Hashable, Sendable, CustomStringConvertible {
    public let previous: OID
    public let returned: OID
    public var description: String {
        "OID not increasing: .\(returned) after .\(previous) (agent loop)"
    }
}
