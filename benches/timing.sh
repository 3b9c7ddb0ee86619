# Timing helpers the benches source (not run on its own). The sourcing script sets `work` (a
# scratch folder), `runs` and `bytes` (the input size, for MB/s), and may set `ok_codes`, the
# exit codes besides 0 a timed command may end with (`4` when a flagged bill difference is the
# expected outcome).

# One run: wall seconds and peak RSS (KB) from /usr/bin/time; the command's output is kept in
# "$work/out-$$".
measure() {
  local code=0
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out-$$" || code=$?
  if [ "$code" != 0 ] && [[ " ${ok_codes:-} " != *" $code "* ]]; then
    echo "$* exited with $code" >&2
    return "$code"
  fi
  tail -1 "$work/time"  # after "Command exited with non-zero status N"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# `report NAME COMMAND...`: the median time, throughput and largest peak RSS of $runs runs.
report() {
  local name=$1; shift
  local times=() rss=() t m
  for _ in $(seq "$runs"); do
    read -r t m < <(measure "$@")
    times+=("$t"); rss+=("$m")
  done
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  awk -v n="$name" -v t="$t" -v b="$bytes" -v m="$m" -v all="${times[*]}" 'BEGIN {
    printf "%-30s median %7.2f s  %7.1f MB/s  peak RSS %7.1f MiB  (runs: %s s)\n",
      n, t, b / t / 1e6, m / 1024, all }'
}
