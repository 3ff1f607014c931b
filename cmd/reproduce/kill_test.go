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
// issue's acceptance run uses 50).
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
func folderState(dir string) (problems []string, pending bool) {
	var res struct {
		Claims []struct {
			ID      string            `json:"id"`
			Figures []string          `json:"figures"`
			SHA256  map[string]string `json:"sha256"`
		} `json:"claims"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		return []string{err.Error()}, false
	}
	if err := json.Unmarshal(b, &res); err != nil {
		return []string{"results.json: " + err.Error()}, false
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
			}
		default:
			problems = append(problems, name+" belongs to no entry")
		}
	}
	return problems, pending
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
	if p, _ := folderState(dir); len(p) > 0 {
		t.Fatalf("after a complete run: %q", p)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 14))
	pendings, terms := 0, 0
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
		time.Sleep(after)
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
		}
		if strings.Contains(stderr.String(), "panic") {
			t.Fatalf("%s: stderr shows a panic:\n%s", what, stderr.String())
		}
		problems, pending := folderState(dir)
		if pending {
			pendings++
		}
		if len(problems) > 0 && !pending {
			t.Fatalf("%s: mixed folder: %q", what, problems)
		}
		if sig == syscall.SIGTERM && (pending || len(problems) > 0) {
			t.Fatalf("%s: a terminated run left %q (pending commit: %v)", what, problems, pending)
		}
		if _, err := ledger.Recover(dir); err != nil {
			t.Fatalf("%s: recover: %v", what, err)
		}
		if p, _ := folderState(dir); len(p) > 0 {
			t.Fatalf("%s: after the next start's recovery: %q", what, p)
		}
	}
	if out, err := exec.Command(bin, args(1000)...).CombinedOutput(); err != nil {
		t.Fatalf("run after the kills: %v\n%s", err, out)
	}
	if p, _ := folderState(dir); len(p) > 0 {
		t.Fatalf("after the final run: %q", p)
	}
	t.Logf("%d kills (%d SIGTERM, %d SIGKILL) over runs of %v; %d landed inside a commit and were finished by the next start", kills, terms, kills-terms, full.Round(time.Millisecond), pendings)
}
