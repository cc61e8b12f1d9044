// test_cxx.cpp - a C++ program can include framec.h and link libframec.a
// (every public header is wrapped in extern "C"): it sets up a client,
// reads the accessors and an error message through the C API.
#include <cstdio>
#include <cstring>

#include "framec.h"

static int passed, failed;

static void check(bool ok, const char *what)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        std::printf("not ok %s\n", what);
    }
}

int main()
{
    static fc_client c;
    static unsigned char tls_buf[BR_SSL_BUFSIZE_MONO];
    fc_config cfg;
    std::memset(&cfg, 0, sizeof cfg);
    cfg.url = "https://localhost:8443/v1";
    cfg.client_id = "id.img.frame.nutanix.com";
    cfg.secret = "secret";
    cfg.secret_len = 6;
    cfg.tls_buf = tls_buf;
    cfg.tls_buf_len = sizeof tls_buf;
    check(fc_client_init(&c, &cfg) == FC_OK, "fc_client_init from C++");
    check(fc_client_attempts(&c) == 0, "no attempts before a request");
    check(fc_client_tls_error(&c) == 0, "no TLS error before a connection");
    check(fc_client_tls_detail(&c) == nullptr, "no TLS detail before a connection");
    check(std::strcmp(fc_client_tls_profile(), "full") == 0 ||
              std::strcmp(fc_client_tls_profile(), "lean") == 0,
          "the TLS profile is named");
    check(std::strcmp(fc_strerror(FC_ERR_TLS_EKU),
                      "certificate check failed: not for TLS servers (extendedKeyUsage lacks "
                      "serverAuth)") == 0,
          "fc_strerror from C++");
    fc_client_close(&c);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed || !passed;
}
