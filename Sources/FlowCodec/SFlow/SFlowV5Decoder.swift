import NetsightModel

/// Decodes sFlow version 5 datagrams (sflow.org `sflow_version_5.txt`).
///
/// Each flow sample becomes one `FlowRecord` with one packet whose byte count is the sampled
/// frame's length, scaled by the sample's sampling rate. Generic interface counter records
/// become `InterfaceCounterSample`s. Unknown sample and record formats are skipped by their
/// length, as the spec requires of collectors. Every length is checked before use, so a lying
/// datagram produces errors, never a trap, a loop, or a large allocation.
///
/// Exporter identity: records carry the datagram's agent address, not the UDP source. sFlow
/// agents name themselves in the header precisely so that NAT, relays, and multi-homed
/// switches do not change who reported the sample; the UDP source is used only when the
/// agent address type is 0 (unknown).
public enum SFlowV5Decoder {
    /// Appends flow records (FlowRecord with source = .sflow) and interface counter samples to `result`,
    /// errors for bad samples (reason .badSample / .truncated / .badVersion); a bad sample never loses the good ones.
    /// Sets result.version = 20.
    ///
    /// - Parameters:
    ///   - datagram: the UDP payload.
    ///   - exporter: the UDP source address, used only when the agent address is unknown.
    ///   - receivedAtMillis: the receive time; sFlow samples carry no wall-clock time, so
    ///     every record starts and ends at this instant.
    public static func decode(
        _ datagram: UnsafeRawBufferPointer, exporter: IPAddress, receivedAtMillis: UInt64,
        into result: inout FlowDecodeResult
    ) {
        result.version = 20
        var reader = ByteReader(datagram)
        do throws(FlowDecodeError) {
            let version = try reader.readU32()
            guard version == 5 else {
                result.errors.append(FlowDecodeError(.badVersion, "sFlow version \(version) from \(exporter), expected 5"))
                return
            }
            let agentAddress = try readAddress(&reader, context: "agent address from \(exporter)")
            let subAgent = try reader.readU32()
            let sequence = try reader.readU32()
            _ = try reader.readU32()  // uptime: relative to agent boot, not useful as a timestamp
            let sampleCount = try reader.readU32()
            let context = Context(
                agent: agentAddress == .zero ? exporter : agentAddress, subAgent: subAgent,
                sequence: sequence, receivedAtMillis: receivedAtMillis)
            var index: UInt32 = 0
            // Each sample consumes at least its 8-byte tag and length, so a lying count ends
            // when the bytes do rather than looping.
            while index < sampleCount {
                guard reader.remaining > 0 else {
                    result.errors.append(FlowDecodeError(
                        .truncated, "\(context): header declares \(sampleCount) samples, datagram holds \(index)"))
                    return
                }
                let format = try reader.readU32()
                let length = try reader.readU32()
                guard Int(length) <= reader.remaining else {
                    result.errors.append(FlowDecodeError(
                        .truncated,
                        "\(context) sample \(index) (\(DataFormat(format))): length \(length), \(reader.remaining) bytes left"))
                    return
                }
                var body = try reader.slice(Int(length))
                decodeSample(DataFormat(format), &body, index: index, context: context, into: &result)
                index += 1
            }
        } catch {
            result.errors.append(FlowDecodeError(error.reason, "sFlow header from \(exporter): \(error.detail)"))
        }
    }

    /// Dispatches one sample; its errors become one `.badSample` entry and lose only it.
    static func decodeSample(
        _ format: DataFormat, _ body: inout ByteReader, index: UInt32, context: Context,
        into result: inout FlowDecodeResult
    ) {
        do throws(FlowDecodeError) {
            switch (format.enterprise, format.format) {
            case (0, 1): result.records.append(try decodeFlowSample(&body, expanded: false, context: context))
            case (0, 3): result.records.append(try decodeFlowSample(&body, expanded: true, context: context))
            case (0, 2): result.counters += try decodeCounterSample(&body, expanded: false, context: context)
            case (0, 4): result.counters += try decodeCounterSample(&body, expanded: true, context: context)
            default: break  // e.g. 0:5 discarded packets or vendor samples: skipped by length
            }
        } catch {
            result.errors.append(FlowDecodeError(
                .badSample, "\(context) sample \(index) (\(format)): \(error.description)"))
        }
    }

    /// Reads an sFlow `address`: a type word then 0, 4 or 16 bytes. Type 0 (unknown) yields `.zero`.
    static func readAddress(_ reader: inout ByteReader, context: String) throws(FlowDecodeError) -> IPAddress {
        let type = try reader.readU32()
        switch type {
        case 0:
            return .zero
        case 1:
            return IPAddress(ipv4: try reader.readU32())
        case 2:
            let high = try reader.readU64()
            let low = try reader.readU64()
            return IPAddress(high: high, low: low)
        default:
            throw FlowDecodeError(.badSample, "\(context): unknown address type \(type)")
        }
    }

    /// What every sample of one datagram shares.
    struct Context: CustomStringConvertible {
        let agent: IPAddress
        let subAgent: UInt32
        let sequence: UInt32
        let receivedAtMillis: UInt64

        var description: String { "sFlow agent \(agent) sub-agent \(subAgent) sequence \(sequence)" }
    }

    /// A sample or record tag: a 20-bit enterprise and a 12-bit format.
    struct DataFormat: CustomStringConvertible {
        let enterprise: UInt32
        let format: UInt32

        init(_ word: UInt32) {
            enterprise = word >> 12
            format = word & 0xFFF
        }

        var description: String { "\(enterprise):\(format)" }
    }
}
