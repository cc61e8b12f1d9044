# resume.sh - the TLS session rows of `make bench`, sourced by bench.sh
# (its helpers, peers and nginx): the cold call that resumes the last
# call's session (--tls-sessions FILE) against curl's cold call, which
# cannot (Debian's curl has no --ssl-sessions; each process runs a full
# handshake). The server is nginx's third listener, the one that keeps
# sessions (ssl_session_cache shared, tickets off: BearSSL resumes by
# session ID); its log records $ssl_session_reused for every request, so
# resumption is proven on the server's side, not taken from framec.
#
# Rows: resumed cold call (wall) and its instructions (callgrind), both
# with the test CA; resumed cold call with the Debian CA bundle as
# --cacert (read only if a full handshake needs it); the share of calls
# that resume over BENCH_SHARE_S (60) seconds of calls every 5 s.
SHARE_S=${BENCH_SHARE_S:-60}
RSESS=$WORK/resume.session
RSMALL=https://localhost:$RPORT/small/v1
RLOG=$WORK/nginx/resume.log
FRAMEC_RESUMED=("$STATIC" --url "$RSMALL" --cacert "$CA" --tls-sessions "$RSESS" accounts list)
# reused_share UA: "resumed of total" requests of that user agent in the log.
reused_share() { awk -v ua="$1" 'index($3, ua) == 1 { n++; if ($1 == "r") r++ } END { printf "%d %d", r, n }' "$RLOG"; }

if [ "$HAVE_NGINX" = 1 ] && [ "$HAVE_CURL" = 1 ]; then
    rm -f "$RSESS"
    "${FRAMEC_RESUMED[@]}" >/dev/null 2>&1 # the full handshake that makes the session
    : >"$RLOG"
    echo "bench: resumed cold calls, $RUNS runs per peer, interleaved"
    RES_OUT=$("$RUN" -r "$RUNS" -w 2 -e "$ERRDIR" -- framec-resumed "${FRAMEC_RESUMED[@]}" \
        ::: curl curl -s --cacert "$CA" "${HDRS[@]}" "$RSMALL/accounts")
    read -r fr ft <<<"$(reused_share framec)"
    read -r cr ct <<<"$(reused_share curl)"
    all_resumed() { [ "$fr" -eq "$ft" ] && [ "$ft" -ge "$RUNS" ] && [ "$cr" -eq 0 ]; }
    check "resumed cold calls: nginx resumed every framec run ($fr of $ft) and no curl run ($cr of $ct)" \
        all_resumed
    f_us=$(field framec-resumed 4 <<<"$RES_OUT") c_us=$(field curl 4 <<<"$RES_OUT")
    rc=$(ratio "$c_us" "$f_us")
    res=$(verdict ge "$rc" 10)
    [ "$fr" -eq "$ft" ] || res="NOT MET (the server resumed $fr of $ft)"
    fails=$(runner_failures <<<"$RES_OUT")
    [ -n "$fails" ] && res="$res; FAILED RUNS: $fails"
    row "resumed cold call (--tls-sessions; nginx with a shared session cache)" "$(ms "$f_us")" \
        "curl $(ms "$c_us") (full handshake)" "${rc}x faster than curl" ">=10x faster than curl" "$res"
    detail "resumed cold call: nginx logged \$ssl_session_reused 'r' for $fr of $ft framec requests and $cr of $ct curl requests"

    if has_pkg valgrind; then
        echo "bench: callgrind, resumed, $CG_RUNS runs per peer"
        cg_vs_curl "$RSMALL" "${FRAMEC_RESUMED[@]}"
        if [ -n "$f_ins" ] && [ -n "$c_ins" ]; then
            r=$(calc "sprintf(\"%.3f\", $f_ins / $c_ins)")
            row "instructions per resumed cold call (callgrind)" "$(calc "sprintf(\"%.2f M\", $f_ins / 1e6)")" \
                "curl $(calc "sprintf(\"%.2f M\", $c_ins / 1e6)") (full)" "$r of curl (1/$(ratio "$c_ins" "$f_ins"))" \
                "<1/10 of curl" "$(verdict awk -v r="$r" 'BEGIN { exit !(r < 0.1) }')"
            detail "resumed instructions: framec runs:$fi_all; curl runs:$ci_all"
        else
            row "instructions per resumed cold call (callgrind)" "?" "?" "-" "<1/10 of curl" "FAILED: no count"
        fi
    fi

    if [ -n "${BUNDLE:-}" ] && [ -s "$BUNDLE" ]; then
        rm -f "$RSESS"
        FRAMEC_RB=("$STATIC" --url "$RSMALL" --cacert "$BUNDLE" --tls-sessions "$RSESS" accounts list)
        "${FRAMEC_RB[@]}" >/dev/null 2>&1
        : >"$RLOG"
        echo "bench: resumed cold calls with the Debian CA bundle, $RUNS runs per peer"
        RB_OUT=$("$RUN" -r "$RUNS" -w 2 -e "$ERRDIR" -- framec-resumed-bundle "${FRAMEC_RB[@]}" \
            ::: curl-bundle curl -s --cacert "$BUNDLE" "${HDRS[@]}" "$RSMALL/accounts")
        read -r fr ft <<<"$(reused_share framec)"
        f_us=$(field framec-resumed-bundle 4 <<<"$RB_OUT") c_us=$(field curl-bundle 4 <<<"$RB_OUT")
        rc=$(ratio "$c_us" "$f_us")
        res=$(verdict ge "$rc" 10)
        [ "$fr" -eq "$ft" ] || res="NOT MET (the server resumed $fr of $ft)"
        row "resumed cold call with the Debian CA bundle (read only for a full handshake)" "$(ms "$f_us")" \
            "curl $(ms "$c_us")" "${rc}x faster than curl" ">=10x faster than curl" "$res"
    fi

    # A kiosk's minute: one call every 5 s, each a new process.
    rm -f "$RSESS"
    : >"$RLOG"
    n=$((SHARE_S / 5 + 1))
    echo "bench: $n calls, one every 5 s"
    ok=0
    for i in $(seq "$n"); do
        "${FRAMEC_RESUMED[@]}" >/dev/null 2>&1 && ok=$((ok + 1))
        [ "$i" -lt "$n" ] && sleep 5
    done
    read -r fr ft <<<"$(reused_share framec)"
    all_but_first() { [ "$fr" -eq $((n - 1)) ] && [ "$ft" -eq "$n" ] && [ "$ok" -eq "$n" ]; }
    row "calls that resume, one call every 5 s for $SHARE_S s" "$fr of $ft (server log)" "-" \
        "$(calc "sprintf(\"%.0f%%\", 100 * $fr / ($ft ? $ft : 1))")" "all but the first" \
        "$(verdict all_but_first)"
    rm -f "$RSESS"
else
    why=$(skip_msg nginx)
    [ "$HAVE_CURL" = 1 ] || why=$(skip_msg curl)
    row "resumed cold call (--tls-sessions; nginx with a shared session cache)" "-" "-" "-" \
        ">=10x faster than curl" "$why"
fi
