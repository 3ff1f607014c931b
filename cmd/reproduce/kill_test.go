package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dlreturns/dlreturns/pkg/ledger"
)

// KillsEnv sets how many runs TestKilledRunsNeverMixOutputs kills (default 8, for CI; the
// issue's acceptance run uses 50); KillsEnv+"_SEED" replays the random moments of a run.
const KillsEnv = "DLRETURNS_KILLS"

// killClaims are quick claims whose figures depend on the seed, so that files from two runs
// differ.
var killClaims = "imagenet-halving,alexnet-nasnet,cost-extrapolation,hardware-growth"

// buildReproduce compiles this command into a temporary folder.
func buildReproduce(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "reproduce")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// folderState checks the output folder as a reader would find it: every claim's files
// match, byte for byte, the digests its results.json entry lists, every figure file
// belongs to an entry, and nothing else is there. It returns what is wrong, or nil.
func folderState(dir string) (problems []string, pending bool, leftovers []string) {
	var res struct {
		Claims []struct {
			ID      string            `json:"id"`
			Figures []string          `json:"figures"`
			SHA256  map[string]string `json:"sha256"`
		} `json:"claims"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		return []string{err.Error()}, false, nil
	}
	if err := json.Unmarshal(b, &res); err != nil {
		return []string{"results.json: " + err.Error()}, false, nil
	}
	listed := map[string]bool{"results.json": true, "REPORT.md": true, ".reproduce.lock": true}
	for _, c := range res.Claims {
		for _, f := range c.Figures {
			listed[f] = true
			data, err := os.ReadFile(filepath.Join(dir, f))
			sum := sha256.Sum256(data)
			if err != nil || hex.EncodeToString(sum[:]) != c.SHA256[f] {
				problems = append(problems, fmt.Sprintf("%s is not the file of %s's entry", f, c.ID))
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := e.Name()
		switch {
		case listed[name]:
		case e.IsDir() && strings.HasPrefix(name, ".staging-"):
			if _, err := os.Stat(filepath.Join(dir, name, "commit.json")); err == nil {
				pending = true
			} else {
				leftovers = append(leftovers, name) // undecided: the next start discards it
			}
		case strings.Contains(name, ".tmp-"):
			leftovers = append(leftovers, name) // a killed atomic write: the next start removes it
		default:
			problems = append(problems, name+" belongs to no entry")
		}
	}
	return problems, pending, leftovers
}

// Issue 14, case 3: runs killed with SIGKILL or SIGTERM at random moments never leave a
// folder whose files come from different runs or disagree with results.json. After a kill
// the folder is consistent, or holds a decided commit that the next start finishes (then it
// is consistent); a run ended by SIGTERM exits 1 (or 0 if it had finished) and leaves no
// temporary file; the next run starts cleanly.
func TestKilledRunsNeverMixOutputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and runs it many times")
	}
	kills := 8
	if v := os.Getenv(KillsEnv); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive count", KillsEnv, v)
		}
		kills = n
	}
	bin := buildReproduce(t)
	dir := t.TempDir()
	args := func(seed int) []string {
		return []string{"-quick", "-only", killClaims, "-seed", strconv.Itoa(seed), "-out", dir}
	}
	start := time.Now()
	if out, err := exec.Command(bin, args(1)...).CombinedOutput(); err != nil {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	full := time.Since(start)
	if p, _, l := folderState(dir); len(p)+len(l) > 0 {
		t.Fatalf("after a complete run: %q %q", p, l)
	}
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(KillsEnv + "_SEED"); v != "" {
		seed, _ = strconv.ParseUint(v, 10, 64)
	}
	rng := rand.New(rand.NewPCG(seed, 14))
	pendings, terms, left, aimed := 0, 0, 0, 0
	for i := 0; i < kills; i++ {
		sig := syscall.SIGKILL
		if rng.IntN(2) == 0 {
			sig, terms = syscall.SIGTERM, terms+1
		}
		after := time.Duration(rng.Float64() * float64(full) * 1.1)
		cmd := exec.Command(bin, args(i+2)...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if sig == syscall.SIGKILL && rng.IntN(2) == 0 {
			// Aim at a commit: wait for a staging folder to appear, then kill within
			// 30 milliseconds, while its files are being written or moved.
			delay := time.Duration(rng.IntN(30000)) * time.Microsecond
			after = waitForStaging(dir, full) + delay
			time.Sleep(delay)
			aimed++
		} else {
			time.Sleep(after)
		}
		cmd.Process.Signal(sig)
		sent := time.Now()
		err := cmd.Wait()
		code := cmd.ProcessState.ExitCode()
		what := fmt.Sprintf("kill %d (%v after %v, exit %d)", i+1, sig, after.Round(time.Millisecond), code)
		if sig == syscall.SIGTERM {
			if code != 0 && code != 1 {
				t.Fatalf("%s: %v, want exit 1 (or 0 had it finished); stderr:\n%s", what, err, stderr.String())
			}
			if d := time.Since(sent); d > 5*time.Second {
				t.Errorf("%s: took %v to stop", what, d)
			}
			// A stopped run says so in one line, not as a failure of every claim left.
			if msg := stderr.String(); code == 1 && (!strings.Contains(msg, "reproduce: stopped by a signal") || strings.Contains(msg, "context canceled")) {
				t.Errorf("%s: stderr does not say plainly that the run was stopped:\n%s", what, msg)
			}
		}
		if strings.Contains(stderr.String(), "panic") {
			t.Fatalf("%s: stderr shows a panic:\n%s", what, stderr.String())
		}
		problems, pending, leftovers := folderState(dir)
		if pending {
			pendings++
		}
		if len(leftovers) > 0 {
			left++
		}
		if len(problems) > 0 && !pending {
			t.Fatalf("%s: mixed folder: %q", what, problems)
		}
		if sig == syscall.SIGTERM && (pending || len(problems)+len(leftovers) > 0) {
			t.Fatalf("%s: a terminated run left %q %q (pending commit: %v)", what, problems, leftovers, pending)
		}
		if _, err := ledger.Recover(dir); err != nil {
			t.Fatalf("%s: recover: %v", what, err)
		}
		if p, _, l := folderState(dir); len(p)+len(l) > 0 {
			t.Fatalf("%s: after the next start's recovery: %q %q", what, p, l)
		}
	}
	if out, err := exec.Command(bin, args(1000)...).CombinedOutput(); err != nil {
		t.Fatalf("run after the kills: %v\n%s", err, out)
	}
	if p, _, l := folderState(dir); len(p)+len(l) > 0 {
		t.Fatalf("after the final run: %q %q", p, l)
	}
	t.Logf("%d kills (%d SIGTERM, %d SIGKILL of which %d aimed at a commit; random seed %d) over runs of %v: %d landed after a commit was decided, finished by the next start; %d left temporary files or an undecided staging folder, removed by the next start",
		kills, terms, kills-terms, aimed, seed, full.Round(time.Millisecond), pendings, left)
}

// waitForStaging polls dir until a claim's staging folder appears (or limit passes) and
// returns how long that took.
func waitForStaging(dir string, limit time.Duration) time.Duration {
	start := time.Now()
	for time.Since(start) < limit {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".staging-") {
				return time.Since(start)
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
	return time.Since(start)
}
