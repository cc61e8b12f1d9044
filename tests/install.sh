#!/bin/bash
# install.sh - `make install` and `make uninstall` into a scratch DESTDIR:
# every file in its place with its mode and nothing else; framec.pc through
# pkg-config; a program built from the installed tree alone (pkg-config's
# flags, no -I of the sources) that signs as `framec sign` and openssl do;
# every installed header compiling on its own, as C and as C++; the man
# page rendering without warnings and naming every command, option, exit
# code, environment variable and file the command line has (checked against
# a damaged copy too, so that the check itself is known to fail); and an
# uninstall that leaves no file behind. Reaches no network.
source "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1
# Called from `make test`: this make is not one of its jobs.
unset MAKEFLAGS MFLAGS MAKELEVEL
PCDIR=/usr/local/lib/pkgconfig
D=$WORK/dest
P=$D/usr/local

# inst NAME TARGET VARS...: runs make, and checks it succeeded.
inst() {
    local name=$1 rc
    shift
    make -s --no-print-directory "$@" >"$WORK/make.log" 2>&1; rc=$?
    ok "$name: $(tail -n 3 "$WORK/make.log")" [ "$rc" -eq 0 ]
}

# ---- install builds nothing when the tree is built -------------------------
if make -q all 2>/dev/null; then
    make -n install DESTDIR="$D" >"$WORK/dry.log" 2>&1
    ok "install after make compiles or archives nothing: $(grep -E '^(cc|gcc|clang|ar) ' "$WORK/dry.log" | head -n 2)" \
        sh -c "! grep -qE '^(cc|gcc|clang|ar) ' '$WORK/dry.log'"
else
    echo "# tree not built: the no-rebuild check is skipped"
fi

# ---- the files and their modes ----------------------------------------------
inst "make install DESTDIR PREFIX=/usr/local" install DESTDIR="$D" PREFIX=/usr/local
headers=$(make -s --no-print-directory --eval 'print-headers: ; @echo $(PUBLIC_HEADERS)' print-headers)
ok "PUBLIC_HEADERS read from the Makefile ($headers)" [ "$(wc -w <<<"$headers")" -ge 13 ]
want="755 usr/local/bin/framec
755 usr/local/bin/framec-anchors
644 usr/local/lib/libframec.a
644 usr/local/lib/libframec_posix.a
644 usr/local/lib/pkgconfig/framec.pc
644 usr/local/share/man/man1/framec.1"
for h in $headers; do want="$want
644 usr/local/include/framec/${h##*/}"; done
got=$(cd "$D" && find . -type f -printf '%m %P\n' | sort -k2)
want=$(sort -k2 <<<"$want")
ok "installed files and modes: $(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | tr '\n' ' ')" \
    [ "$got" = "$want" ]
ok "names.h (internal) is not installed" [ ! -e "$P/include/framec/names.h" ]
ok "the installed framec runs: $("$P/bin/framec" --version 2>&1)" \
    [ "$("$P/bin/framec" --version)" = "$("$TOP/framec" --version)" ]
for a in libframec.a libframec_posix.a; do
    ok "$a installed as built" cmp -s "$a" "$P/lib/$a"
done

# ---- framec.pc ------------------------------------------------------------------
pc() { PKG_CONFIG_PATH=$D$PCDIR PKG_CONFIG_SYSROOT_DIR=$D pkg-config "$@" framec; }
flags=$(pc --cflags --libs 2>&1)
ok "pkg-config --cflags --libs framec: $flags" eval 'pc --cflags --libs >/dev/null'
ok "cflags are -I of the installed include dir ($flags)" \
    [ "$(echo $(pc --cflags))" = "-I$P/include" ]
ok "libs: -L of the installed lib dir, then -lframec -lframec_posix -lbearssl ($flags)" \
    [ "$(echo $(pc --libs))" = "-L$P/lib -lframec -lframec_posix -lbearssl" ]
ok "pkg-config --modversion is framec --version ($(pc --modversion 2>&1))" \
    [ "framec $(pc --modversion)" = "$("$P/bin/framec" --version)" ]
ok "framec.pc validates" pc --validate
ok "framec.pc: libdir and includedir follow \${prefix}" \
    grep -qx 'libdir=${prefix}/lib' "$P/lib/pkgconfig/framec.pc"

# ---- a program built from the installed tree only ---------------------------------
cat >"$WORK/prog.c" <<'EOF'
/* Signs as `framec sign --timestamp T` prints, through the installed
 * headers and archives; C and C++ alike. */
#include <framec/framec.h>
#include <framec/api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char tls_buf[BR_SSL_BUFSIZE_MONO];
static fc_client client;

int main(int argc, char **argv)
{
    fc_config cfg;
    char ts[FC_TS_MAX], sig[FC_SIG_HEX_LEN + 1];
    const char *id = getenv("FRAME_CLIENT_ID"), *secret = getenv("FRAME_CLIENT_SECRET");
    int rc;
    if (argc != 2 || !id || !secret)
        return 2;
    memset(&cfg, 0, sizeof cfg);
    cfg.url = FC_DEFAULT_URL;
    cfg.client_id = id;
    cfg.secret = secret;
    cfg.secret_len = strlen(secret);
    cfg.tls_buf = tls_buf;
    cfg.tls_buf_len = sizeof tls_buf;
    rc = fc_client_init(&client, &cfg);
    if (rc != FC_OK) {
        fprintf(stderr, "fc_client_init: %s\n", fc_strerror(rc));
        return 1;
    }
    if (!fc_api_find("accounts", "list"))
        return 1;
    fc_client_sign(&client, strtoull(argv[1], NULL, 10), ts, sig);
    printf("X-Frame-ClientId: %s\nX-Frame-Timestamp: %s\nX-Frame-Signature: %s\n",
           client.client_id, ts, sig);
    fc_client_close(&client);
    return 0;
}
EOF
T=1700000000
ref=$(printf '%s%s' "$T" "$FRAME_CLIENT_ID" | openssl dgst -sha256 -hmac "$FRAME_CLIENT_SECRET" | sed 's/.*= //')
expect=$(printf 'X-Frame-ClientId: %s\nX-Frame-Timestamp: %s\nX-Frame-Signature: %s' "$FRAME_CLIENT_ID" "$T" "$ref")
ok "framec sign --timestamp agrees with openssl's HMAC" \
    [ "$("$P/bin/framec" sign --timestamp "$T")" = "$expect" ]
for lang in c c++; do
    if [ $lang = c ]; then
        comp=(cc -std=c99 -Wall -Wextra -Wpedantic -Werror -x c)
    else
        comp=(c++ -std=c++11 -Wall -Wextra -Werror -x c++)
    fi
    # Built in the scratch folder: nothing of the source tree is in reach.
    (cd "$WORK" && "${comp[@]}" prog.c -x none -o "prog-$lang" -Wl,--trace $(pc --cflags --libs)) \
        >"$WORK/link-$lang.log" 2>&1
    ok "$lang program with pkg-config's flags only builds: $(grep -v '^/' "$WORK/link-$lang.log" | head -n 3)" \
        [ -x "$WORK/prog-$lang" ]
    ok "$lang program linked the installed libframec.a and libframec_posix.a" \
        sh -c "grep -qF '$P/lib/libframec.a' '$WORK/link-$lang.log' &&
               grep -qF '$P/lib/libframec_posix.a' '$WORK/link-$lang.log'"
    ok "$lang program signs as framec sign --timestamp and openssl do" \
        [ "$("$WORK/prog-$lang" "$T" 2>&1)" = "$expect" ]
done

# ---- every installed header on its own ----------------------------------------------
# A quoted include must name an installed header: a missing error.h would
# otherwise compile, against glibc's <error.h>.
for h in "$P"/include/framec/*.h; do
    n=${h##*/}
    for i in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$h"); do
        ok "$n includes \"$i\", which is installed beside it" [ -f "$P/include/framec/$i" ]
    done
    for lang in c c++; do
        if [ $lang = c ]; then
            comp=(cc -std=c99 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -x c -)
        else
            comp=(c++ -std=c++11 -Wall -Wextra -Werror -fsyntax-only -x c++ -)
        fi
        # (a declaration after it: framec_config.h alone holds only macros)
        err=$(cd "$WORK" && printf '#include <framec/%s>\ntypedef int fc_alone;\n' "$n" |
            "${comp[@]}" $(pc --cflags) 2>&1)
        ok "<framec/$n> compiles alone as $lang: $(head -n 2 <<<"$err")" [ -z "$err" ]
    done
done

# ---- the man page ---------------------------------------------------------------
MAN=$P/share/man/man1/framec.1
err=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1)
ok "groff -man -ww renders framec.1 without warnings: $(head -n 3 <<<"$err")" [ -z "$err" ]
if command -v man >/dev/null; then
    err=$(MANWIDTH=80 man --warnings -l "$MAN" 2>&1 >/dev/null)
    ok "man -l renders framec.1 without warnings: $(head -n 3 <<<"$err")" [ -z "$err" ]
fi
ok "framec.1's .TH names framec --version" \
    grep -qE "^\.TH FRAMEC 1 [^ ]+ \"$("$P/bin/framec" --version)\"" "$MAN"

# What the command line has, from its own help and src/: options, commands,
# exit codes, environment variables, files.
FC=$P/bin/framec
help=$("$FC" --help)
opts=$(grep -oE -- '(^|[^a-zA-Z0-9-])--?[a-zA-Z][a-z-]*' <<<"$help" | grep -oE -- '--?[a-zA-Z][a-z-]*')
cmds=$(sed -n '/^commands:/,/^$/p' <<<"$help" | sed -n 's/^  \([a-z][a-z|-]*\)\( [a-z][a-z-]*\)\{0,1\}.*/\1\2/p')
while read -r e v; do
    case $e in *'|'* | sign | batch) continue ;; esac
    if [ "$e" = accounts ] && [ "$v" = session-wait ]; then continue; fi
    opts="$opts
$("$FC" "$e" "$v" --help | grep -oE -- '--[a-z][a-z-]*')"
done <<<"$cmds"
opts=$(sort -u <<<"$opts")
codes=$(sed -n '/^exit codes:/,$p' <<<"$help" | grep -oE '(^| )[0-9]+ [a-zA-Z]' | grep -oE '[0-9]+')
codes=$(printf '%s\n' $codes $(seq 0 10) | sort -nu)
cli_src=$(ls src/cli/*.c src/cli/*.h)
envs=$(grep -ohE 'getenv\("[A-Za-z_]+"\)' $cli_src | sed 's/getenv("\(.*\)")/\1/' | sort -u)
files=$(grep -ohE '^#define (DEFAULT_CA_FILE|SYSTEM_CREDENTIALS) "[^"]+"' $cli_src | sed 's/.* "\(.*\)"/\1/')
at_least() { [ "$(wc -w <<<"$1")" -ge "$2" ]; }
ok "the lists to check are full: $(wc -w <<<"$opts") options, $(wc -l <<<"$cmds") commands, $(wc -w <<<"$envs") variables, $(wc -w <<<"$files") files" \
    eval 'at_least "$opts" 30 && at_least "$cmds" 20 && at_least "$envs" 10 && at_least "$files" 2'

# missing PAGE: what of the above the page lacks, one item a line.
section() { awk -v s="$1" '/^[A-Z]/ { on = ($0 == s) } on' "$2"; }
missing() {
    local txt=$WORK/page.txt o c e f w
    groff -man -Tascii -P-cbou -rLL=2000n "$1" 2>/dev/null >"$txt"
    for o in $opts; do
        grep -qE -- "(^|[^a-zA-Z-])$o([^a-z-]|\$)" "$txt" || echo "option $o"
    done
    while read -r c; do
        for w in ${c//|/ }; do
            section COMMANDS "$txt" | grep -qE "(^|[^a-z-])$w([^a-z-]|\$)" || echo "command word $w"
        done
        case $c in *' '*) section COMMANDS "$txt" | grep -q -- "$c" || echo "command $c" ;; esac
    done <<<"$cmds"
    for c in $codes; do
        section "EXIT STATUS" "$txt" | grep -qE "^ +$c +[A-Za-z]" || echo "exit code $c"
    done
    for e in $envs; do
        section ENVIRONMENT "$txt" | grep -qE "(^|[^A-Za-z_])$e([^A-Za-z_]|\$)" || echo "environment $e"
    done
    for f in $files; do
        section FILES "$txt" | grep -qF -- "$f" || echo "file $f"
    done
}
gaps=$(missing "$MAN")
ok "framec.1 names every option, command, exit code, variable and file: $(tr '\n' ';' <<<"$gaps")" \
    [ -z "$gaps" ]
# The check fails when the page falls behind: a copy without --all, exit
# code 10, HTTPS_PROXY and the system credentials file.
sed -e 's/\\-\\-all\b/\\-\\-xall/g' -e '/^\.B 10$/d' -e 's/HTTPS_PROXY/HTTPS_XPROXY/g' \
    -e 's|/etc/framec/credentials|/etc/framec/xcredentials|g' "$MAN" >"$WORK/damaged.1"
gaps=$(missing "$WORK/damaged.1" | tr '\n' ';')
ok "the coverage check catches a page that fell behind (found: $gaps)" \
    [ "$gaps" = "option --all;exit code 10;environment HTTPS_PROXY;file /etc/framec/credentials;" ]

# ---- the README's kiosk, built from the installed tree, against the local API --------
# The program is cut from README.md itself (the C block that opens with
# "/* kiosk.c"), so the README cannot show one program and the test run
# another.
awk '/^```c$/ { getline; if ($0 ~ /^\/\* kiosk\.c/) { on = 1 } } on && /^```$/ { exit } on' \
    README.md >"$WORK/kiosk.c"
ok "README holds the kiosk program ($(wc -l <"$WORK/kiosk.c") lines)" [ "$(wc -l <"$WORK/kiosk.c")" -gt 40 ]
ok "the kiosk declares nothing of the library itself" sh -c "! grep -qE '^extern|^(int|long|void) fc_' '$WORK/kiosk.c'"
(cd "$WORK" && cc -std=c99 -Wall -Wextra -Wpedantic -Werror kiosk.c -o kiosk $(pc --cflags --libs)) \
    >"$WORK/kiosk-build.log" 2>&1
ok "the kiosk builds with pkg-config's flags only: $(head -n 3 "$WORK/kiosk-build.log")" [ -x "$WORK/kiosk" ]
make_certs
start_api kiosk ec
KIOSK_ACCOUNT=3584a552-5bf1-4991-a650-437873165175
PROVIDER=secure-anon-7d1015db-6564-4e7f-a3f9-5fb16f6756c2
FRAME_API_URL=https://localhost:$PORT_kiosk/v1 "$WORK/kiosk" "$CERTS/ca.pem" "$KIOSK_ACCOUNT" \
    "$PROVIDER" gateway-prod.Kiosk1 >"$WORK/kiosk.out" 2>"$WORK/kiosk.err"
rc=$?
cp "$WORK/kiosk.log" "$WORK/kiosk-only.log"   # before framec adds its own requests
ok "the kiosk runs to the end: exit $rc $(head -c 300 "$WORK/kiosk.err")" [ "$rc" -eq 0 ]
orgs=$("$P/bin/framec" --url "https://localhost:$PORT_kiosk/v1" --cacert "$CERTS/ca.pem" \
    organizations list --all --field id)
got=$(sed -n 's/^organization //p' "$WORK/kiosk.out" | grep -o '"id": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/')
ok "the kiosk lists every organization, in order, as framec --all does" \
    [ "${orgs:-(framec listed none)}" = "$got" ]
pages=$(grep '"path":"/v1/organizations"' "$WORK/kiosk-only.log" | grep -o '"query":"[^"]*"' | tr '\n' ' ')
ok "the kiosk paged two at a time (the server saw: $pages)" \
    [ "$(grep -c '"path":"/v1/organizations"' "$WORK/kiosk-only.log")" -eq 2 ]
token=$(sed -n 's/^token //p' "$WORK/kiosk.out")
ok "the kiosk printed a bare token (a JWT, three parts): $token" \
    eval '[[ $token =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]]'
ok "the kiosk watched the session through its states to the end" \
    [ "$(sed -n 's/^session //p' "$WORK/kiosk.out" | tr '\n' ,)" = "init,reserved,Open,open,closed: over," ]
ok "the kiosk used one connection for everything" \
    [ "$(grep -o '"conn":[0-9]*' "$WORK/kiosk-only.log" | sort -u | wc -l)" -eq 1 ]

# ---- other directories, and uninstall ------------------------------------------------
inst "make uninstall DESTDIR" uninstall DESTDIR="$D" PREFIX=/usr/local
ok "uninstall leaves no file behind: $(cd "$D" && find . -type f | head -n 3 | tr '\n' ' ')" \
    [ -z "$(find "$D" -type f)" ]
ok "uninstall removes include/framec" [ ! -e "$P/include/framec" ]

# Overridden directories are honoured, and a file that install did not put
# in include/framec stays (and the folder with it).
D2=$WORK/dest2
vars=(DESTDIR="$D2" PREFIX=/opt/fc LIBDIR=/opt/fc/lib64 MANDIR=/opt/fc/man PKGCONFIGDIR=/opt/pc)
inst "install with LIBDIR, MANDIR and PKGCONFIGDIR given" install "${vars[@]}"
for f in opt/fc/bin/framec opt/fc/lib64/libframec.a opt/fc/lib64/libframec_posix.a opt/fc/include/framec/framec.h \
    opt/fc/man/man1/framec.1 opt/pc/framec.pc; do
    ok "installed $f" [ -f "$D2/$f" ]
done
ok "framec.pc: libdir=\${prefix}/lib64" grep -qx 'libdir=${prefix}/lib64' "$D2/opt/pc/framec.pc"
ok "framec.pc: prefix=/opt/fc" grep -qx 'prefix=/opt/fc' "$D2/opt/pc/framec.pc"
touch "$D2/opt/fc/include/framec/mine.h"
inst "uninstall with the same variables" uninstall "${vars[@]}"
ok "uninstall leaves only the file it did not install: $(cd "$D2" && find . -type f | tr '\n' ' ')" \
    [ "$(cd "$D2" && find . -type f)" = "./opt/fc/include/framec/mine.h" ]

finish
