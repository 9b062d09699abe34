# ace4j's Bash test runner: loads solution.sh and tests.sh, runs every test_* function in its own subshell
# (with errexit), prints one line per test and writes a JUnit XML report to .ace-report.xml.
source ./solution.sh || exit 2
source ./tests.sh || exit 2
failed=0
cases=""
count=0
for t in $(compgen -A function test_); do
  start=$(date +%s%N)
  ( set -e; "$t" )
  status=$?
  seconds=$(( ($(date +%s%N) - start) / 1000000 ))
  time=$(printf '%d.%03d' $((seconds / 1000)) $((seconds % 1000)))
  count=$((count + 1))
  if [ "$status" -eq 0 ]; then
    echo "PASS $t"
    cases+="<testcase classname=\"tests.sh\" name=\"$t\" time=\"$time\"/>"
  else
    echo "FAIL $t (exit status $status)"
    failed=$((failed + 1))
    cases+="<testcase classname=\"tests.sh\" name=\"$t\" time=\"$time\"><failure message=\"exit status $status\"/></testcase>"
  fi
done
printf '<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="tests.sh" tests="%d" failures="%d">%s</testsuite>\n' \
  "$count" "$failed" "$cases" > .ace-report.xml
echo "$((count - failed)) passed, $failed failed"
[ "$count" -gt 0 ] || { echo "no test_* functions in tests.sh" >&2; exit 5; }
[ "$failed" -eq 0 ]
