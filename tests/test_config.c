/* test_config.c - framec_config.h keeps a library and an application that
 * were built with different knobs from meeting in memory.
 *
 * This unit uses the library's own knobs and must be served; the two units
 * of config_other.c were built with a smaller FC_WORK_MAX (-D) and with a
 * user config file (-DFC_CONFIG_FILE) that raises FC_X509_NAMES_MAX, and
 * fc_client_init must refuse both with FC_ERR_CONFIG before writing to
 * their (differently sized) clients: under AddressSanitizer a write past
 * the smaller client would stop the test. The user file's other knob, a
 * default timeout, shows that the file was read. */
#include <string.h>

#include "check.h"
#include "framec.h"

int init_small_work(unsigned long *timeout_ms);
int init_user_file(unsigned long *timeout_ms);

int main(void)
{
    static fc_client c;
    static unsigned char tls_buf[BR_SSL_BUFSIZE_MONO];
    unsigned long t = 0;
    fc_config cfg;
    int rc;

    memset(&cfg, 0, sizeof cfg);
    cfg.url = "https://localhost:8443/v1";
    cfg.client_id = "id.img.frame.nutanix.com";
    cfg.secret = "secret";
    cfg.secret_len = 6;
    cfg.tls_buf = tls_buf;
    cfg.tls_buf_len = sizeof tls_buf;
    rc = fc_client_init(&c, &cfg);
    CHECK(rc == FC_OK, "same knobs: %d (%s)", rc, fc_strerror(rc));
    fc_client_close(&c);

    rc = init_small_work(&t);
    CHECK(rc == FC_ERR_CONFIG, "FC_WORK_MAX=512 against the default library: %d (%s)", rc,
          fc_strerror(rc));
    CHECK(t == FC_TIMEOUT_MS, "the -D unit keeps the default timeout (%lu)", t);

    rc = init_user_file(&t);
    CHECK(rc == FC_ERR_CONFIG, "FC_CONFIG_FILE raising FC_X509_NAMES_MAX: %d (%s)", rc,
          fc_strerror(rc));
    CHECK(t == 5000, "FC_CONFIG_FILE was read: FC_TIMEOUT_MS is %lu there, want 5000", t);
    CHECK(FC_TIMEOUT_MS != 5000, "and only there (%d here)", FC_TIMEOUT_MS);
    return check_done();
}
