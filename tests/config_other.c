/* config_other.c - an application unit built with other framec_config.h
 * knobs than the library (the Makefile compiles it twice: once with
 * -DFC_WORK_MAX=512, once with -DFC_CONFIG_FILE='"user_config.h"'), for
 * tests/test_config.c. CONFIG_FN names the function each copy exports. */
#include <string.h>

#include "framec.h"

static fc_client client; /* sized by this unit's knobs */
static unsigned char tls_buf[BR_SSL_BUFSIZE_MONO];

int CONFIG_FN(unsigned long *timeout_ms);
int CONFIG_FN(unsigned long *timeout_ms)
{
    fc_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.url = "https://localhost:8443/v1";
    cfg.client_id = "id.img.frame.nutanix.com";
    cfg.secret = "secret";
    cfg.secret_len = 6;
    cfg.tls_buf = tls_buf;
    cfg.tls_buf_len = sizeof tls_buf;
    *timeout_ms = FC_TIMEOUT_MS;
    return fc_client_init(&client, &cfg);
}
