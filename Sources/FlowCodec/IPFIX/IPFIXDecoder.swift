import NetsightModel

/// Decodes IPFIX messages (RFC 7011; information elements per RFC 7012 / IANA).
///
/// Sets 2 (templates), 3 (options templates) and >= 256 (data) in any order. Enterprise
/// elements are skipped by their length, variable-length fields by their length prefix.
/// Template withdrawals (field count 0, or template ID 2/3 for "all") are honoured even
/// though RFC 7011 §8.4 does not expect them over UDP.
enum IPFIXDecoder {
    static let headerLength = 16

    static func decode(
        _ datagram: UnsafeRawBufferPointer, exporter: IPAddress, receivedAtMillis: UInt64,
        templates: inout TemplateCache, samplingOverride: UInt32?, into result: inout FlowDecodeResult
    ) {
        result.version = 10
        var header = ByteReader(datagram)
        let length: Int
        let exportSeconds: UInt32
        let domainID: UInt32
        do throws(FlowDecodeError) {
            _ = try header.readU16()  // version
            length = Int(try header.readU16())
            exportSeconds = try header.readU32()
            _ = try header.readU32()  // sequence
            domainID = try header.readU32()
        } catch {
            result.errors.append(FlowDecodeError(.truncated, "IPFIX header from \(exporter): \(error.detail)"))
            return
        }
        // A message longer than the datagram was cut in transit: decoding a prefix would
        // silently lose records, so the message is rejected. Bytes after `length` are ignored.
        guard length >= headerLength, length <= datagram.count else {
            result.errors.append(FlowDecodeError(
                .badLength, "IPFIX message from \(exporter) domain \(domainID) says \(length) bytes, datagram has \(datagram.count)"))
            return
        }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: datagram[0..<length]), offset: headerLength)
        let domain = ExporterDomain(exporter: exporter, version: 10, domain: domainID)
        var context = DataSetContext(
            domain: domain, templateID: 0, source: .ipfix, exportMillis: UInt64(exportSeconds) * 1000,
            sysUptimeMillis: nil, samplingOverride: samplingOverride)
        FlowSetWalker.walk(&reader, label: "IPFIX set", domain: domain, result: &result) {
            id, body, result throws(FlowDecodeError) in
            switch id {
            case 2, 3:
                try FlowSetWalker.parsingTemplates(domain) { () throws(FlowDecodeError) in
                    try parseTemplates(body, options: id == 3, domain: domain, receivedAtMillis: receivedAtMillis,
                                       cache: &templates, result: &result)
                }
            case 0..<256:
                break  // 0, 1 (NetFlow v9 IDs) and 4-255 are reserved: skipped by length
            default:
                context.templateID = id
                FlowSetWalker.decodeData(body, templateID: id, context: context, cache: &templates, result: &result)
            }
        }
    }

    /// A template set (ID 2) or options template set (ID 3), withdrawals included.
    static func parseTemplates(
        _ body: ByteReader, options: Bool, domain: ExporterDomain, receivedAtMillis: UInt64,
        cache: inout TemplateCache, result: inout FlowDecodeResult
    ) throws(FlowDecodeError) {
        var r = body
        while r.remaining >= 4, !FlowSetWalker.restIsPadding(r) {
            let id = try r.readU16()
            let count = Int(try r.readU16())
            let key = TemplateKey(exporter: domain.exporter, version: 10, domain: domain.domain, templateID: id)
            if count == 0 {
                // RFC 7011 §8.1: withdraw one template, or all of this set's kind with ID 2/3.
                if id == (options ? 3 : 2) {
                    if cache.withdrawAll(in: domain, options: options) { result.templatesChanged = true }
                } else if id >= 256 {
                    if cache.withdraw(key) { result.templatesChanged = true }
                } else {
                    throw FlowDecodeError(.badTemplate, "\(key): withdrawal of a reserved template ID")
                }
                continue
            }
            guard id >= 256 else { throw FlowDecodeError(.badTemplate, "\(key): template IDs start at 256") }
            var scopeCount = 0
            if options {
                scopeCount = Int(try r.readU16())
                guard scopeCount <= count else {
                    throw FlowDecodeError(.badTemplate, "\(key): \(scopeCount) scope fields of \(count)")
                }
            }
            guard count * 4 <= r.remaining else {
                throw FlowDecodeError(.badTemplate, "\(key): \(count) fields do not fit the \(r.remaining) bytes left in the set")
            }
            var fields: [TemplateField] = []
            fields.reserveCapacity(count)  // bounded: count * 4 bytes exist
            for _ in 0..<count {
                let raw = try r.readU16()
                let length = try r.readU16()
                // The enterprise bit: a 4-byte enterprise number follows (RFC 7011 §3.2).
                let enterprise = raw & 0x8000 != 0 ? try r.readU32() : 0
                guard length > 0 else {
                    throw FlowDecodeError(.badTemplate, "\(key): element \(raw & 0x7fff) has length 0")
                }
                fields.append(TemplateField(id: raw & 0x7fff, length: length, enterprise: enterprise))
            }
            let template = FlowTemplate(
                fields: fields, scopeFieldCount: scopeCount, isOptions: options, scopesAreTyped: false,
                lastSeenMillis: receivedAtMillis)
            if cache.install(template, for: key) { result.templatesChanged = true }
        }
    }
}
