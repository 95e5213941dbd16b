import NetsightModel

/// The set/flowset loop NetFlow v9 and IPFIX share: (ID, length) headers, each set decoded
/// on its own so one bad set does not lose the others.
enum FlowSetWalker {
    /// Walks the sets in `reader` to its end. A length under 4 or past the end stops the
    /// walk (the next header cannot be found); trailing bytes under 4 are padding.
    static func walk(
        _ reader: inout ByteReader, label: String, domain: ExporterDomain, result: inout FlowDecodeResult,
        _ handle: (UInt16, ByteReader, inout FlowDecodeResult) throws(FlowDecodeError) -> Void
    ) {
        while reader.remaining >= 4 {
            let start = reader.offset
            do throws(FlowDecodeError) {
                let id = try reader.readU16()
                let length = Int(try reader.readU16())
                guard length >= 4 else {
                    result.errors.append(FlowDecodeError(.badLength, "\(domain): \(label) \(id) at offset \(start) has length \(length)"))
                    return
                }
                guard length - 4 <= reader.remaining else {
                    result.errors.append(FlowDecodeError(
                        .badLength, "\(domain): \(label) \(id) at offset \(start) has length \(length), only \(reader.remaining + 4) bytes left"))
                    return
                }
                let body = try reader.slice(length - 4)
                do throws(FlowDecodeError) {
                    try handle(id, body, &result)
                } catch {
                    result.errors.append(error)
                }
            } catch {
                result.errors.append(error)
                return
            }
        }
    }

    /// Runs a template-set parser; running out of bytes inside a template means the
    /// template is longer than its set, which is a bad template, not a short datagram.
    static func parsingTemplates(
        _ domain: ExporterDomain, _ parse: () throws(FlowDecodeError) -> Void
    ) throws(FlowDecodeError) {
        do throws(FlowDecodeError) {
            try parse()
        } catch where error.reason == .truncated {
            throw FlowDecodeError(.badTemplate, "\(domain): template longer than its set (\(error.detail))")
        }
    }

    /// True when every byte left is zero: exporters pad template sets to 4-byte boundaries.
    static func restIsPadding(_ r: ByteReader) -> Bool {
        for i in r.offset..<r.buffer.count where r.buffer[i] != 0 { return false }
        return true
    }

    /// A data set: decode with its template, or count it as unknown and move on.
    static func decodeData(
        _ body: ByteReader, templateID: UInt16, context: DataSetContext,
        cache: inout TemplateCache, result: inout FlowDecodeResult
    ) {
        let key = TemplateKey(
            exporter: context.domain.exporter, version: context.domain.version, domain: context.domain.domain,
            templateID: templateID)
        guard let template = cache.templates[key] else {
            result.unknownTemplates[key, default: 0] += 1
            result.errors.append(FlowDecodeError(.unknownTemplate, "no template for data set: \(key)"))
            return
        }
        let bytes = UnsafeRawBufferPointer(rebasing: body.buffer[body.offset...])
        TemplateDataDecoder.decode(bytes, template: template, context: context, cache: &cache, result: &result)
    }
}
