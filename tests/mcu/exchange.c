/* exchange.c - one whole signed HTTPS exchange through the library, on a
 * Cortex-M4 with no operating system: fc_client over the in-memory port
 * (port_mem.c) to the BearSSL server in the image (server.c), with the
 * test CA compiled in as trust anchors (framec-anchors wrote them).
 *
 * Checks that the call succeeds and is signed right (the server checks
 * with BearSSL's HMAC), that the answer parses, that the connection is
 * kept for a second call, that a wrong secret gets the server's 401 and a
 * wrong pin is refused before anything is sent. Reports the peak stack of
 * the first call (handshake included: painted stack, the server runs on
 * its own) and the RAM the caller gives the library. */
#include <bearssl.h>
#include <string.h>

#include "api.h"
#include "check.h"
#include "framec.h"
#include "json.h"
#include "mcu.h"

extern const br_x509_trust_anchor mcu_anchors[];
extern const size_t mcu_anchors_count;

static fc_client client;
static unsigned char tls_buf[BR_SSL_BUFSIZE_MONO];
static unsigned char body[2048];
static jsmntok_t pool[32];
static fc_anchors anchors;

static void setup(fc_config *cfg, const char *secret)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->url = "https://localhost/v1";
    cfg->client_id = mcu_client_id;
    cfg->secret = secret;
    cfg->secret_len = strlen(secret);
    cfg->anchors = &anchors;
    cfg->tls_buf = tls_buf;
    cfg->tls_buf_len = sizeof tls_buf;
}

static int list_accounts(fc_response *r)
{
    const fc_endpoint *e = fc_api_find("accounts", "list");
    memset(r, 0, sizeof *r);
    r->body = body;
    r->body_cap = sizeof body;
    return e ? fc_api_call(&client, e, NULL, 0, NULL, 0, NULL, 0, r) : FC_ERR_ARG;
}

static void test_signed_call(void)
{
    fc_config cfg;
    fc_response r;
    fc_json j;
    char name[32];
    uintptr_t sp0;
    size_t stack;
    int rc, t;

    setup(&cfg, mcu_secret);
    CHECK_EQ_INT(fc_client_init(&client, &cfg), FC_OK);
    mcu_paint();
    sp0 = mcu_sp();
    rc = list_accounts(&r);
    stack = mcu_stack_used(sp0);
    CHECK(rc == FC_OK, "call: %s (TLS error %d)", fc_strerror(rc), fc_client_tls_error(&client));
    CHECK_EQ_INT(r.status, 200);
    CHECK(server_signature_ok(), "the server found the signature wrong");
    CHECK_EQ_STR(r.content_type, "application/json");
    CHECK_EQ_INT(fc_json_parse(&j, pool, 32, (const char *)body, r.body_len), FC_OK);
    CHECK_EQ_INT(fc_json_size(&j, 0), 2);
    t = fc_json_path(&j, 0, "0.name");
    CHECK(t > 0 && fc_json_string(&j, t, name, sizeof name) == 8 &&
              !memcmp(name, "kiosk \xc3\xa9", 8),
          "0.name is \"kiosk \\u00e9\" unescaped");
    CHECK(fc_json_streq(&j, fc_json_path(&j, 0, "1.id"), "acc-2"), "1.id is acc-2");

    /* The second call reuses the connection: no second handshake. */
    CHECK_EQ_INT(list_accounts(&r), FC_OK);
    CHECK_EQ_INT(r.status, 200);
    CHECK_EQ_INT(client.connects, 1);
    CHECK_EQ_INT(server_requests(), 2);
    fc_client_close(&client);

    printf("mcu: peak stack of the first call (TLS handshake, signed request, response): %u B\n",
           (unsigned)stack);
    printf("mcu: caller-owned RAM: fc_client %u B + TLS buffer %u B + fc_anchors %u B + JSON pool %u B\n",
           (unsigned)sizeof client, (unsigned)sizeof tls_buf, (unsigned)sizeof anchors,
           (unsigned)sizeof pool);
    CHECK(stack > 1000 && stack < 32768, "a plausible stack figure (%u B)", (unsigned)stack);
}

static void test_wrong_secret(void)
{
    fc_config cfg;
    fc_response r;

    setup(&cfg, "not-the-secret");
    CHECK_EQ_INT(fc_client_init(&client, &cfg), FC_OK);
    CHECK_EQ_INT(list_accounts(&r), FC_OK);
    CHECK_EQ_INT(r.status, 401);
    CHECK(!server_signature_ok(), "the server saw the wrong signature");
    fc_client_close(&client);
}

static void test_wrong_pin(void)
{
    fc_config cfg;
    fc_response r;
    fc_pin pin[1];
    size_t n = 0;
    int before = server_requests(), rc;

    CHECK_EQ_INT(fc_pins_parse("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", pin, 1, &n),
                 FC_OK);
    setup(&cfg, mcu_secret);
    cfg.pins = pin;
    cfg.npins = n;
    CHECK_EQ_INT(fc_client_init(&client, &cfg), FC_OK);
    rc = list_accounts(&r);
    CHECK(rc == FC_ERR_TLS_PINNED, "wrong pin: %s", fc_strerror(rc));
    CHECK_EQ_INT(server_requests(), before);
    fc_client_close(&client);
}

int main(void)
{
    fc_anchors_use(&anchors, mcu_anchors, mcu_anchors_count);
    printf("# exchange on %s, TLS profile %s\n", "Cortex-M4 (mps2-an386)", fc_client_tls_profile());
    test_signed_call();
    test_wrong_secret();
    test_wrong_pin();
    return check_done();
}
