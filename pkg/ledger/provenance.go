package ledger

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/dlreturns/dlreturns/pkg/datasets"
)

// Provenance records what produced a run's results, so that a report can cite exactly which
// code and data made a figure. Two runs with the same code, data and flags on the same
// machine differ only in Started and Finished (and each claim's seconds).
type Provenance struct {
	Module string `json:"module"`
	// Version is the module version from the build ("(devel)" for a build from source);
	// Revision the git commit and Modified whether the tree had uncommitted changes, from the
	// build's VCS stamp or, failing that (go run does not stamp), from git in the working
	// directory; RevisionFrom says which ("" when unknown).
	Version      string `json:"version"`
	Revision     string `json:"revision"`
	Modified     bool   `json:"modified"`
	RevisionFrom string `json:"revision_from"`
	Go           string `json:"go"`
	OS           string `json:"os"`
	Arch         string `json:"arch"`
	CPU          string `json:"cpu"`
	NumCPU       int    `json:"num_cpu"`
	GOMAXPROCS   int    `json:"gomaxprocs"`
	// Args are the command-line flags the run was given.
	Args []string `json:"args"`
	// DataFiles are the digests of every data file the run read: embedded tables
	// ("data/NAME") and dataset files on disk (MNIST, Fashion-MNIST), by path.
	DataFiles []datasets.FileDigest `json:"data_files"`
	Started   string                `json:"started"`
	Finished  string                `json:"finished"`
}

// newProvenance describes this process; DataFiles and Finished are filled in as claims
// commit.
func newProvenance(args []string, started time.Time) *Provenance {
	p := &Provenance{
		Module: "github.com/dlreturns/dlreturns", Version: "unknown",
		Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH, CPU: cpuModel(),
		NumCPU: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		Args: append([]string{}, args...), Started: started.UTC().Format(time.RFC3339),
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		p.Module, p.Version = bi.Main.Path, bi.Main.Version
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				p.Revision, p.RevisionFrom = s.Value, "build"
			case "vcs.modified":
				p.Modified = s.Value == "true"
			}
		}
	}
	if p.Revision == "" {
		g := processRevision(p.Module)
		p.Revision, p.Modified, p.RevisionFrom = g.rev, g.modified, g.from
	}
	return p
}

// update returns a copy with the data files read so far and the time now.
func (p *Provenance) update() *Provenance {
	q := *p
	q.DataFiles = datasets.FilesRead()
	q.Finished = time.Now().UTC().Format(time.RFC3339)
	return &q
}

type revision struct {
	rev      string
	modified bool
	from     string
}

// processRevision is gitRevision asked once per process: the code a process runs does not
// change while it runs, even if the tree it was built from does (a merge compares it with the
// shards' revision).
var processRevision = func() func(module string) revision {
	var once sync.Once
	var r revision
	return func(module string) revision {
		once.Do(func() { r.rev, r.modified, r.from = gitRevision(module) })
		return r
	}
}()

// gitRevision asks git for the commit of this module's source tree: the working directory's
// (go run from the repository), else the one this file was compiled from (a binary built
// without VCS stamping, as with GOFLAGS=-buildvcs=false), if it is still there.
func gitRevision(module string) (rev string, modified bool, from string) {
	dirs := []string{"."}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		dirs = append(dirs, filepath.Dir(file))
	}
	for _, dir := range dirs {
		if rev, modified, ok := gitAt(dir, module); ok {
			return rev, modified, "git"
		}
	}
	return "", false, ""
}

func gitAt(dir, module string) (rev string, modified, ok bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	top, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return "", false, false
	}
	root := strings.TrimSpace(string(top))
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !bytes.HasPrefix(mod, []byte("module "+module+"\n")) {
		return "", false, false
	}
	head, err := exec.CommandContext(ctx, "git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		return "", false, false
	}
	status, err := exec.CommandContext(ctx, "git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output()
	if err != nil {
		return "", false, false
	}
	return strings.TrimSpace(string(head)), len(bytes.TrimSpace(status)) > 0, true
}

// cpuModel is the processor's name where the system says it (Linux), else "".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
