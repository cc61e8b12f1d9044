#!/bin/bash
# interop_certs.sh OUTDIR - the certificate shapes tests/interop.sh serves
# from OpenSSL, GnuTLS and Go. Each shape is a folder OUTDIR/SHAPE with
#
#   chain.pem  what the server sends, in that order (leaf first)
#   leaf.pem   the first certificate of chain.pem (openssl s_server -cert)
#   rest.pem   the others, possibly empty (s_server -cert_chain)
#   key.pem    the leaf's private key
#   ca.pem     the one trust anchor framec is given (--cacert)
#   host       the host framec is pointed at: localhost, 127.0.0.1, or
#              api.test.example (reached through a CONNECT proxy)
#
# The PKI (all ECDSA P-256 with SHA-256 unless a shape says otherwise):
#   root       the trusted root           other    a root nobody trusts
#   int        root's intermediate        int384   root's P-384 intermediate
#   nc-ok-int  root's intermediate, nameConstraints permitted;DNS:localhost
#   nc-bad-int root's intermediate, nameConstraints permitted;DNS:example.com
#              (both constraints non-critical, so BearSSL 0.6 may parse past
#              them; the check is framec's own)
#   xold       an old root (the anchor of the cross shape), xnew a new root
#              whose key xold cross-signed (xnew-x), xint xnew's intermediate
#   exroot     a root valid 2010-2015, the anchor of expired-root
#
# Every leaf is v3, CA:FALSE, keyUsage digitalSignature (RSA:
# +keyEncipherment), extendedKeyUsage serverAuth, SAN DNS:localhost, unless
# the shape's one defect says otherwise; leaves other than cn-only carry a
# CN that matches no host, so a name can only match through the SAN. Quiet
# on success; on failure prints openssl's output and exits non-zero.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
out=$1
mkdir -p "$out"
work=$out/.pki
rm -rf "$work"
mkdir -p "$work"
log=$work/openssl.log

die() {
    echo "interop_certs.sh: $*" >&2
    [ -s "$log" ] && sed 's/^/interop_certs.sh:   /' "$log" >&2
    exit 1
}
ossl() { openssl "$@" >>"$log" 2>&1 || die "openssl $1 failed"; }

touch "$work/index.txt"
cat >"$work/openssl.cnf" <<EOF
[ ca ]
default_ca = interop_ca

[ interop_ca ]
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

[ ext_root ]
basicConstraints     = critical, CA:TRUE
keyUsage             = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

# A CA below a root: the cross-signed new root, which has its own sub-CA.
[ ext_subroot ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_int ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_nc_ok ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
nameConstraints        = permitted;DNS:localhost
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_nc_bad ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
nameConstraints        = permitted;DNS:example.com
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_leaf ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# RSA servers may be used for RSA key exchange as well as for signing.
[ ext_leaf_rsa ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyEncipherment
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_wildcard ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:*.test.example
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_cn_only ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_ip_san ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = IP:127.0.0.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_ip_as_dns ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:127.0.0.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_wrongname ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:wrong.example
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_clientauth ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = clientAuth
subjectAltName         = DNS:localhost
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_ku_certsign ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, keyCertSign
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

# An RSA leaf may sign (ECDHE_RSA) or decrypt (RSA key exchange): with only
# keyCertSign it may do neither. OpenSSL and GnuTLS servers refuse to use an
# ECDSA leaf without digitalSignature, but serve this one.
[ ext_ku_certsign_rsa ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, keyCertSign
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid

[ ext_critext ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
extendedKeyUsage       = serverAuth
subjectAltName         = DNS:localhost
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid
1.2.3.4                = critical, ASN1:NULL
EOF

# UTCTime as openssl ca wants it. "Valid now" starts a day back.
utc() { date -u -d "$1" +%y%m%d%H%M%SZ; }
now=$(utc '1 day ago')
in_2y=$(utc '+730 days')
in_10y=$(utc '+3650 days')

# cert NAME SUBJECT EXT ISSUER|-selfsign KEY [START END [MD]]
# KEY is p256, p384, p521, secp256k1, rsa1024, rsa2048, rsa4096, or
# =OTHER to reuse OTHER's key (the cross-signed root). Leaves: a subject
# of /CN=interop NAME, except where the shape is about the CN.
cert() {
    local name=$1 subj=$2 ext=$3 issuer=$4 key=$5
    local start=${6:-$now} end=${7:-$in_2y} md=${8:-sha256}
    local by
    case $key in
    =*) cp "$work/${key#=}.key" "$work/$name.key" ;;
    rsa*) ossl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${key#rsa}" -out "$work/$name.key" ;;
    p256) ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$work/$name.key" ;;
    p384) ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$work/$name.key" ;;
    p521) ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$work/$name.key" ;;
    secp256k1) ossl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1 -out "$work/$name.key" ;;
    *) die "unknown key type $key" ;;
    esac
    ossl req -new -config "$work/openssl.cnf" -key "$work/$name.key" -subj "$subj" \
        -out "$work/$name.csr"
    if [ "$issuer" = -selfsign ]; then
        by=(-selfsign -keyfile "$work/$name.key")
    else
        by=(-cert "$work/$issuer.pem" -keyfile "$work/$issuer.key")
    fi
    ossl ca -batch -notext -config "$work/openssl.cnf" "${by[@]}" -md "$md" \
        -extensions "$ext" -startdate "$start" -enddate "$end" \
        -in "$work/$name.csr" -out "$work/$name.pem"
}

# shape NAME KEYOF CA HOST CERT...: the folder the servers read.
shape() {
    local name=$1 keyof=$2 ca=$3 host=$4 c
    shift 4
    mkdir -p "$out/$name"
    cp "$work/$keyof.key" "$out/$name/key.pem"
    cp "$work/$ca.pem" "$out/$name/ca.pem"
    echo "$host" >"$out/$name/host"
    cp "$work/$1.pem" "$out/$name/leaf.pem"
    : >"$out/$name/rest.pem"
    for c in "${@:2}"; do cat "$work/$c.pem" >>"$out/$name/rest.pem"; done
    cat "$out/$name/leaf.pem" "$out/$name/rest.pem" >"$out/$name/chain.pem"
}

O="/O=framec interop"
# ---- The CAs -----------------------------------------------------------
cert root "$O/CN=interop root" ext_root -selfsign p256 "$now" "$in_10y"
cert other "$O/CN=interop other root" ext_root -selfsign p256 "$now" "$in_10y"
cert int "$O/CN=interop intermediate" ext_int root p256 "$now" "$in_10y"
cert int384 "$O/CN=interop P-384 intermediate" ext_int root p384 "$now" "$in_10y"
cert nc-ok-int "$O/CN=interop constrained to localhost" ext_nc_ok root p256 "$now" "$in_10y"
cert nc-bad-int "$O/CN=interop constrained to example.com" ext_nc_bad root p256 "$now" "$in_10y"
cert xold "$O/CN=interop old root" ext_root -selfsign p256 "$now" "$in_10y"
cert xnew "$O/CN=interop new root" ext_root -selfsign p256 "$now" "$in_10y"
cert xnew-x "$O/CN=interop new root" ext_subroot xold =xnew "$now" "$in_10y"
cert xint "$O/CN=interop new root's intermediate" ext_int xnew p256 "$now" "$in_10y"
cert exroot "$O/CN=interop root expired 2015" ext_root -selfsign p256 100101000000Z 150101000000Z

# ---- Leaves ------------------------------------------------------------
L=/CN=interop
cert rsa2048 "$L rsa2048" ext_leaf_rsa root rsa2048
cert rsa4096 "$L rsa4096" ext_leaf_rsa root rsa4096
cert p256 "$L p256" ext_leaf root p256
cert p384 "$L p384" ext_leaf root p384
cert p521 "$L p521" ext_leaf root p521
cert via384 "$L via P-384 intermediate" ext_leaf int384 p256
cert chain3 "$L chain3" ext_leaf int p256
cert cross "$L cross" ext_leaf xint p256
cert wildcard "$L wildcard" ext_wildcard root p256
cert cn-only /CN=localhost ext_cn_only root p256
cert ip-san "$L ip-san" ext_ip_san root p256
cert nc-ok "$L nc-ok" ext_leaf nc-ok-int p256
cert untrusted "$L untrusted" ext_leaf other p256
cert wrongname "$L wrongname" ext_wrongname root p256
cert expired "$L expired" ext_leaf root p256 200101000000Z 200601000000Z
cert notyet "$L notyet" ext_leaf root p256 400101000000Z 410101000000Z
cert clientauth "$L clientauth" ext_clientauth root p256
cert nc-bad "$L nc-bad" ext_leaf nc-bad-int p256
cert rsa1024 "$L rsa1024" ext_leaf_rsa root rsa1024
cert sha1 "$L sha1" ext_leaf root p256 "$now" "$in_2y" sha1
cert ku-certsign "$L ku-certsign" ext_ku_certsign root p256
cert ku-certsign-rsa "$L ku-certsign-rsa" ext_ku_certsign_rsa root rsa2048
cert critext "$L critext" ext_critext root p256
cert ip-as-dns "$L ip-as-dns" ext_ip_as_dns root p256
cert exroot-leaf "$L under an expired root" ext_leaf exroot p256
cert secp256k1 "$L secp256k1" ext_leaf root secp256k1

# ---- Shapes: NAME KEY CA HOST CHAIN... ------------------------------------
shape rsa2048 rsa2048 root localhost rsa2048
shape rsa4096 rsa4096 root localhost rsa4096
shape p256 p256 root localhost p256
shape p384 p384 root localhost p384
shape p521 p521 root localhost p521
shape int384 via384 root localhost via384 int384
shape chain3 chain3 root localhost chain3 int
shape cross cross xold localhost cross xint xnew-x
shape extra chain3 root localhost chain3 int other untrusted
shape wildcard wildcard root api.test.example wildcard
shape cn-only cn-only root localhost cn-only
shape ip-san ip-san root 127.0.0.1 ip-san
shape nc-ok nc-ok root localhost nc-ok nc-ok-int
shape untrusted untrusted root localhost untrusted other
shape wrongname wrongname root localhost wrongname
shape expired expired root localhost expired
shape notyet notyet root localhost notyet
shape clientauth clientauth root localhost clientauth
shape nc-bad nc-bad root localhost nc-bad nc-bad-int
shape rsa1024 rsa1024 root localhost rsa1024
shape sha1 sha1 root localhost sha1
shape ku-certsign ku-certsign root localhost ku-certsign
shape ku-certsign-rsa ku-certsign-rsa root localhost ku-certsign-rsa
shape order chain3 root localhost chain3 root int
shape critext critext root localhost critext
shape ip-as-dns ip-as-dns root 127.0.0.1 ip-as-dns
shape expired-root exroot-leaf exroot localhost exroot-leaf
shape secp256k1 secp256k1 root localhost secp256k1

# Catch a broken PKI here rather than as a puzzling TLS failure later:
# what must chain does, in OpenSSL's own judgement.
v() { # CA UNTRUSTED-CHAIN LEAF
    openssl verify -CAfile "$work/$1.pem" ${2:+-untrusted "$work/$2"} "$work/$3.pem" >>"$log" 2>&1
}
cat "$work/xint.pem" "$work/xnew-x.pem" >"$work/cross-chain.pem"
v root "" p256 || die "p256 does not verify against root"
v root int.pem chain3 || die "chain3 does not verify against root"
v root int384.pem via384 || die "via384 does not verify against root"
v xold cross-chain.pem cross || die "cross does not verify against xold"
v root nc-ok-int.pem nc-ok || die "nc-ok does not verify against root"
! v root nc-bad-int.pem nc-bad || die "nc-bad verifies against root but must not"
! v root other.pem untrusted || die "untrusted verifies against root but must not"
! v root "" expired || die "expired verifies against root but must not"
! v exroot "" exroot-leaf || die "exroot-leaf verifies against exroot but must not"
rm -rf "$work"
