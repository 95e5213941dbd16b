import NetsightModel

/// What a data set's records need besides their bytes and template.
struct DataSetContext {
    var domain: ExporterDomain
    var templateID: UInt16
    var source: FlowSource
    /// Header export time in Unix milliseconds.
    var exportMillis: UInt64
    /// NetFlow v9's header sysUptime; nil for IPFIX, whose uptime fields are relative to
    /// IE 160 systemInitTimeMilliseconds instead.
    var sysUptimeMillis: UInt32?
    var samplingOverride: UInt32?
}

/// Decodes the records of one NetFlow v9 / IPFIX data set with a compiled template.
///
/// Shared by both protocols: they differ in headers and template sets, not in how a record
/// is laid out. Data records become `FlowRecord`s; options records update the cache's
/// sampling and system-init state instead.
enum TemplateDataDecoder {
    static func decode(
        _ body: UnsafeRawBufferPointer, template: FlowTemplate, context: DataSetContext,
        cache: inout TemplateCache, result: inout FlowDecodeResult
    ) {
        let plan = template.plan
        // A zero minimum could only come from a hand-edited persisted cache; refusing it
        // keeps the loops below finite.
        guard let base = body.baseAddress, plan.minimumRecordLength > 0 else { return }
        let count = body.count
        if template.isOptions {
            var changed = false
            let bad = forEachRecord(base, count: count, plan: plan) { values in
                if applyOptions(values, domain: context.domain, cache: &cache) { changed = true }
            }
            if changed { result.templatesChanged = true }
            if let bad { result.errors.append(badRecord(bad, context)) }
            return
        }
        let resolver = RecordResolver(context: context, cache: cache, plan: plan)
        if !plan.isVariableLength {
            result.reserveRecords(count / plan.minimumRecordLength)
        }
        let bad = forEachRecord(base, count: count, plan: plan) { values in
            result.records.append(resolver.finish(&values))
        }
        if let bad { result.errors.append(badRecord(bad, context)) }
    }

    /// Walks the records of a set, calling `body` with each one's values. Trailing bytes
    /// shorter than a record are padding (RFC 3954 §5.3, RFC 7011 §3.3.1). Returns the
    /// offset of a variable-length record that overran the set, which ends the walk.
    @inline(__always)
    private static func forEachRecord(
        _ base: UnsafeRawPointer, count: Int, plan: FieldPlan, _ body: (inout RecordValues) -> Void
    ) -> Int? {
        let minimum = plan.minimumRecordLength
        var offset = 0
        if !plan.isVariableLength {
            while count - offset >= minimum {
                var values = RecordValues()
                let record = base + offset
                for step in plan.steps { values.apply(step.action, record + step.offset, length: step.length) }
                body(&values)
                offset += minimum
            }
            return nil
        }
        while count - offset >= minimum {
            let recordStart = offset
            var values = RecordValues()
            for step in plan.steps {
                var length = step.length
                if length == Int(TemplateField.variableLength) {
                    // RFC 7011 §7: one length byte, or 255 and then two.
                    guard offset < count else { return recordStart }
                    length = Int(base.load(fromByteOffset: offset, as: UInt8.self))
                    offset += 1
                    if length == 255 {
                        guard count - offset >= 2 else { return recordStart }
                        length = Int(Wire.unsigned(base + offset, 2))
                        offset += 2
                    }
                }
                guard count - offset >= length else { return recordStart }
                values.apply(step.action, base + offset, length: length)
                offset += length
            }
            body(&values)
        }
        return nil
    }

    private static func badRecord(_ offset: Int, _ context: DataSetContext) -> FlowDecodeError {
        FlowDecodeError(
            .badRecord,
            "\(context.domain) template \(context.templateID): variable-length record at set offset \(offset) overruns the set")
    }

    /// An options record: a sampling rate (per sampler ID, or the domain default when the
    /// record names none) and/or the system init time.
    /// Returns true when the cache changed.
    private static func applyOptions(_ values: RecordValues, domain: ExporterDomain, cache: inout TemplateCache) -> Bool {
        var changed = false
        if let rate = values.announcedRate {
            let id: UInt64? = values.seen.contains(.samplerID) ? values.samplerID : nil
            changed = cache.setSamplingRate(rate, for: domain, samplerID: id) || changed
        }
        if values.seen.contains(.systemInit), values.systemInitMillis > 0 {
            changed = cache.setSystemInitMillis(values.systemInitMillis, for: domain) || changed
        }
        return changed
    }
}
