#include "sign.h"

#include "http.h"

/* The decimal writer is http.c's: one copy of it in a microcontroller's
 * flash. */
size_t fc_sign_timestamp(uint64_t ts, char out[FC_TS_MAX])
{
    return fc_http_decimal(ts, out);
}

void fc_sign(const fc_hmac_key *key, uint64_t ts, const char *client_id,
             size_t client_id_len, char sig_hex[FC_SIG_HEX_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    char ts_text[FC_TS_MAX];
    uint8_t mac[FC_SHA256_LEN];
    fc_sha256_ctx ctx;
    size_t ts_len, i;

    /* Streamed in two parts so the message is never assembled in a buffer
     * whose size would cap the client_id length. */
    ts_len = fc_sign_timestamp(ts, ts_text);
    fc_hmac_start(key, &ctx);
    fc_sha256_update(&ctx, ts_text, ts_len);
    fc_sha256_update(&ctx, client_id, client_id_len);
    fc_hmac_finish(key, &ctx, mac);

    for (i = 0; i < FC_SHA256_LEN; i++) {
        sig_hex[2 * i] = hex[mac[i] >> 4];
        sig_hex[2 * i + 1] = hex[mac[i] & 15];
    }
    sig_hex[FC_SIG_HEX_LEN] = '\0';
}
