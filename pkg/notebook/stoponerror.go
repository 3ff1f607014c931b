package notebook

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
)

// Run All must stop at the first failing cell. GoNB (v0.11.4) answers a cell whose program
// exits non-zero with an error reply, which stops `jupyter nbconvert --execute`, but it
// ignores the execute_request's stop_on_error: the cells a front end queued behind the
// failing one (Run All sends them all at once) still run. ipykernel aborts them; GoNB has no
// such code (internal/dispatcher/dispatcher.go, handleExecuteRequest). So the lab does it
// from inside the cells' programs: a failing program leaves a mark in the kernel's temporary
// folder, and a program whose cell GoNB composed within queueWindow of that mark was queued
// behind the failure, so it refuses to run and leaves the mark again for the next one.
//
// A person who reads the error and runs a cell again takes longer than queueWindow, so a
// deliberate re-run is never refused; a cell refused by mistake runs when run again.

// queueWindow is the longest time GoNB takes, on a loaded machine, from answering one cell
// to writing the next queued cell's main.go (parsing and goimports; compiling comes after).
const queueWindow = 5 * time.Second

// stopDir holds the marks, per kernel session; "" outside a notebook.
func stopDir() string {
	d := os.Getenv("GONB_TMP_DIR")
	if d == "" {
		return ""
	}
	return filepath.Join(d, "dlreturns-stop")
}

func init() {
	dir := stopDir()
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return // no marks: cells run as GoNB alone would run them
	}
	if failed, why := lastFailure(dir); !failed.IsZero() {
		if composed, err := cellComposedAt(); err == nil && queuedBehind(failed, composed) {
			markFailed(fmt.Sprintf("not run: queued behind a failed cell (%s)", why))
			fmt.Fprintf(os.Stderr, "not run: an earlier cell failed (%s), and Run All stops at the first error.\n"+
				"Fix that cell and run it again; run this cell again to run it anyway.\n", why)
			os.Exit(1)
		}
	}
	// A panic's report goes to this program's crash file as well as to stderr; the next
	// cell's program finds it non-empty.
	if f, err := os.Create(filepath.Join(dir, fmt.Sprintf("crash-%d", os.Getpid()))); err == nil {
		_ = debug.SetCrashOutput(f, debug.CrashOptions{})
		f.Close()
	}
	// A bad flag on the %% line: the flag package prints the usage, then exits 2.
	usage := flag.CommandLine.Usage
	flag.CommandLine.Usage = func() {
		markFailed("a bad flag on the %% line")
		if usage != nil {
			usage()
		} else {
			flag.PrintDefaults()
		}
	}
	// Kernel > Interrupt: GoNB sends SIGINT to the cell's program.
	interrupted := make(chan os.Signal, 1)
	signal.Notify(interrupted, os.Interrupt)
	go func() {
		<-interrupted
		markFailed("interrupted")
		gonbui.Sync()
		fmt.Fprintln(os.Stderr, "interrupted: the cells queued after this one will not run")
		os.Exit(130)
	}()
}

// queuedBehind reports whether a cell composed at composed was waiting in GoNB's queue when
// the cell that failed at failed ended.
func queuedBehind(failed, composed time.Time) bool {
	gap := composed.Sub(failed)
	return gap >= -time.Second && gap < queueWindow // -1s: file times are not ordered finer
}

// markFailed records that this cell's program failed, for the cells queued behind it.
func markFailed(why string) {
	dir := stopDir()
	if dir == "" {
		return
	}
	_ = os.WriteFile(filepath.Join(dir, "failed"), []byte(why), 0o644)
}

// lastFailure returns when the latest failing (or refused) cell program ended and why, and
// clears the crash files of earlier programs.
func lastFailure(dir string) (time.Time, string) {
	var when time.Time
	var why string
	if info, err := os.Stat(filepath.Join(dir, "failed")); err == nil {
		when = info.ModTime()
		b, _ := os.ReadFile(filepath.Join(dir, "failed"))
		why = strings.TrimSpace(string(b))
	}
	crashes, _ := filepath.Glob(filepath.Join(dir, "crash-*"))
	for _, c := range crashes {
		if info, err := os.Stat(c); err == nil && info.Size() > 0 && info.ModTime().After(when) {
			when, why = info.ModTime(), "panic"
		}
		os.Remove(c)
	}
	return when, why
}

// cellComposedAt is when GoNB wrote this cell's Go code: the moment it took the cell from its
// queue, give or take goimports.
func cellComposedAt() (time.Time, error) {
	for _, name := range []string{"main.go", "main_test.go"} {
		if info, err := os.Stat(filepath.Join(os.Getenv("GONB_TMP_DIR"), name)); err == nil {
			return info.ModTime(), nil
		}
	}
	return time.Time{}, os.ErrNotExist
}
