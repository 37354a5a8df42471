package pgtest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// CPU is the CPU time (user and system) the private server has used so
// far: its postmaster's, its live processes' (backends, WAL writer,
// checkpointer...) and that of the processes it has reaped (a backend
// whose client disconnected). The difference of two readings is the
// server's share of the work between them, which a benchmark divides by
// its operations (Linux only: /proc).
func (p *Private) CPU() (time.Duration, error) {
	raw, err := os.ReadFile(filepath.Join(p.Dir, "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	pm, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(raw), "\n", 2)[0]))
	if err != nil {
		return 0, fmt.Errorf("postmaster.pid: %w", err)
	}
	own, err := procTicks(pm, true)
	if err != nil {
		return 0, err
	}
	total := own
	procs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range procs {
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(f)))
		if pid == pm {
			continue
		}
		if ppid, ticks, err := procStat(pid, false); err == nil && ppid == pm {
			total += ticks
		}
	}
	// USER_HZ is 100 on every Linux this runs on.
	return time.Duration(total) * 10 * time.Millisecond, nil
}

func procTicks(pid int, reaped bool) (int64, error) {
	_, t, err := procStat(pid, reaped)
	return t, err
}

// procStat reads a process's parent and its CPU ticks (utime + stime,
// and with reaped its waited-for children's cutime + cstime) from
// /proc/PID/stat.
func procStat(pid int, reaped bool) (ppid int, ticks int64, err error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	s := string(raw)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: no command", pid)
	}
	f := strings.Fields(s[i+1:]) // f[0] is field 3 (state)
	if len(f) < 15 {
		return 0, 0, fmt.Errorf("/proc/%d/stat: %d fields", pid, len(f))
	}
	ppid, _ = strconv.Atoi(f[1])
	last := 13 // utime, stime: fields 14, 15 (f[11], f[12])
	if reaped {
		last = 15 // and cutime, cstime: 16, 17
	}
	for _, v := range f[11:last] {
		n, _ := strconv.ParseInt(v, 10, 64)
		ticks += n
	}
	return ppid, ticks, nil
}
