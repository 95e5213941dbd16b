import Foundation
import Testing

/// A real nginx (Debian nginx-light) serving on loopback for the HTTP probe tests: one
/// plain HTTP server and one HTTPS server per test certificate, each on its own free
/// port. Runs in the foreground as a single process (`master_process off`) with every
/// path (pid, logs, temp dirs) inside the test's directory, and is stopped by its PID.
final class NginxServer {
    let process: PeerProcess
    let directory: String
    let httpPort: Int
    let httpsValidPort: Int
    let httpsExpiredPort: Int
    let httpsWrongNamePort: Int
    /// The body of `/`, which the regex tests look for.
    static let bigBodySize = 3 << 19
    static let indexBody = "<html><body><h1>netsight probe page</h1></body></html>\n"

    init(nginx: String, certificates: TestCertificates, directory: String) throws {
        self.directory = directory
        httpPort = freeTCPPort()
        httpsValidPort = freeTCPPort()
        httpsExpiredPort = freeTCPPort()
        httpsWrongNamePort = freeTCPPort()
        let www = "\(directory)/www"
        try FileManager.default.createDirectory(atPath: "\(directory)/temp", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: www, withIntermediateDirectories: true)
        try Self.indexBody.write(toFile: "\(www)/index.html", atomically: true, encoding: .utf8)
        // 1.5 MiB: "BEGIN" at the start, "END-MARKER" past the prober's 1 MiB body limit.
        let big = "BEGIN" + String(repeating: "x", count: Self.bigBodySize - 15) + "END-MARKER"
        try big.write(toFile: "\(www)/big.txt", atomically: true, encoding: .utf8)
        func tls(_ port: Int, _ leaf: TestCertificates.Leaf) -> String {
            """
                server {
                    listen 127.0.0.1:\(port) ssl;
                    server_name localhost;
                    ssl_certificate \(leaf.certificateFile);
                    ssl_certificate_key \(leaf.keyFile);
                    root \(www);
                }
            """
        }
        let config = """
            worker_processes 1;
            pid \(directory)/nginx.pid;
            error_log \(directory)/error.log info;
            events { worker_connections 64; }
            http {
                access_log \(directory)/access.log;
                client_body_temp_path \(directory)/temp/body;
                proxy_temp_path \(directory)/temp/proxy;
                fastcgi_temp_path \(directory)/temp/fastcgi;
                uwsgi_temp_path \(directory)/temp/uwsgi;
                scgi_temp_path \(directory)/temp/scgi;
                types { text/html html; }
                default_type text/plain;
                server {
                    listen 127.0.0.1:\(httpPort);
                    server_name localhost;
                    root \(www);
                }
            \(tls(httpsValidPort, certificates.valid))
            \(tls(httpsExpiredPort, certificates.expired))
            \(tls(httpsWrongNamePort, certificates.wrongName))
            }

            """
        try config.write(toFile: "\(directory)/nginx.conf", atomically: true, encoding: .utf8)
        process = try PeerProcess(
            nginx,
            ["-p", directory, "-e", "\(directory)/error.log", "-c", "\(directory)/nginx.conf", "-g",
             "daemon off; master_process off;"],
            logDirectory: directory)
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if [httpPort, httpsValidPort, httpsExpiredPort, httpsWrongNamePort].allSatisfy(nginxAccepts) { return }
            if !process.isRunning { break }
            usleep(20_000)
        }
        let log = (try? String(contentsOfFile: "\(directory)/error.log", encoding: .utf8)) ?? ""
        process.stop()
        throw ToolError(message: "nginx did not come up: \(process.log) \(log)")
    }

    func stop() { process.stop(signal: SIGQUIT) }

    deinit { process.stop() }
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
func nginxAccepts(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}
