#!/usr/bin/env bash
# Runs the jest suite (or the files/args given) under fake system clocks and time zones, to prove no
# test depends on the wall clock, hour, date or time zone it runs at (GUIDE.md hard rule).
#
#   npm run test:clock                       # every scenario, whole suite (~7 min each on 2 cores)
#   npm run test:clock -- test/unit          # every scenario, jest args passed through
#   CLOCK_SCENARIOS=utc-midnight npm run test:clock -- test/unit/tracking
#
# Needs libfaketime (`apt-get install faketime`). Each scenario starts the clock a little before a
# day/year/DST boundary (UTC or local), so a test that seeds data at one instant and checks it after
# the boundary fails here. The clock then runs at normal speed (libfaketime's "@" start time), so
# timers, timeouts and mock servers behave as usual. Node's Date reads TZ, and so does faketime
# when it parses the start time: the UTC instant is converted to the zone's local time first.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v faketime >/dev/null || {
	echo "test:clock needs libfaketime: apt-get install -y faketime" >&2
	exit 2
}

# name | UTC instant the clock starts at | TZ of the test process
ALL_SCENARIOS=(
	"utc-midnight|2026-12-07 23:58:40|Pacific/Kiritimati"       # UTC day ends mid-run; local is UTC+14 (already tomorrow)
	"utc-new-year|2026-12-31 23:58:40|America/Los_Angeles"      # UTC year ends mid-run; local is the afternoon before
	"local-midnight|2026-12-08 07:58:40|America/Los_Angeles"    # local (PST) day ends mid-run, UTC is 08:00
	"dst-spring|2027-03-14 09:58:40|America/Los_Angeles"        # 02:00 PST → 03:00 PDT mid-run
	"afternoon-utc|2026-12-07 13:35:00|UTC"                     # the hour examples.test.ts used to fail at
)

wanted="${CLOCK_SCENARIOS:-}"
failed=()
for row in "${ALL_SCENARIOS[@]}"; do
	IFS='|' read -r name utc tz <<<"$row"
	if [[ -n "$wanted" && ",$wanted," != *",$name,"* ]]; then continue; fi
	epoch=$(date -u -d "$utc" +%s)
	local_start=$(TZ="$tz" date -d "@$epoch" '+%Y-%m-%d %H:%M:%S')
	echo "== test:clock $name: ${utc}Z, TZ=$tz (local $local_start)"
	if TZ="$tz" faketime -f "@$local_start" npx jest "$@"; then
		echo "== test:clock $name: pass"
	else
		echo "== test:clock $name: FAIL"
		failed+=("$name")
	fi
done

if ((${#failed[@]})); then
	echo "test:clock: failed under ${failed[*]}" >&2
	exit 1
fi
echo "test:clock: every scenario passed"
