/// One variable binding: an OID and its value (NULL in requests).
public struct VarBind: Hashable, Sendable {
    public var oid: OID
    public var value: SNMPValue

    public init(_ oid: OID, _ value: SNMPValue = .null) {
        self.oid = oid
        self.value = value
    }
}
