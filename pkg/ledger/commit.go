package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dlreturns/dlreturns/pkg/atomicfile"
	"github.com/dlreturns/dlreturns/pkg/figures"
)

// A claim's outputs are committed together, so that a kill at any moment leaves every
// claim's files from one run and in agreement with results.json:
//
//  1. its files are written, and flushed to disk, into a private staging folder
//     ".staging-<time>-<id>" inside the output folder (same file system, so renames are
//     atomic);
//  2. the results.json that will hold its entry is written there as commit.json, atomically:
//     from this moment the commit is decided;
//  3. the files are renamed into place, the folder flushed, results.json and REPORT.md
//     replaced, and the staging folder removed.
//
// At the next start (recoverDir), a staging folder without commit.json is deleted (the claim
// had not finished: its earlier files are untouched), and one with commit.json is rolled
// forward: its remaining files are moved into place and its commit.json becomes
// results.json. Only one run writes to a folder at a time (lockDir), so a commit in
// progress is never mistaken for an abandoned one.
const (
	stagingPrefix = ".staging-"
	commitFile    = "commit.json"
	obsoleteFile  = "obsolete.txt" // files of the claim's earlier entry to remove
)

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// commitClaim writes a claim's files and the results that include its entry, as above.
//
// obsolete names the claim's files from the earlier entry that this run does not write (a
// figure renamed or dropped): the commit removes them, so that the folder holds only the
// files results.json lists.
func commitClaim(out, id string, files []figures.File, res *Results, obsolete []string) error {
	content, err := res.encode()
	if err != nil {
		return err
	}
	stage := filepath.Join(out, fmt.Sprintf("%s%d-%s", stagingPrefix, time.Now().UnixNano(), id))
	if err := os.Mkdir(stage, 0o755); err != nil {
		return fmt.Errorf("staging %s's files: %w", id, err)
	}
	for _, f := range files {
		err := error(nil)
		if testHookCommit != nil {
			err = testHookCommit("stage", f.Name)
		}
		if err == nil {
			err = atomicfile.WriteNew(filepath.Join(stage, f.Name), f.Data)
		}
		if err != nil {
			os.RemoveAll(stage)
			return fmt.Errorf("staging %s's files: %w", id, err)
		}
	}
	if len(obsolete) > 0 {
		if err := atomicfile.WriteBytes(filepath.Join(stage, obsoleteFile), []byte(strings.Join(obsolete, "\n")+"\n")); err != nil {
			os.RemoveAll(stage)
			return fmt.Errorf("staging %s's files: %w", id, err)
		}
	}
	if err := atomicfile.WriteBytes(filepath.Join(stage, commitFile), content); err != nil {
		os.RemoveAll(stage)
		return fmt.Errorf("staging %s's files: %w", id, err)
	}
	if err := finishCommit(out, stage, content); err != nil {
		return &pendingError{err}
	}
	return nil
}

// testHookCommit, if set by a test, is called before each file of a commit is staged (step
// "stage": an error it returns stands for a full disk) and before each is moved into place
// ("rename": a test panics there to stand for a kill).
var testHookCommit func(step, name string) error

// pendingError is a commit that failed after it was decided: the output folder is out of
// step until the next start finishes it, so the run must commit nothing else.
type pendingError struct{ err error }

func (e *pendingError) Error() string { return e.err.Error() }
func (e *pendingError) Unwrap() error { return e.err }

// finishCommit moves a decided commit's files into place and writes its results.
func finishCommit(out, stage string, content []byte) error {
	entries, err := os.ReadDir(stage)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == commitFile || e.Name() == obsoleteFile || strings.Contains(e.Name(), ".tmp-") {
			continue
		}
		if testHookCommit != nil {
			testHookCommit("rename", e.Name())
		}
		if err := os.Rename(filepath.Join(stage, e.Name()), filepath.Join(out, e.Name())); err != nil {
			return fmt.Errorf("committing %s: %w (run again to finish the commit)", e.Name(), err)
		}
	}
	if list, err := os.ReadFile(filepath.Join(stage, obsoleteFile)); err == nil {
		for _, name := range strings.Fields(string(list)) {
			if name != filepath.Base(name) || name == ResultsFile || name == ReportFile {
				continue // never anything outside the folder, nor the run's own files
			}
			if err := os.Remove(filepath.Join(out, name)); err != nil && !os.IsNotExist(err) {
				return fmt.Errorf("removing the obsolete %s: %w (run again to finish the commit)", name, err)
			}
		}
	}
	if err := atomicfile.SyncDir(out); err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(out, ResultsFile), content); err != nil {
		return err
	}
	var r Results
	if err := json.Unmarshal(content, &r); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(stage, commitFile), err)
	}
	if err := writeReport(out, &r); err != nil {
		return err
	}
	return os.RemoveAll(stage)
}

// recoverDir cleans up after a run that was killed: it removes temporary files, deletes
// unfinished staging folders, rolls decided commits forward, and rewrites REPORT.md from
// results.json (a kill between the two leaves them out of step). It returns notes for the
// user.
func recoverDir(out string) (notes []string, err error) {
	removed, err := atomicfile.RemoveLeftovers(out)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: removing temporary files: %w", out, err)
	}
	if len(removed) > 0 {
		notes = append(notes, fmt.Sprintf("removed %d temporary file(s) left in %s by an interrupted run", len(removed), out))
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return notes, err
	}
	var stages []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), stagingPrefix) {
			stages = append(stages, e.Name())
		}
	}
	sort.Strings(stages) // by time: commits are replayed in the order they were decided
	for _, name := range stages {
		stage := filepath.Join(out, name)
		content, err := os.ReadFile(filepath.Join(stage, commitFile))
		if errors.Is(err, fs.ErrNotExist) {
			if err := os.RemoveAll(stage); err != nil {
				return notes, fmt.Errorf("removing the unfinished %s: %w", stage, err)
			}
			notes = append(notes, fmt.Sprintf("discarded the unfinished outputs of an interrupted run (%s)", name))
			continue
		}
		if err != nil {
			return notes, err
		}
		if err := finishCommit(out, stage, content); err != nil {
			return notes, fmt.Errorf("finishing the interrupted commit %s: %w", stage, err)
		}
		notes = append(notes, fmt.Sprintf("finished the commit of %s that an interrupted run had begun", strings.SplitN(strings.TrimPrefix(name, stagingPrefix), "-", 2)[1]))
	}
	r, err := ReadResults(filepath.Join(out, ResultsFile))
	if err != nil || r == nil {
		return notes, err
	}
	return notes, writeReport(out, r)
}

// Recover does to dir what the start of every run does: it finishes a commit that a killed
// run had decided, discards what it had not, and removes temporary files. It returns notes
// saying what it did.
func Recover(dir string) (notes []string, err error) {
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return recoverDir(dir)
}

// obsoleteFiles are the files of the claim's entry in old (its figures and the CSV beside
// each) that files does not replace.
func obsoleteFiles(old *Results, id string, files []figures.File) []string {
	written := map[string]bool{}
	for _, f := range files {
		written[f.Name] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range old.Claims {
		if c.ID != id {
			continue
		}
		for _, name := range c.Figures {
			for _, n := range []string{name, strings.TrimSuffix(name, filepath.Ext(name)) + ".csv"} {
				if !written[n] && !seen[n] {
					seen[n] = true
					out = append(out, n)
				}
			}
		}
	}
	return out
}
