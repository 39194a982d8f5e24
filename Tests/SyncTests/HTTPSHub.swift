import Foundation
import LocalSSH
import TestSupport

/// A real HTTPS git server on 127.0.0.1 for the token tests: git's own `git http-backend` (smart
/// HTTP, fetch and push) behind a small Python TLS server that wants `Authorization: Basic` with
/// the token as the password, and a certificate for 127.0.0.1 from a certificate authority made
/// here with openssl (so the system's authorities do not trust it: --ca-file must name it).
/// Debian: python3, openssl, git.
final class HTTPSHub {
    let port: Int
    let caFile: String
    let token: String
    private let process: Process

    static var available: Bool {
        ["/usr/bin/python3", "/usr/bin/openssl", "/usr/lib/git-core/git-http-backend"].allSatisfy {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Serves the repositories under `root` (https://127.0.0.1:PORT/<name>.git).
    init(root: String, in directory: String, token: String = "s3cret-token") throws {
        self.token = token
        let dir = directory + "/https-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        caFile = dir + "/ca.pem"
        // mbedTLS 2.28 (libgit2's TLS on Debian) matches the host against DNS names only, not IP entries.
        try "subjectAltName=IP:127.0.0.1,DNS:127.0.0.1\n".write(toFile: dir + "/san.ext", atomically: true, encoding: .utf8)
        for step in [
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Carnet test CA",
             "-keyout", dir + "/ca.key", "-out", caFile],
            ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1",
             "-keyout", dir + "/hub.key", "-out", dir + "/hub.csr"],
            ["openssl", "x509", "-req", "-in", dir + "/hub.csr", "-CA", caFile, "-CAkey", dir + "/ca.key", "-CAcreateserial",
             "-days", "2", "-extfile", dir + "/san.ext", "-out", dir + "/hub.pem"],
        ] {
            let result = try Shell.run(step)
            guard result.status == 0 else { throw SetupFailure("\(step.joined(separator: " ")): \(result.stderr)") }
        }
        try Self.server.write(toFile: dir + "/server.py", atomically: true, encoding: .utf8)
        let portFile = dir + "/port"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [dir + "/server.py", root, dir + "/hub.pem", dir + "/hub.key", token, portFile]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var found: Int?
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                found = value
                break
            }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let found else {
            process.terminate()
            throw SetupFailure("the HTTPS test server did not start")
        }
        port = found
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }

    func url(_ name: String) -> String { "https://127.0.0.1:\(port)/\(name)" }

    /// The server: TLS, Basic authentication by token, then git http-backend as a CGI program.
    private static let server = #"""
        import base64, http.server, os, socketserver, ssl, subprocess, sys
        root, cert, key, token, port_file = sys.argv[1:6]

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"
            def log_message(self, *args): pass
            def authorised(self):
                header = self.headers.get("Authorization", "")
                if not header.startswith("Basic "): return False
                user, _, password = base64.b64decode(header[6:]).decode().partition(":")
                return password == token
            def body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().strip(), 16)
                        if size == 0:
                            self.rfile.readline()
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length", "0")))
            def serve(self):
                if not self.authorised():
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="carnet hub"')
                    self.end_headers()
                    return
                path, _, query = self.path.partition("?")
                env = dict(os.environ, GIT_PROJECT_ROOT=root, GIT_HTTP_EXPORT_ALL="1", REMOTE_USER="ministry",
                           REQUEST_METHOD=self.command, PATH_INFO=path, QUERY_STRING=query,
                           CONTENT_TYPE=self.headers.get("Content-Type", ""))
                data = self.body() if self.command == "POST" else b""
                env["CONTENT_LENGTH"] = str(len(data))
                out = subprocess.run(["git", "http-backend"], input=data, env=env, capture_output=True).stdout
                head, _, payload = out.partition(b"\r\n\r\n")
                status = 200
                headers = []
                for line in head.split(b"\r\n"):
                    name, _, value = line.decode().partition(":")
                    if name.lower() == "status": status = int(value.strip().split()[0])
                    elif name: headers.append((name, value.strip()))
                self.send_response(status)
                for name, value in headers: self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            do_GET = serve
            do_POST = serve

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        httpd = Server(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
        with open(port_file + ".tmp", "w") as f: f.write(str(httpd.server_address[1]))
        os.rename(port_file + ".tmp", port_file)
        httpd.serve_forever()
        """#
}
