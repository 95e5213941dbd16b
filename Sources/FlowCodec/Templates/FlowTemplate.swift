/// A cached NetFlow v9 or IPFIX (options) template: the announced fields plus their
/// compiled `FieldPlan`.
///
/// Only the announced fields are persisted; the plan is rebuilt when the cache is decoded,
/// so a persisted cache stays valid when the decoder learns new elements.
public struct FlowTemplate: Hashable, Sendable, Codable {
    public let fields: [TemplateField]
    /// Number of leading scope fields; 0 for a data template.
    public let scopeFieldCount: Int
    /// True for an options template (v9 flowset 1, IPFIX set 3): its records describe the
    /// exporter (sampling, system init time), not flows.
    public let isOptions: Bool
    /// Receive time of the last announcement or refresh, for expiry by the collector.
    public internal(set) var lastSeenMillis: UInt64
    let plan: FieldPlan

    /// - Parameter scopesAreTyped: true for NetFlow v9, whose scope fields use their own
    ///   type numbers rather than element IDs.
    init(fields: [TemplateField], scopeFieldCount: Int, isOptions: Bool, scopesAreTyped: Bool, lastSeenMillis: UInt64) {
        self.fields = fields
        self.scopeFieldCount = scopeFieldCount
        self.isOptions = isOptions
        self.lastSeenMillis = lastSeenMillis
        self.plan = FieldPlan(fields: fields, scopeFieldCount: scopeFieldCount, scopesAreTyped: scopesAreTyped)
    }

    /// Fixed templates: the record length; variable ones: the smallest record.
    public var minimumRecordLength: Int { plan.minimumRecordLength }

    /// Same layout, ignoring when it was seen: a refresh with this layout changes nothing.
    func hasSameLayout(as other: FlowTemplate) -> Bool {
        fields == other.fields && scopeFieldCount == other.scopeFieldCount && isOptions == other.isOptions
    }

    private enum CodingKeys: String, CodingKey {
        case fields, scopeFieldCount, isOptions, scopesAreTyped, lastSeenMillis
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            fields: try c.decode([TemplateField].self, forKey: .fields),
            scopeFieldCount: try c.decode(Int.self, forKey: .scopeFieldCount),
            isOptions: try c.decode(Bool.self, forKey: .isOptions),
            scopesAreTyped: try c.decode(Bool.self, forKey: .scopesAreTyped),
            lastSeenMillis: try c.decode(UInt64.self, forKey: .lastSeenMillis))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fields, forKey: .fields)
        try c.encode(scopeFieldCount, forKey: .scopeFieldCount)
        try c.encode(isOptions, forKey: .isOptions)
        try c.encode(plan.scopesAreTyped, forKey: .scopesAreTyped)
        try c.encode(lastSeenMillis, forKey: .lastSeenMillis)
    }
}
