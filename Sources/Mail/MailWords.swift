import COpenSSL
import Foundation
import Messages
#if canImport(Glibc)
import Glibc
#endif

/// Why a conversation with a mail server failed, in the person's language (the catalogue's
/// `imp4.mail.` keys): the words that end `carnet remind --send`'s message (remind.smtp-*).
/// The system's or OpenSSL's own words, English and technical, stay only as a detail after a
/// sentence that says what happened, for whoever runs the server.
enum MailWords {
    /// A host name that getaddrinfo could not resolve (its status).
    static func lookup(_ status: Int32) -> String {
        switch status {
        case EAI_NONAME: return Catalogue.text("imp4.mail.unknown-host")
        case EAI_AGAIN: return Catalogue.text("imp4.mail.lookup-later")
        default: return Catalogue.text("imp4.mail.lookup-failed", ["detail": .text(String(cString: gai_strerror(status)))])
        }
    }

    /// A system call that failed (its errno) while connecting, reading or writing.
    static func system(_ code: Int32) -> String {
        switch code {
        case 0: return closed  // TLS's own failure, after which errno says nothing
        case ECONNREFUSED: return Catalogue.text("imp4.mail.connection-refused")
        // A read or write past SO_RCVTIMEO/SO_SNDTIMEO gives EAGAIN; a connect, EINPROGRESS.
        case ETIMEDOUT, EAGAIN, EINPROGRESS:
            return Catalogue.text("imp4.mail.timed-out", ["count": .number(SMTPClient.timeoutSeconds)])
        case ENETUNREACH, EHOSTUNREACH: return Catalogue.text("imp4.mail.network-unreachable")
        case ECONNRESET, EPIPE: return Catalogue.text("imp4.mail.connection-reset")
        default: return Catalogue.text("imp4.mail.system-error", ["detail": .text(String(cString: strerror(code)))])
        }
    }

    static var closed: String { Catalogue.text("imp4.mail.closed") }
    static var replyTooLong: String { Catalogue.text("imp4.mail.reply-too-long", ["count": .number(SMTPClient.maxReplyBytes / 1024)]) }
    static var dataAfterStartTLS: String { Catalogue.text("imp4.mail.data-after-starttls") }

    /// A reply that does not start with a three-digit code: not an SMTP server.
    static func notSMTP(step: String) -> String {
        step == greeting ? Catalogue.text("imp4.mail.not-smtp-greeting") : Catalogue.text("imp4.mail.not-smtp", ["step": .text(step)])
    }

    /// The step a refusal came at: an SMTP command as the protocol names it (MAIL, RCPT, DATA…),
    /// or the server's greeting, in words.
    static func step(_ step: String) -> String {
        step == greeting ? Catalogue.text("imp4.mail.step-greeting") : step
    }

    /// The step name SMTPClient gives the server's first reply.
    static let greeting = "greeting"

    /// A certificate OpenSSL refused (its verify result), the common reasons in words.
    static func certificate(_ result: Int, host: String) -> String {
        let detail = String(cString: X509_verify_cert_error_string(result))
        switch Int32(truncatingIfNeeded: result) {
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT,
             X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
            return Catalogue.text("imp4.mail.certificate-untrusted", ["detail": .text(detail)])
        case X509_V_ERR_CERT_HAS_EXPIRED: return Catalogue.text("imp4.mail.certificate-expired")
        case X509_V_ERR_CERT_NOT_YET_VALID: return Catalogue.text("imp4.mail.certificate-not-yet-valid")
        case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH:
            return Catalogue.text("imp4.mail.certificate-other-host", ["host": .text(host)])
        case X509_V_ERR_CERT_REVOKED: return Catalogue.text("imp4.mail.certificate-revoked")
        default: return Catalogue.text("imp4.mail.certificate-refused", ["detail": .text(detail)])
        }
    }

    /// A handshake that failed for another reason than the certificate (OpenSSL's words).
    static func handshake(_ detail: String?) -> String {
        detail.map { Catalogue.text("imp4.mail.handshake-failed", ["detail": .text($0)]) } ?? Catalogue.text("imp4.mail.handshake-failed-plain")
    }

    /// The private CA file (--smtp-ca-file) could not be read as PEM certificates.
    static func caFile(_ detail: String?) -> String {
        Catalogue.text("imp4.mail.ca-file-unreadable", ["detail": .text(detail ?? "—")])
    }
}
