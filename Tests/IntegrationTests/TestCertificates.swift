import Foundation

/// A throw-away PKI made with the real `openssl` CLI: a test CA and leaves with exact,
/// known validity dates, so tests can check the prober's days-left and expiry against
/// what openssl was told. `openssl ca` (not `x509 -req`) because only it takes explicit
/// start and end dates, which an already-expired certificate needs.
struct TestCertificates {
    let directory: String
    /// The CA certificate (PEM): the `caFile` of the probes.
    let caFile: String
    let valid: Leaf
    let expired: Leaf
    let wrongName: Leaf

    struct Leaf {
        let certificateFile: String
        let keyFile: String
        let notAfter: Date
    }

    /// Days the valid and wrong-name leaves are good for, and how long ago the expired one
    /// ran out.
    static let validDays = 45.0
    static let expiredDaysAgo = 3.0

    /// - Parameter now: the dates are set relative to it (whole seconds).
    init(openssl: String, in directory: String, now: Date = Date()) throws {
        self.directory = directory
        let base = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let caFile = "\(directory)/ca.pem"
        self.caFile = caFile
        let caKey = "\(directory)/ca.key"
        try runTool(openssl, [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", caKey, "-out", caFile, "-days", "3650", "-subj", "/CN=Netsight Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try FileManager.default.createDirectory(atPath: "\(directory)/newcerts", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: "\(directory)/index.txt", contents: Data())
        try "1000\n".write(toFile: "\(directory)/serial", atomically: true, encoding: .utf8)
        let config = """
            [ ca ]
            default_ca = test
            [ test ]
            database = \(directory)/index.txt
            new_certs_dir = \(directory)/newcerts
            serial = \(directory)/serial
            default_md = sha256
            policy = anything
            unique_subject = no
            [ anything ]
            commonName = supplied
            [ leaf ]
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature
            extendedKeyUsage = serverAuth
            subjectAltName = $ENV::SAN

            """
        try config.write(toFile: "\(directory)/ca.cnf", atomically: true, encoding: .utf8)

        func leaf(_ name: String, cn: String, san: String, from: Date, to: Date) throws -> Leaf {
            let key = "\(directory)/\(name).key"
            let csr = "\(directory)/\(name).csr"
            let cert = "\(directory)/\(name).pem"
            try runTool(openssl, [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", csr, "-subj", "/CN=\(cn)",
            ])
            try runTool(
                openssl,
                [
                    "ca", "-batch", "-notext", "-config", "\(directory)/ca.cnf", "-cert", caFile, "-keyfile", caKey,
                    "-in", csr, "-out", cert, "-extensions", "leaf", "-startdate", Self.utcTime(from),
                    "-enddate", Self.utcTime(to),
                ], environment: ["SAN": san])
            return Leaf(certificateFile: cert, keyFile: key, notAfter: to)
        }
        let day = 86_400.0
        valid = try leaf(
            "valid", cn: "localhost", san: "DNS:localhost,IP:127.0.0.1", from: base - day,
            to: base + Self.validDays * day)
        expired = try leaf(
            "expired", cn: "localhost", san: "DNS:localhost,IP:127.0.0.1", from: base - 30 * day,
            to: base - Self.expiredDaysAgo * day)
        wrongName = try leaf(
            "wrong", cn: "wrong.example", san: "DNS:wrong.example", from: base - day, to: base + Self.validDays * day)
    }

    /// openssl's YYMMDDHHMMSSZ.
    static func utcTime(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyMMddHHmmss'Z'"
        return f.string(from: date)
    }
}
