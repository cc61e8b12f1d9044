/* user_config.h - an application's own knobs, read by framec_config.h when
 * the build says -DFC_CONFIG_FILE='"user_config.h"' (tests/test_config.c). */
#define FC_TIMEOUT_MS 5000     /* a default of fc_config: no size changes */
#define FC_X509_NAMES_MAX 1024 /* a size of fc_client: must be refused */
