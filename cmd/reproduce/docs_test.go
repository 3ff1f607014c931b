package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Issue 14, case 8: every `docker run` in the instructions publishes Jupyter on 127.0.0.1
// only, and .dockerignore keeps a run's outputs, binaries and temporary files out of the
// image.
func TestDockerInstructionsStayLocal(t *testing.T) {
	root := filepath.Join("..", "..")
	publish := regexp.MustCompile(`-p\s+(\S+)`)
	for _, name := range []string{"README.md", "Dockerfile"} {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(b), "\n", " ")
		runs := 0
		for _, cmd := range strings.Split(text, "docker run")[1:] {
			runs++
			m := publish.FindStringSubmatch(cmd)
			if m == nil || !strings.HasPrefix(m[1], "127.0.0.1:") {
				t.Errorf("%s: docker run publishes %q, want 127.0.0.1:PORT:PORT", name, m)
			}
		}
		if runs == 0 {
			t.Errorf("%s has no docker run command", name)
		}
	}
	ignore, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{".git", "**/.reproduce.lock", "**/.staging-*", "**/*.tmp-*", "*.test", "/reproduce", "notebooks/.executed"} {
		if !strings.Contains("\n"+string(ignore)+"\n", "\n"+want+"\n") {
			t.Errorf(".dockerignore lacks %q", want)
		}
	}
}
