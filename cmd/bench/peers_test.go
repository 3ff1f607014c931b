package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// fakePython writes an executable that ignores its arguments and speaks peers.py's window
// protocol: it could not build deep, fails on wide's windows and trains the rest at rate.
func fakePython(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "python")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

const fakePeer = `read cfg
echo '{"version": "Fake 1.0", "errors": {"deep": "NotImplementedError: no deep nets"}}'
while read name secs; do
	case $name in
	wide) echo '{"error": "RuntimeError: out of memory"}' ;;
	*) echo '{"rate": 1000}' ;;
	esac
done
`

func TestPeerWindows(t *testing.T) {
	p, err := startPeer(fakePython(t, fakePeer), "jax", "float32", 2)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	if p.version != "Fake 1.0" {
		t.Errorf("version %q, want Fake 1.0", p.version)
	}
	tests := []struct {
		workload string
		rate     float64
		err      string
	}{
		{"mnist", 1000, ""},
		{"deep", 0, "NotImplementedError: no deep nets"},
		{"wide", 0, "RuntimeError: out of memory"},
		{"tiny", 1000, ""},
	}
	for _, tc := range tests {
		t.Run(tc.workload, func(t *testing.T) {
			rate, err := p.window(tc.workload, time.Millisecond)
			if rate != tc.rate || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
				t.Errorf("window = %v, %v; want %v, %q", rate, err, tc.rate, tc.err)
			}
		})
	}
}

// TestMeasureRounds checks that every workload gets Go's rate and, against the fake peer,
// the median ratio of Go's windows to its 1000 samples/s, or the peer's error.
func TestMeasureRounds(t *testing.T) {
	p, err := startPeer(fakePython(t, fakePeer), "jax", "float32", 2)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	rows := measureRounds(nn.Float32, 1, 30*time.Millisecond, 3, []*peerProc{p})
	for _, r := range rows {
		if r.rate <= 0 || r.gflops <= 0 {
			t.Errorf("%s: Go rate %v, %v GFLOP/s", r.name, r.rate, r.gflops)
		}
		_, hasRate := r.peerRate["jax"]
		msg, hasErr := r.peerError["jax"]
		switch r.name {
		case "deep", "wide":
			if hasRate || !hasErr {
				t.Errorf("%s: peer rate %v, error %q; want an error", r.name, r.peerRate["jax"], msg)
			}
		default:
			// Every round's ratio is Go's window over the fake's constant 1000, so their
			// median is Go's median window over 1000, exactly.
			if !hasRate || hasErr || r.peerRate["jax"] != 1000 || r.ratio["jax"] != r.rate/1000 {
				t.Errorf("%s: peer rate %v, ratio %v, error %q", r.name, r.peerRate["jax"], r.ratio["jax"], msg)
			}
		}
	}
}

// TestPeerNotInstalled: a framework that is missing (peers.py's exit status 3) is an error
// with peers.py's one-line message, and so is one that dies without answering.
func TestPeerNotInstalled(t *testing.T) {
	_, err := startPeer(fakePython(t, "echo 'Traceback ...' >&2\necho \"jax not installed: No module named 'jax'\" >&2\nexit 3\n"), "jax", "float32", 2)
	if err == nil || err.Error() != "jax not installed: No module named 'jax'" {
		t.Errorf("err = %v, want peers.py's message", err)
	}
	_, err = startPeer(fakePython(t, "read cfg\necho 'Segmentation fault' >&2\nexit 139\n"), "torch", "float32", 2)
	if err == nil || !strings.Contains(err.Error(), "Segmentation fault") {
		t.Errorf("err = %v, want the crash's last line", err)
	}
}

// TestPeerDiesMidRun: a peer that crashes after some windows gives its crash as the error
// of that window and of every later one, and close still returns.
func TestPeerDiesMidRun(t *testing.T) {
	p, err := startPeer(fakePython(t, "read cfg\necho '{\"version\": \"Fake\", \"errors\": {}}'\nread line\necho '{\"rate\": 5}'\nread line\necho 'Killed' >&2\nexit 137\n"), "jax", "float32", 2)
	if err != nil {
		t.Fatal(err)
	}
	defer p.close()
	if rate, err := p.window("mnist", time.Millisecond); rate != 5 || err != nil {
		t.Fatalf("first window = %v, %v; want 5", rate, err)
	}
	for _, w := range []string{"wide", "deep"} {
		if _, err := p.window(w, time.Millisecond); err == nil || !strings.Contains(err.Error(), "Killed") {
			t.Errorf("%s after the crash: err = %v, want the crash's last line", w, err)
		}
	}
}

// TestPeersScriptStarts runs the real peers.py with this machine's python3 where it has no
// JAX (as in CI): it must parse its input and report the missing framework.
func TestPeersScriptStarts(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	if exec.Command(python, "-c", "import jax").Run() == nil {
		t.Skip("this python3 has JAX")
	}
	_, err = startPeer(python, "jax", "float32", 1)
	if err == nil || !strings.HasPrefix(err.Error(), "jax not installed") {
		t.Errorf("err = %v, want jax not installed", err)
	}
}
