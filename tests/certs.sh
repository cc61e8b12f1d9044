#!/bin/bash
# certs.sh OUTDIR - make the test PKI that tests/frame_api.py serves and the
# client is asked to trust (ca.pem) or to reject (everything else that fails).
#
#   ca.pem/.key          test root CA (ECDSA P-256), the only trust anchor
#   ec.pem/.key          localhost, ECDSA P-256, signed by ca
#   rsa.pem/.key         localhost, RSA-2048, signed by ca (the CA stays EC)
#   wrongname.pem/.key   signed by ca, but only for wrong.example
#   expired.pem/.key     localhost, signed by ca, valid 2020-01-01..2020-06-01
#   notyet.pem/.key      localhost, signed by ca, valid 2040-01-01..2041-01-01
#   other-ca.pem/.key    a second CA the client never trusts
#   untrusted.pem/.key   localhost, signed by other-ca
#   selfsigned.pem/.key  localhost, signed by its own key
#
# Leaf files hold only the leaf: BearSSL's minimal validator chains the leaf
# straight to the trust anchor by issuer DN.  Every leaf is v3 with SAN,
# keyUsage and extendedKeyUsage serverAuth, signed with SHA-256, and carries
# no critical extension BearSSL 0.6 does not know, so the only reason a leaf
# fails is the one its name says.
#
# Idempotent and cheap to call from every test: when OUTDIR already holds a
# complete set that stays valid for another day, nothing is rewritten (so a
# server already running from these files keeps matching ca.pem).  Quiet on
# success; on failure prints openssl's output and exits non-zero.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
outdir=$1
mkdir -p "$outdir"

all="ca other-ca ec rsa wrongname expired notyet untrusted selfsigned"

complete() {
    local n
    [ -e "$outdir/.complete" ] || return 1
    for n in $all; do
        [ -s "$outdir/$n.pem" ] && [ -s "$outdir/$n.key" ] || return 1
    done
    # All were issued together and the leaves expire first: one is enough.
    openssl x509 -noout -checkend 86400 -in "$outdir/ec.pem" >/dev/null 2>&1
}

# Serialise concurrent test runs sharing one OUTDIR: the second one waits and
# then finds the set complete.
if command -v flock >/dev/null 2>&1; then
    exec 9>"$outdir/.certs.lock"
    flock 9
fi

complete && exit 0

work=$(mktemp -d "$outdir/.certs.XXXXXX")
log=$work/openssl.log
trap 'rm -rf "$work"' EXIT

die() {
    echo "certs.sh: $*" >&2
    [ -s "$log" ] && sed 's/^/certs.sh:   /' "$log" >&2
    exit 1
}

# Run openssl with its chatter captured; show it only if the step fails.
ossl() {
    openssl "$@" >>"$log" 2>&1 || die "openssl $1 failed"
}

# `openssl ca` is used for every certificate, the CAs included, because in
# OpenSSL 3.0 it is the only signing command that takes explicit
# -startdate/-enddate (x509 -req and req -x509 only know -days).
touch "$work/index.txt"
cat >"$work/openssl.cnf" <<EOF
[ ca ]
default_ca = test_ca

[ test_ca ]
database        = $work/index.txt
new_certs_dir   = $work
rand_serial     = yes
default_md      = sha256
policy          = policy_any
unique_subject  = no
email_in_dn     = no
copy_extensions = none

[ policy_any ]
organizationName = optional
commonName       = supplied

[ req ]
distinguished_name = req_dn
prompt             = no

[ req_dn ]
CN = unused

[ ext_ca ]
basicConstraints     = critical, CA:TRUE
keyUsage             = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ ext_ec ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# RSA servers may be used for RSA key exchange as well as for signing.
[ ext_rsa ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_wrongname ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:wrong.example
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# A self-signed leaf: no AKI, so nothing hints at an issuer to look for.
[ ext_selfsigned ]
basicConstraints     = critical, CA:FALSE
keyUsage             = critical, digitalSignature
extendedKeyUsage     = serverAuth
subjectAltName       = DNS:localhost
subjectKeyIdentifier = hash
EOF

# UTCTime as openssl ca wants it.  "Valid now" starts a day back so a client
# whose clock lags a little (or a test under faketime) still accepts it.
utc() { date -u -d "$1" +%y%m%d%H%M%SZ; }
yesterday=$(utc '1 day ago')
in_2y=$(utc '+730 days')
in_10y=$(utc '+3650 days')

# sign NAME SUBJECT EXT START END ISSUER|-selfsign [ec|rsa]
# The key and its CSR come from one openssl run: each run costs tens of
# milliseconds, and tests may call this script often.
sign() {
    local name=$1 subj=$2 ext=$3 start=$4 end=$5 issuer=$6 alg=${7:-ec}
    local newkey by
    if [ "$alg" = rsa ]; then
        newkey=(-newkey rsa:2048)
    else
        newkey=(-newkey ec -pkeyopt ec_paramgen_curve:P-256)
    fi
    ossl req -new -config "$work/openssl.cnf" "${newkey[@]}" -noenc \
        -keyout "$work/$name.key" -subj "$subj" -out "$work/$name.csr"
    if [ "$issuer" = -selfsign ]; then
        by=(-selfsign -keyfile "$work/$name.key")
    else
        by=(-cert "$work/$issuer.pem" -keyfile "$work/$issuer.key")
    fi
    ossl ca -batch -notext -config "$work/openssl.cnf" "${by[@]}" \
        -extensions "$ext" -startdate "$start" -enddate "$end" \
        -in "$work/$name.csr" -out "$work/$name.pem"
}

sign ca "/O=framec tests/CN=framec test CA" ext_ca "$yesterday" "$in_10y" -selfsign
sign other-ca "/O=framec tests/CN=framec other CA" ext_ca "$yesterday" "$in_10y" -selfsign
sign ec /CN=localhost ext_ec "$yesterday" "$in_2y" ca
sign rsa /CN=localhost ext_rsa "$yesterday" "$in_2y" ca rsa
sign wrongname /CN=wrong.example ext_wrongname "$yesterday" "$in_2y" ca
sign expired /CN=localhost ext_ec 200101000000Z 200601000000Z ca
sign notyet /CN=localhost ext_ec 400101000000Z 410101000000Z ca
sign untrusted /CN=localhost ext_ec "$yesterday" "$in_2y" other-ca
sign selfsigned /CN=localhost ext_selfsigned "$yesterday" "$in_2y" -selfsign

# Catch a broken set here rather than as a puzzling TLS failure later.  One
# verify run checks all seven leaves; it prints "FILE: OK" per good one.
verdicts=$(cd "$work" && openssl verify -CAfile ca.pem ec.pem rsa.pem \
    wrongname.pem expired.pem notyet.pem untrusted.pem selfsigned.pem 2>&1 || true)
for n in ec rsa wrongname; do
    if ! grep -qx "$n.pem: OK" <<<"$verdicts"; then
        die "$n.pem does not verify against ca.pem"
    fi
done
for n in expired notyet untrusted selfsigned; do
    if grep -qx "$n.pem: OK" <<<"$verdicts"; then
        die "$n.pem verifies against ca.pem but must not"
    fi
done

# The stamp is dropped before and written after the renames, so a run cut off
# halfway (new ca.pem, old leaves) is never taken for a complete set.
rm -f "$outdir/.complete"
for n in $all; do
    mv -f "$work/$n.key" "$outdir/$n.key"
    mv -f "$work/$n.pem" "$outdir/$n.pem"
done
touch "$outdir/.complete"
