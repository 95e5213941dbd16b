import NetsightModel

/// Decodes NetFlow version 9 export packets (RFC 3954).
///
/// Flowsets are walked by their own lengths, in any order and number; the header's count
/// is ignored because exporters disagree on what it counts (softflowd counts flows only).
/// A template and the data using it may share a packet. A bad flowset adds an error and
/// the walk continues with the next one, unless its length makes the next unfindable.
enum NetFlowV9Decoder {
    static let headerLength = 20

    static func decode(
        _ datagram: UnsafeRawBufferPointer, exporter: IPAddress, receivedAtMillis: UInt64,
        templates: inout TemplateCache, samplingOverride: UInt32?, into result: inout FlowDecodeResult
    ) {
        result.version = 9
        var reader = ByteReader(datagram)
        let sysUptime: UInt32
        let unixSeconds: UInt32
        let sourceID: UInt32
        do throws(FlowDecodeError) {
            _ = try reader.readU16()  // version
            _ = try reader.readU16()  // count: unreliable, see above
            sysUptime = try reader.readU32()
            unixSeconds = try reader.readU32()
            _ = try reader.readU32()  // sequence
            sourceID = try reader.readU32()
        } catch {
            result.errors.append(FlowDecodeError(.truncated, "NetFlow v9 header from \(exporter): \(error.detail)"))
            return
        }
        let domain = ExporterDomain(exporter: exporter, version: 9, domain: sourceID)
        var context = DataSetContext(
            domain: domain, templateID: 0, source: .netflowV9, exportMillis: UInt64(unixSeconds) * 1000,
            sysUptimeMillis: sysUptime, samplingOverride: samplingOverride)
        FlowSetWalker.walk(&reader, label: "NetFlow v9 flowset", domain: domain, result: &result) {
            id, body, result throws(FlowDecodeError) in
            switch id {
            case 0:
                try FlowSetWalker.parsingTemplates(domain) { () throws(FlowDecodeError) in
                    try parseTemplates(body, domain: domain, receivedAtMillis: receivedAtMillis, cache: &templates, result: &result)
                }
            case 1:
                try FlowSetWalker.parsingTemplates(domain) { () throws(FlowDecodeError) in
                    try parseOptionsTemplates(
                        body, domain: domain, receivedAtMillis: receivedAtMillis, cache: &templates, result: &result)
                }
            case 2..<256:
                break  // reserved flowset IDs: skipped by length, as RFC 3954 §5.3 allows
            default:
                context.templateID = id
                FlowSetWalker.decodeData(body, templateID: id, context: context, cache: &templates, result: &result)
            }
        }
    }

    /// Flowset 0: one or more (template ID, field count, fields) records.
    static func parseTemplates(
        _ body: ByteReader, domain: ExporterDomain, receivedAtMillis: UInt64,
        cache: inout TemplateCache, result: inout FlowDecodeResult
    ) throws(FlowDecodeError) {
        var r = body
        while r.remaining >= 4, !FlowSetWalker.restIsPadding(r) {
            let id = try r.readU16()
            let count = Int(try r.readU16())
            let key = TemplateKey(exporter: domain.exporter, version: 9, domain: domain.domain, templateID: id)
            guard id >= 256 else { throw FlowDecodeError(.badTemplate, "\(key): template IDs start at 256") }
            guard count > 0 else { throw FlowDecodeError(.badTemplate, "\(key): no fields") }
            guard count * 4 <= r.remaining else {
                throw FlowDecodeError(.badTemplate, "\(key): \(count) fields do not fit the \(r.remaining) bytes left in the flowset")
            }
            let fields = try readFields(&r, count: count, key: key)
            let template = FlowTemplate(
                fields: fields, scopeFieldCount: 0, isOptions: false, scopesAreTyped: true, lastSeenMillis: receivedAtMillis)
            if cache.install(template, for: key) { result.templatesChanged = true }
        }
    }

    /// Flowset 1: (template ID, scope length, option length, scope fields, option fields),
    /// lengths in bytes.
    static func parseOptionsTemplates(
        _ body: ByteReader, domain: ExporterDomain, receivedAtMillis: UInt64,
        cache: inout TemplateCache, result: inout FlowDecodeResult
    ) throws(FlowDecodeError) {
        var r = body
        while r.remaining >= 6, !FlowSetWalker.restIsPadding(r) {
            let id = try r.readU16()
            let scopeLength = Int(try r.readU16())
            let optionLength = Int(try r.readU16())
            let key = TemplateKey(exporter: domain.exporter, version: 9, domain: domain.domain, templateID: id)
            guard id >= 256 else { throw FlowDecodeError(.badTemplate, "\(key): template IDs start at 256") }
            guard scopeLength % 4 == 0, optionLength % 4 == 0, scopeLength + optionLength > 0 else {
                throw FlowDecodeError(.badTemplate, "\(key): scope length \(scopeLength) / option length \(optionLength)")
            }
            guard scopeLength + optionLength <= r.remaining else {
                throw FlowDecodeError(.badTemplate, "\(key): options template longer than the flowset")
            }
            let fields = try readFields(&r, count: (scopeLength + optionLength) / 4, key: key)
            let template = FlowTemplate(
                fields: fields, scopeFieldCount: scopeLength / 4, isOptions: true, scopesAreTyped: true,
                lastSeenMillis: receivedAtMillis)
            if cache.install(template, for: key) { result.templatesChanged = true }
        }
    }

    private static func readFields(_ r: inout ByteReader, count: Int, key: TemplateKey) throws(FlowDecodeError) -> [TemplateField] {
        var fields: [TemplateField] = []
        fields.reserveCapacity(count)  // bounded: the caller checked count * 4 bytes exist
        for _ in 0..<count {
            let type = try r.readU16()
            let length = try r.readU16()
            guard length > 0 else { throw FlowDecodeError(.badTemplate, "\(key): field \(type) has length 0") }
            fields.append(TemplateField(id: type, length: length))
        }
        return fields
    }
}
