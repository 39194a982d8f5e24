import COpenSSL
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// TLS over a connected socket, for SMTP's STARTTLS (RFC 3207): OpenSSL, blocking, so the
/// socket's time limits (SO_RCVTIMEO, SO_SNDTIMEO) still bound every read and write.
///
/// The server's certificate is verified — against the system's certificate authorities, or only
/// those of `caFile` (a private CA, PEM) — and must name the host Carnet connected to (a name, or
/// an IP address for `127.0.0.1`): a certificate that fails either check ends the conversation
/// before a byte of a message or a credential is sent. TLS 1.2 at least.
final class TLSSession {
    enum Failure: Error, Equatable {
        /// The handshake failed (an untrusted or mismatched certificate…): why, in words (MailWords).
        case handshake(String)
        /// The CA file could not be read as PEM certificates: in words (MailWords).
        case caFile(String)
    }

    private let context: OpaquePointer
    private let ssl: OpaquePointer

    init(socket: Int32, host: String, caFile: String?) throws {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw Failure.handshake(MailWords.handshake(Self.lastError())) }
        // SSL_CTX_set_min_proto_version is a macro: its SSL_CTX_ctrl call.
        _ = SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil)
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        if let caFile {
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                SSL_CTX_free(context)
                throw Failure.caFile(MailWords.caFile(Self.lastError()))
            }
        } else if SSL_CTX_set_default_verify_paths(context) != 1 {
            SSL_CTX_free(context)
            throw Failure.handshake(MailWords.handshake(Self.lastError()))
        }
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw Failure.handshake(MailWords.handshake(Self.lastError()))
        }
        self.context = context
        self.ssl = ssl
        // The name the certificate must carry: an IP address is checked as one, a name as a name
        // (and sent as SNI, SSL_set_tlsext_host_name's SSL_ctrl call).
        let param = SSL_get0_param(ssl)
        if Self.isIPAddress(host) {
            X509_VERIFY_PARAM_set1_ip_asc(param, host)
        } else {
            SSL_set1_host(ssl, host)
            _ = host.withCString { SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name), UnsafeMutableRawPointer(mutating: $0)) }
        }
        SSL_set_fd(ssl, socket)
        ERR_clear_error()
        guard SSL_connect(ssl) == 1 else {
            let verify = SSL_get_verify_result(ssl)
            throw Failure.handshake(verify != Int(X509_V_OK) ? MailWords.certificate(verify, host: host) : MailWords.handshake(Self.lastError()))
        }
    }

    deinit {
        SSL_shutdown(ssl)
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// Up to `count` bytes; 0 when the server closed the connection, -1 on an error.
    func read(_ buffer: inout [UInt8], count: Int) -> Int {
        Int(buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32(count)) })
    }

    /// Writes some of the bytes: how many, or 0 or less on an error.
    func write(_ bytes: ArraySlice<UInt8>) -> Int {
        Int(bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) })
    }

    /// OpenSSL's words for its last error, nil when it recorded none.
    static func lastError() -> String? {
        let code = ERR_get_error()
        guard code != 0 else { return nil }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        return String(cString: text)
    }

    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
