import CMaxMindDB
import NetsightModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an AS number database could not be opened. The message names the file.
public struct ASNDatabaseError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "AS number database \(path): \(problem)" }
}

/// The origin AS of an address, read from a MaxMind-format (`.mmdb`) database such as
/// GeoLite2-ASN or GeoIP2-ISP: the `autonomous_system_number` of the record that holds
/// the address.
///
/// The file is memory-mapped (`MMDB_MODE_MMAP`), so opening it costs no heap for the
/// tree and the kernel shares the pages between processes. After `MMDB_open` the reader
/// state is never written again: `MMDB_lookup_sockaddr` and `MMDB_aget_value` only read
/// it, which is what makes concurrent lookups from every listener thread safe without a
/// lock (libmaxminddb documents lookups on one opened `MMDB_s` as thread-safe).
/// A lookup is a walk of at most 128 tree nodes plus one map decode, well under a
/// microsecond, so there is no cache.
public final class ASNDatabase: @unchecked Sendable {
    // @unchecked: `handle` and `keyPath` are written only in init and deinit; every
    // other use is a read through libmaxminddb's read-only lookup functions.
    private let handle: UnsafeMutablePointer<MMDB_s>
    /// `["autonomous_system_number", NULL]` as C strings, built once for `MMDB_aget_value`
    /// (the variadic `MMDB_get_value` cannot be called from Swift).
    private let keyPath: UnsafeMutablePointer<UnsafePointer<CChar>?>
    /// The file it was opened from.
    public let path: String
    /// `database_type` from the metadata, e.g. `GeoLite2-ASN`.
    public let databaseType: String
    /// 4 or 6: an IPv4-only database answers nil for every IPv6 address.
    public let ipVersion: Int

    /// The record key that holds the AS number in MaxMind's ASN and ISP databases.
    public static let key = "autonomous_system_number"

    /// Opens and memory-maps `path`.
    /// - Throws: `ASNDatabaseError` naming the file when it is missing, unreadable or not
    ///   a MaxMind DB file.
    public init(path: String) throws(ASNDatabaseError) {
        let mmdb = UnsafeMutablePointer<MMDB_s>.allocate(capacity: 1)
        mmdb.initialize(to: MMDB_s())
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), mmdb)
        let savedErrno = errno
        guard status == MMDB_SUCCESS else {
            mmdb.deallocate()
            var problem: String
            switch status {
            case MMDB_FILE_OPEN_ERROR:
                problem = "cannot open: \(String(cString: strerror(savedErrno)))"
            case MMDB_INVALID_METADATA_ERROR, MMDB_UNKNOWN_DATABASE_FORMAT_ERROR:
                problem = "not a MaxMind DB (.mmdb) file (\(String(cString: MMDB_strerror(status))))"
            case MMDB_IO_ERROR:
                problem = "\(String(cString: MMDB_strerror(status))) (\(String(cString: strerror(savedErrno))))"
            default:
                problem = String(cString: MMDB_strerror(status))
            }
            throw ASNDatabaseError(path: path, problem: problem)
        }
        self.handle = mmdb
        self.path = path
        self.databaseType = mmdb.pointee.metadata.database_type.map { String(cString: $0) } ?? ""
        self.ipVersion = Int(mmdb.pointee.metadata.ip_version)
        self.keyPath = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: 2)
        keyPath[0] = UnsafePointer(strdup(Self.key))
        keyPath[1] = nil
    }

    deinit {
        MMDB_close(handle)
        handle.deallocate()
        free(UnsafeMutablePointer(mutating: keyPath[0]))
        keyPath.deallocate()
    }

    /// The AS number of the network holding `address`, or nil when the database has no
    /// record for it (or the record has no AS number, or it is 0).
    ///
    /// IPv4 addresses are held IPv4-mapped in `IPAddress`; they are looked up as IPv4,
    /// which libmaxminddb resolves in an IPv4 database directly and in an IPv6 database
    /// through its IPv4 subtree (`::a.b.c.d`). Looking them up as `::ffff:a.b.c.d` would
    /// miss in databases that do not alias that range.
    public func asn(for address: IPAddress) -> UInt32? {
        var mmdbError: Int32 = MMDB_SUCCESS
        var result: MMDB_lookup_result_s
        if let v4 = address.ipv4Value {
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_addr.s_addr = v4.bigEndian
            result = withUnsafePointer(to: &sa) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { MMDB_lookup_sockaddr(handle, $0, &mmdbError) }
            }
        } else {
            if ipVersion == 4 { return nil }
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            let bytes = address.bytes
            withUnsafeMutableBytes(of: &sa.sin6_addr) { raw in
                for i in 0..<16 { raw[i] = bytes[i] }
            }
            result = withUnsafePointer(to: &sa) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { MMDB_lookup_sockaddr(handle, $0, &mmdbError) }
            }
        }
        guard mmdbError == MMDB_SUCCESS, result.found_entry else { return nil }
        var data = MMDB_entry_data_s()
        guard MMDB_aget_value(&result.entry, &data, keyPath) == MMDB_SUCCESS, data.has_data else { return nil }
        let value: UInt64
        switch data.type {
        case UInt32(MMDB_DATA_TYPE_UINT32): value = UInt64(data.uint32)
        case UInt32(MMDB_DATA_TYPE_UINT16): value = UInt64(data.uint16)
        case UInt32(MMDB_DATA_TYPE_UINT64): value = data.uint64
        case UInt32(MMDB_DATA_TYPE_INT32): value = data.int32 < 0 ? 0 : UInt64(data.int32)
        default: return nil
        }
        guard value != 0, value <= UInt64(UInt32.max) else { return nil }
        return UInt32(value)
    }
}
