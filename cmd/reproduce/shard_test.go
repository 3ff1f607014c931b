package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestShardAndMergeFlags(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	t.Setenv("JOB_COMPLETION_INDEX", "")
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"zero shards", []string{"-shard", "0/0", "-out", dir}, 2, "N from 1"},
		{"K past N", []string{"-shard", "4/4", "-out", dir}, 2, "want 0 to 3"},
		{"garbage", []string{"-shard", "two/4", "-out", dir}, 2, `"two" is not a whole number`},
		{"no K anywhere", []string{"-shard", "4", "-out", dir}, 2, "neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set"},
		{"merge with a setting", []string{"-merge", "-seed", "3", dir}, 2, "-merge takes its settings from the shards' manifests; drop -seed"},
		{"merge without folders", []string{"-merge", "-out", dir}, 2, "-merge needs the shards' folders"},
		{"merge of nothing", []string{"-merge", filepath.Join(dir, "none"), "-out", dir}, 2, "none"},
		{"shard with seed verdicts", []string{"-shard", "0/2", "-seed-verdicts", "2", "-out", dir}, 2, "cannot be sharded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb, false); code != tc.code || !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("exit %d (want %d), stderr %q, want it to say %q", code, tc.code, errb.String(), tc.stderr)
			}
		})
	}
}

// Two shards from the environment's index (as a Slurm array gives it) and the merge, through
// the command's flags; the merge's folders may come before or after -out.
func TestShardFromEnvironmentThenMerge(t *testing.T) {
	dir := t.TempDir()
	shards := filepath.Join(dir, "shards")
	for _, k := range []string{"0", "1"} {
		t.Setenv("SLURM_ARRAY_TASK_ID", k)
		var out, errb bytes.Buffer
		if code := run([]string{"-quick", "-only", "hardware-growth", "-shard", "2", "-out", shards}, &out, &errb, false); code != 0 {
			t.Fatalf("shard %s: exit %d: %s", k, code, errb.String())
		}
		if !strings.Contains(errb.String(), "progress: shard="+k+"/2 claim=1/1 id=hardware-growth") {
			t.Errorf("shard %s printed no progress line: %s", k, errb.String())
		}
		if _, err := os.Stat(filepath.Join(shards, "shard-"+k+"-of-2", "manifest.json")); err != nil {
			t.Error(err)
		}
	}
	var out, errb bytes.Buffer
	merged := filepath.Join(dir, "merged")
	if code := run([]string{"-merge", filepath.Join(shards, "shard-0-of-2"), "-out", merged, filepath.Join(shards, "shard-1-of-2")}, &out, &errb, false); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errb.String())
	}
	b, err := os.ReadFile(filepath.Join(merged, "results.json"))
	if err != nil || !bytes.Contains(b, []byte(`"id": "hardware-growth"`)) || !bytes.Contains(b, []byte(`"args": [
      "-quick",
      "-only",
      "hardware-growth"
    ]`)) {
		t.Errorf("merged results.json (%v) lacks the claim or the shards' flags without -shard and -out:\n%.2000s", err, b)
	}
}
