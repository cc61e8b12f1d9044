/* sessions.c - --tls-sessions FILE: the TLS session kept between runs.
 *
 * A kiosk that runs framec every few seconds pays a full TLS handshake
 * (certificate chain, ECDHE, two ECDSA verifications) on every call; the
 * file lets the next process resume the last one's session instead
 * (session.h says what binds it and how long it lives). The file holds the
 * session's master secret, so it is treated as a key:
 *   - read only when it is a regular file (no symbolic link: O_NOFOLLOW),
 *     owned by this user, with no access for group or others, and of the
 *     exact size; otherwise a one-line warning, and the file is neither
 *     read nor written (someone else put it there, or widened it);
 *   - a damaged file, or one for another host, CA, pins or profile, an
 *     expired one, or one newer than the clock, is not offered and is
 *     replaced after the full handshake (-v says why);
 *   - written as a new 0600 file renamed into place (never half a file,
 *     whatever the umask), only after a full handshake made a new session;
 *   - wiped from memory when the command ends.
 * One session per file: the command talks to one API at a time. No
 * default location: a file with a key in it exists only when asked for. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "port_cli.h"

static fc_session session;
static uint8_t loaded[FC_SESSION_BYTES]; /* as read, to see a change */
static const char *path;
static int writable;

static const char *unsafe_why(int rc)
{
    switch (rc) {
    case FC_PRIV_SYMLINK: return "it is a symbolic link";
    case FC_PRIV_NOT_FILE: return "it is not a regular file";
    case FC_PRIV_OWNER: return "it belongs to another user";
    case FC_PRIV_MODE: return "group or others can access it (chmod 600)";
    default: return NULL;
    }
}

/* At exit: save a new session, wipe every copy. */
static void sessions_end(void)
{
    uint8_t now[FC_SESSION_BYTES];
    if (writable) {
        if (session.p.session_id_len == 0) {
            if (loaded[0]) /* forgotten: a failed resumption */
                fc_port_remove_private(path);
        } else {
            fc_session_save(&session, now);
            if (memcmp(now, loaded, sizeof now) != 0 &&
                fc_port_write_private(path, now, sizeof now) != FC_PRIV_OK)
                fmt_fd(2, "framec: warning: cannot save the TLS session to '%s'\n", path);
        }
    }
    fc_wipe(now, sizeof now);
    fc_wipe(loaded, sizeof loaded);
    fc_session_clear(&session);
}

fc_session *sessions_open(const char *file)
{
    int rc;
    const char *why;

    if (!file || !*file)
        return NULL;
    path = file;
    rc = fc_port_read_private(path, loaded, sizeof loaded);
    why = unsafe_why(rc);
    if (why) {
        fmt_fd(2, "framec: warning: TLS session file '%s' not used: %s\n", path, why);
        return NULL;
    }
    writable = 1;
    atexit(sessions_end);
    if (rc == FC_PRIV_OK && fc_session_load(&session, loaded, sizeof loaded) == FC_OK)
        return &session;
    if (opt.verbose && rc != FC_PRIV_MISSING)
        fmt_fd(2, "* TLS session file '%s' is %s: replaced after the handshake\n", path,
                rc == FC_PRIV_OK ? "damaged" : rc == FC_PRIV_SIZE ? "of the wrong size" : "unreadable");
    fc_wipe(loaded, sizeof loaded);
    return &session;
}
