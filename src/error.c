#include "error.h"

const char *fc_strerror(int err)
{
    switch ((fc_err)err) {
    case FC_OK: return "success";
    case FC_ERR_ARG: return "invalid argument";
    case FC_ERR_URL: return "URL must look like https://host[:port][/path]";
    case FC_ERR_FIELD: return "request field contains CR, LF, NUL, space or a control character";
    case FC_ERR_REQUEST_TOO_BIG: return "request head does not fit the buffer";
    case FC_ERR_ANCHORS_FULL: return "CA bundle does not fit the trust anchor storage";
    case FC_ERR_PEM: return "CA bundle is not valid PEM certificates";
    case FC_ERR_NO_ANCHORS: return "no trust anchors (CA certificates) loaded";
    case FC_ERR_ENTROPY: return "no entropy available for TLS";
    case FC_ERR_DNS: return "host name did not resolve";
    case FC_ERR_CONNECT: return "connection refused or host unreachable";
    case FC_ERR_TIMEOUT: return "timed out";
    case FC_ERR_IO: return "connection failed while sending or receiving";
    case FC_ERR_CLOSED: return "server closed the connection before the response was complete";
    case FC_ERR_PROXY: return "proxy refused the tunnel (CONNECT)";
    case FC_ERR_PROXY_URL: return "proxy URL must look like http://[user:pass@]host[:port]";
    case FC_ERR_TLS_UNTRUSTED: return "certificate check failed: not signed by a trusted CA";
    case FC_ERR_TLS_NAME: return "certificate check failed: name does not match the host";
    case FC_ERR_TLS_EXPIRED: return "certificate check failed: expired or not yet valid";
    case FC_ERR_TLS_CERT: return "certificate check failed: malformed or unusable certificate";
    case FC_ERR_TLS_ALERT: return "TLS: server sent a fatal alert";
    case FC_ERR_TLS_CLOSED: return "server closed the connection during the TLS handshake";
    case FC_ERR_NOT_TLS: return "server did not answer with TLS (plain HTTP on an HTTPS port?)";
    case FC_ERR_TLS_FRAGMENT: return "TLS: server ignored max_fragment_length (record too large for the small TLS buffer)";
    case FC_ERR_TLS: return "TLS failure";
    case FC_ERR_HTTP_STATUS: return "malformed response: bad status line";
    case FC_ERR_HTTP_HEADER: return "malformed response: bad header line";
    case FC_ERR_HTTP_LINE_LONG: return "malformed response: header line too long";
    case FC_ERR_HTTP_HEADERS_MANY: return "malformed response: too many header lines";
    case FC_ERR_HTTP_LENGTH: return "malformed response: bad or conflicting Content-Length";
    case FC_ERR_HTTP_CHUNK: return "malformed response: bad chunk header";
    case FC_ERR_HTTP_FRAMING: return "malformed response: conflicting or unsupported transfer framing";
    case FC_ERR_HTTP_TRUNCATED: return "malformed response: cut short before its end";
    case FC_ERR_BODY_TOO_BIG: return "response body larger than the buffer";
    case FC_ERR_CALLBACK: return "stopped by the caller";
    case FC_ERR_JSON: return "response is not valid JSON";
    case FC_ERR_JSON_TOKENS: return "response too large for the JSON token pool";
    case FC_ERR_JSON_DEPTH: return "response JSON nested too deeply";
    case FC_ERR_JSON_TYPE: return "JSON value has the wrong type";
    case FC_ERR_JSON_MISSING: return "JSON key or index not found";
    case FC_ERR_JSON_TOO_BIG: return "JSON value larger than its buffer";
    }
    return "unknown error";
}
