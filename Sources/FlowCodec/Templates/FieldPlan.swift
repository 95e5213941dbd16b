/// One step of a compiled template: where a field sits in the record and what to do with it.
struct FieldStep: Hashable, Sendable {
    /// Byte offset inside the record (meaningless in a variable-length template, which is
    /// walked field by field).
    var offset: Int
    /// Field length; 65535 marks an IPFIX variable-length field.
    var length: Int
    var action: FieldAction
}

/// A template compiled for decoding: the steps that matter and the fixed record length.
///
/// For a template without variable-length fields only the mapped fields remain and each
/// carries its offset, so a record costs one bounds check and one pass over a short array
/// (the 5 M records/s target rules out per-field dictionary lookups). A template with a
/// variable-length field keeps every step in order, because offsets are only known while
/// reading the record.
struct FieldPlan: Hashable, Sendable {
    var steps: [FieldStep]
    /// Record length for fixed templates; for variable ones the smallest possible record
    /// (each variable field at least its one-byte length prefix).
    var minimumRecordLength: Int
    var isVariableLength: Bool
    /// True when any step reads a per-record sampler ID or interval, so the decoder only
    /// resolves sampling per record when it must.
    var hasPerRecordSampling: Bool
    /// Kept so a persisted template compiles the same way again.
    var scopesAreTyped: Bool

    /// Compiles `fields`. `scopeFieldCount` leading fields are NetFlow v9 scope fields when
    /// `scopesAreTyped` is true: their type numbers (1 System, 2 Interface, ...) collide
    /// with element IDs (1 is octetDeltaCount), so they must never be mapped.
    init(fields: [TemplateField], scopeFieldCount: Int, scopesAreTyped: Bool) {
        var steps: [FieldStep] = []
        steps.reserveCapacity(fields.count)
        var preferences: [Int] = []
        preferences.reserveCapacity(fields.count)
        var offset = 0
        var variable = false
        for (index, field) in fields.enumerated() {
            let length = Int(field.length)
            var action = FieldAction.skip
            if field.enterprise == 0, !field.isVariableLength, !(scopesAreTyped && index < scopeFieldCount) {
                let mapped = FieldAction.forElement(field.id)
                if mapped.accepts(length: length) { action = mapped }
            }
            if field.isVariableLength {
                variable = true
                offset += 1
            } else {
                offset += length
            }
            steps.append(FieldStep(offset: offset - (field.isVariableLength ? 1 : length), length: length, action: action))
            preferences.append(FieldAction.preference(of: field.id))
        }
        // Where several elements feed one action, keep only the preferred one.
        var best: [FieldAction: Int] = [:]
        for (i, step) in steps.enumerated() where step.action != .skip {
            if let b = best[step.action], preferences[b] <= preferences[i] { continue }
            best[step.action] = i
        }
        for i in steps.indices where steps[i].action != .skip && best[steps[i].action] != i {
            steps[i].action = .skip
        }
        self.scopesAreTyped = scopesAreTyped
        self.isVariableLength = variable
        self.minimumRecordLength = offset
        self.steps = variable ? steps : steps.filter { $0.action != .skip }
        self.hasPerRecordSampling = steps.contains {
            switch $0.action {
            case .samplerID, .samplingInterval, .samplerRandomInterval, .packetInterval: true
            default: false
            }
        }
    }
}
