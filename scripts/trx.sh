# shellcheck shell=bash
# trx_sum FILE...: sum the <Counters .../> of VSTest .trx files (no python needed).
# Prints "PASSED FAILED SKIPPED" where FAILED = failed + error + timeout + aborted
# and SKIPPED = notExecuted (xUnit's skipped tests land there).
trx_sum() {
  local f
  for f in "$@"; do
    # The element may be split over lines: join the file, keep only the Counters tag.
    tr '\r\n' '  ' <"$f" | grep -o '<Counters [^>]*>' | head -n 1 || true
  done | awk '
    function attr(tag, name,   m) {
      if (match(tag, " " name "=\"[0-9]+\"")) {
        m = substr(tag, RSTART, RLENGTH)
        gsub(/[^0-9]/, "", m)
        return m + 0
      }
      return 0
    }
    {
      passed  += attr($0, "passed")
      failed  += attr($0, "failed") + attr($0, "error") + attr($0, "timeout") + attr($0, "aborted")
      skipped += attr($0, "notExecuted")
    }
    END { printf "%d %d %d\n", passed, failed, skipped }'
}
