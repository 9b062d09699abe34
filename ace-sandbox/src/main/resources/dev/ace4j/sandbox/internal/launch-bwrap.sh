# ace4j's host-side bubblewrap launcher, started ahead of its run by the JVM as
# `bash -c <this> ace4j-launch CGROUPS SECCOMP` with an empty environment. No request data is ever parsed as shell code:
# it arrives as NUL-separated words in a file.
#
# CGROUPS  space-separated cgroup.procs files to join at once ("-" for none); joining is the slow part of a start
#          (a kernel-wide synchronisation), so it happens before the request arrives.
# SECCOMP  the seccomp filter file, named by its content in the state folder
# Then it waits for one line on stdin: the run's private host folder STAGE. The rest of stdin is the program's.
# STAGE/in/0..N-1 hold the input files, STAGE/request the words:
#   OUTPUTS ULIMITS END END N_FILES DEST... N_PREFIX PREFIX... -- COMMAND...
#   OUTPUTS  archive name in STAGE opened as descriptor 9 for the in-sandbox wrapper ("-" for none)
#   ULIMITS  `ulimit` calls separated by ";", e.g. "-c 0 -n 1024 -f 16384;-S -t 10;-H -t 11" ("-" for none)
#   END      one end of a sealed run's channel, opened in the order given: "<FIFO" as descriptor 3 (read),
#            ">FIFO" as descriptor 4 (write); "-" for none. Each open waits for the other side's launcher.
#   DEST     where each input file appears inside the sandbox
#   PREFIX   the privilege-dropping wrapper (if any), bwrap and its options, up to (not including) the file options
# Exit 125 means the launcher itself failed; bwrap's own failures exit 1 with "bwrap: ..." on stderr.
cgroups=$1 filter=$2
if [ "$cgroups" != - ]; then
  for procs in $cgroups; do
    [[ $procs == /*/cgroup.procs ]] || { echo "ace4j-launch: malformed arguments" >&2; exit 125; }
    echo $$ > "$procs" || { echo "ace4j-launch: cannot join control group $procs" >&2; exit 125; }
  done
fi
IFS= read -r stage || exit 0 # no request: the sandbox was closed
[[ $stage == /* && -f $stage/request ]] || { echo "ace4j-launch: no request in '$stage'" >&2; exit 125; }
mapfile -d '' -t words < "$stage/request"
set -- "${words[@]}"
outputs=$1 limits=$2 ends=("$3" "$4")
shift 4
if [ "$limits" != - ]; then
  IFS=';' read -ra calls <<< "$limits"
  for call in "${calls[@]}"; do
    # shellcheck disable=SC2086 # word splitting of our own option list is intended
    ulimit $call || { echo "ace4j-launch: cannot set resource limits ($call)" >&2; exit 125; }
  done
fi
exec {seccomp}<"$filter" || exit 125
exec {status}>"$stage/status.json" || exit 125
if [ "$outputs" != - ]; then
  # Fixed descriptor 9: the in-sandbox wrapper closes it for the program, then writes the archive to it.
  exec 9>"$stage/$outputs" || exit 125
fi
for end in "${ends[@]}"; do
  case $end in
    -) ;;
    "<"/*) [ -p "${end:1}" ] && exec 3<"${end:1}" || exit 125 ;;
    ">"/*) [ -p "${end:1}" ] && exec 4>"${end:1}" || exit 125 ;;
    *) echo "ace4j-launch: malformed arguments" >&2; exit 125 ;;
  esac
done
n=$1
shift
files=()
for ((i = 0; i < n; i++)); do
  exec {fd}<"$stage/in/$i" || exit 125
  files+=(--file "$fd" "$1")
  shift
done
n=$1
shift
prefix=("${@:1:n}")
shift "$n"
[ "$1" = -- ] || { echo "ace4j-launch: malformed arguments" >&2; exit 125; }
shift
exec -c "${prefix[@]}" --seccomp "$seccomp" --json-status-fd "$status" "${files[@]}" --remount-ro / -- "$@"
