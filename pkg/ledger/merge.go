package ledger

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dlreturns/dlreturns/pkg/atomicfile"
	"github.com/dlreturns/dlreturns/pkg/claims"
	"github.com/dlreturns/dlreturns/pkg/costmodel"
	"github.com/dlreturns/dlreturns/pkg/datasets"
	"github.com/dlreturns/dlreturns/pkg/figures"
	"github.com/dlreturns/dlreturns/pkg/sweep"
)

const (
	manifestFile   = "manifest.json"
	progressFile   = "progress.json"
	pointsExt      = ".points"
	pointsMagic    = "dlreturns shard points 1\n"
	manifestFormat = 1
)

// Manifest is a finished shard's manifest.json.
type Manifest struct {
	Format   int    `json:"format"`
	Shard    int    `json:"shard"`
	Shards   int    `json:"shards"`
	Revision string `json:"revision"`
	Modified bool   `json:"modified"`
	Go       string `json:"go"`
	OS       string `json:"os"`
	Arch     string `json:"arch"`
	// The settings every claim's numbers depend on; a merge runs with them.
	Scale          claims.Scale          `json:"scale"`
	Seed           uint64                `json:"seed"`
	Only           []string              `json:"only"`
	Assumptions    costmodel.Assumptions `json:"assumptions"`
	HardwareSeries string                `json:"hardware_series"`
	Args           []string              `json:"args"`
	DataFiles      []datasets.FileDigest `json:"data_files"`
	Claims         []ManifestClaim       `json:"claims"`
	Started        string                `json:"started"`
	Finished       string                `json:"finished"`
}

// ManifestClaim is one claim's points in a shard.
type ManifestClaim struct {
	ID     string `json:"id"`
	Points int    `json:"points"`
	File   string `json:"file,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
	Error  string `json:"error,omitempty"` // the claim's own points failed in this shard
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, append(b, '\n'))
}

// writePoints writes a claim's points and returns the file's SHA-256.
func writePoints(path string, pts []sweep.Point) (string, error) {
	b := []byte(pointsMagic)
	for _, p := range pts {
		b = binary.AppendUvarint(b, uint64(p.Call))
		b = binary.AppendUvarint(b, uint64(p.Index))
		b = binary.AppendUvarint(b, uint64(len(p.Data)))
		b = append(b, p.Data...)
	}
	return sha256Hex(b), atomicfile.WriteBytes(path, b)
}

// readPoints reads a claim's points written by shard k, checking the file's digest.
func readPoints(path, digest string, k int) ([]sweep.Point, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if got := sha256Hex(b); got != digest {
		return nil, fmt.Errorf("%s: SHA-256 %s, but the manifest says %s: the file changed after the shard finished", path, got, digest)
	}
	if !bytes.HasPrefix(b, []byte(pointsMagic)) {
		return nil, fmt.Errorf("%s: not a shard's points file", path)
	}
	b = b[len(pointsMagic):]
	var out []sweep.Point
	for len(b) > 0 {
		var f [3]uint64
		for i := range f {
			x, n := binary.Uvarint(b)
			if n <= 0 {
				return nil, fmt.Errorf("%s: truncated after %d points", path, len(out))
			}
			f[i], b = x, b[n:]
		}
		if f[2] > uint64(len(b)) {
			return nil, fmt.Errorf("%s: truncated after %d points", path, len(out))
		}
		out = append(out, sweep.Point{Call: int(f[0]), Index: int(f[1]), Shard: k, Data: b[:f[2]]})
		b = b[f[2]:]
	}
	return out, nil
}

// shard is a finished shard's folder and manifest.
type shard struct {
	dir string
	m   Manifest
}

// findShards expands the folders given to -merge: a shard's folder (with manifest.json), or
// a folder holding shard-K-of-N folders. An unfinished shard (progress.json but no
// manifest) is an error that says how far it got.
func findShards(dirs []string) ([]shard, error) {
	var out []shard
	var errs []error
	for _, d := range dirs {
		cands := []string{d}
		if _, err := os.Stat(filepath.Join(d, manifestFile)); err != nil {
			if _, err := os.Stat(filepath.Join(d, progressFile)); err != nil {
				cands, _ = filepath.Glob(filepath.Join(d, "shard-*-of-*"))
				if len(cands) == 0 {
					if _, err := os.Stat(d); err != nil {
						errs = append(errs, fmt.Errorf("-merge %s: %w", d, err))
					} else {
						errs = append(errs, fmt.Errorf("-merge %s: no shard in it (no %s, no shard-K-of-N folder)", d, manifestFile))
					}
					continue
				}
			}
		}
		for _, c := range cands {
			b, err := os.ReadFile(filepath.Join(c, manifestFile))
			if errors.Is(err, os.ErrNotExist) {
				note := ""
				if pb, err := os.ReadFile(filepath.Join(c, progressFile)); err == nil {
					var p ShardProgress
					if json.Unmarshal(pb, &p) == nil {
						note = fmt.Sprintf(" (its last progress, at %s: %s)", p.Updated, p.Line())
					}
				}
				errs = append(errs, fmt.Errorf("%s: the shard has not finished: no %s%s", c, manifestFile, note))
				continue
			}
			if err != nil {
				errs = append(errs, err)
				continue
			}
			s := shard{dir: c}
			if err := json.Unmarshal(b, &s.m); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", filepath.Join(c, manifestFile), err))
				continue
			}
			if s.m.Format != manifestFormat {
				errs = append(errs, fmt.Errorf("%s: manifest format %d, want %d", filepath.Join(c, manifestFile), s.m.Format, manifestFormat))
				continue
			}
			out = append(out, s)
		}
	}
	return out, errors.Join(errs...)
}

// checkShards checks that the shards were made alike and cover 0..N−1 once each.
func checkShards(shards []shard) error {
	if len(shards) == 0 {
		return errors.New("no shards to merge")
	}
	first := shards[0]
	type field struct {
		name string
		get  func(m Manifest) any
	}
	data := func(m Manifest) any { // by file name: a dataset's path differs between machines
		out := map[string]string{}
		for _, d := range m.DataFiles {
			out[filepath.Base(d.Name)] = d.SHA256
		}
		return out
	}
	fields := []field{
		{"number of shards", func(m Manifest) any { return m.Shards }},
		{"code revision", func(m Manifest) any { return fmt.Sprintf("%s (modified %t)", m.Revision, m.Modified) }},
		{"Go toolchain and platform", func(m Manifest) any { return m.Go + " " + m.OS + "/" + m.Arch }},
		{"scale", func(m Manifest) any { return m.Scale }},
		{"seed", func(m Manifest) any { return m.Seed }},
		{"claims (-only)", func(m Manifest) any { return strings.Join(m.Only, ",") }},
		{"cost assumptions", func(m Manifest) any { return m.Assumptions }},
		{"hardware series", func(m Manifest) any { return m.HardwareSeries }},
		{"data files (SHA-256)", data},
	}
	var errs []error
	for _, s := range shards[1:] {
		for _, f := range fields {
			if a, b := f.get(first.m), f.get(s.m); !reflect.DeepEqual(a, b) {
				errs = append(errs, fmt.Errorf("%s: %s differs from %s's: %v, not %v", s.dir, f.name, first.dir, b, a))
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("the shards were not made alike (rerun them with the same code and flags):\n%w", errors.Join(errs...))
	}
	n := first.m.Shards
	where := make([][]string, n)
	for _, s := range shards {
		if s.m.Shard < 0 || s.m.Shard >= n {
			return fmt.Errorf("%s: shard %d of %d", s.dir, s.m.Shard, n)
		}
		where[s.m.Shard] = append(where[s.m.Shard], s.dir)
	}
	for k, ds := range where {
		switch {
		case len(ds) == 0:
			errs = append(errs, fmt.Errorf("shard %d of %d is missing (give its folder, %s, to -merge)", k, n, filepath.Base(ShardDir("", k, n))))
		case len(ds) > 1:
			errs = append(errs, fmt.Errorf("shard %d of %d is given %d times: %s", k, n, len(ds), strings.Join(ds, ", ")))
		}
	}
	for _, s := range shards {
		for _, c := range s.m.Claims {
			if c.Error != "" {
				errs = append(errs, fmt.Errorf("%s: shard %d of %d could not run %s (rerun the shard): %s", s.dir, s.m.Shard, n, c.ID, c.Error))
			}
		}
	}
	return errors.Join(errs...)
}

// Merge checks the shards in dirs and writes the run they make up into out, as Run would:
// figures, results.json and REPORT.md, each claim committed on its own. Nothing is written
// when the shards disagree, miss or repeat a shard; a claim whose points are missing is an
// error and is not committed (what out held for it stays). Merging again gives the same
// files.
func Merge(ctx context.Context, dirs []string, out string, progress func(Event)) (*Results, error) {
	shards, err := findShards(dirs)
	if err != nil {
		return nil, err
	}
	if err := checkShards(shards); err != nil {
		return nil, err
	}
	sort.Slice(shards, func(i, j int) bool { return shards[i].m.Shard < shards[j].m.Shard })
	m := shards[0].m
	if p := newProvenance(nil, time.Now()); p.Revision != m.Revision || p.Modified != m.Modified {
		return nil, fmt.Errorf("the shards were made by revision %s (modified %t), this program is %s (modified %t): merge with the code that made them", m.Revision, m.Modified, p.Revision, p.Modified)
	}
	plan, err := sweep.NewMergePlan(m.Shards)
	if err != nil {
		return nil, err
	}
	opts := Options{Out: out, Scale: m.Scale, Seed: m.Seed, Only: m.Only, Assumptions: m.Assumptions,
		HardwareSeries: m.HardwareSeries, Args: withoutShardFlags(m.Args), Progress: progress,
		merge: &mergeState{plan: plan, shards: shards}}
	return Run(ctx, opts)
}

// withoutShardFlags is a shard's flags as a single run would have them: without -shard and
// -out (each shard had its own), so that the merged provenance names the run, not a shard.
func withoutShardFlags(args []string) []string {
	out := []string{}
	for i := 0; i < len(args); i++ {
		name := strings.TrimLeft(args[i], "-")
		name, _, hasValue := strings.Cut(name, "=")
		if name == "shard" || name == "out" {
			if !hasValue {
				i++
			}
			continue
		}
		out = append(out, args[i])
	}
	return out
}

// mergeState runs claims with their points read from the shards.
type mergeState struct {
	plan   *sweep.Plan
	shards []shard
}

func (s *mergeState) runOne(ctx context.Context, e Entry, env Env) ([]figures.File, claims.Verdict, error) {
	var pts []sweep.Point
	for _, sh := range s.shards {
		i := slices.IndexFunc(sh.m.Claims, func(c ManifestClaim) bool { return c.ID == e.Info.ID })
		if i < 0 {
			return nil, claims.Verdict{}, fmt.Errorf("shard %d of %d (%s) did not run this claim", sh.m.Shard, sh.m.Shards, sh.dir)
		}
		c := sh.m.Claims[i]
		p, err := readPoints(filepath.Join(sh.dir, c.File), c.SHA256, sh.m.Shard)
		if err != nil {
			return nil, claims.Verdict{}, err
		}
		if len(p) != c.Points {
			return nil, claims.Verdict{}, fmt.Errorf("%s: %d points, the manifest says %d", filepath.Join(sh.dir, c.File), len(p), c.Points)
		}
		pts = append(pts, p...)
	}
	if err := s.plan.Begin(e.Info.ID, pts); err != nil {
		return nil, claims.Verdict{}, err
	}
	files, v, err := runOne(sweep.WithPlan(ctx, s.plan), e, env)
	o := s.plan.End()
	if err == nil && len(o.Unused) > 0 {
		u := o.Unused[0]
		err = fmt.Errorf("the shards hold %d point(s) this merge never asked for (the first: Map call %d, point %d, from shard %d): were they made by the same code?", len(o.Unused), u.Call, u.Index, u.Shard)
	}
	return files, v, err
}
