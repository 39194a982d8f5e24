// OpenSSL from Debian (libssl-dev): TLS for `carnet remind`'s SMTP client (STARTTLS, RFC 3207).
// Only Sources/Mail imports it.
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
