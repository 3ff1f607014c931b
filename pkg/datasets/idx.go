package datasets

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// IDX magic numbers (LeCun et al., http://yann.lecun.com/exdb/mnist/): unsigned bytes, 3
// dimensions for images, 1 for labels.
const (
	idxImages = 0x00000803
	idxLabels = 0x00000801
)

// Limits checked before anything is allocated, so that a corrupt or hostile header cannot
// exhaust memory: the largest MNIST-like file (Fashion-MNIST's training images) is 26 MB
// compressed and 47 MB raw; EMNIST, the largest set in this format, holds 814,255 images.
const (
	idxMaxFileBytes = 256 << 20 // compressed
	idxMaxDataBytes = 1 << 30   // decompressed pixels or labels
	idxMaxCount     = 1 << 20   // images or labels in one file
)

// MNISTSide is the image size of MNIST and every set in its format that the claims read.
const MNISTSide = 28

// ImageShape is what a caller expects of an images/labels pair.
type ImageShape struct {
	Rows, Cols int
	Classes    int // labels must lie in 0..Classes-1
}

// readIDX reads a gzipped IDX file: it checks the magic number, the number of dimensions
// (ndim), each dimension and the total size against the limits before allocating, reads the
// gzip stream to its end so that its checksum is verified, and refuses trailing bytes. The
// file's SHA-256 is recorded (see FilesRead).
func readIDX(path string, magic uint32, ndim int) (dims []int, data []byte, err error) {
	kind := map[uint32]string{idxImages: "image", idxLabels: "label"}[magic]
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("%s: not a regular file", path)
	}
	if st.Size() > idxMaxFileBytes {
		return nil, nil, fmt.Errorf("%s: %d bytes, more than the %d an IDX %s file may have", path, st.Size(), idxMaxFileBytes, kind)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	recordRead(path, raw)
	return parseIDX(path, raw, magic, ndim)
}

// parseIDX decodes the bytes of a gzipped IDX file; path is only used in messages.
func parseIDX(path string, raw []byte, magic uint32, ndim int) (dims []int, data []byte, err error) {
	kind := map[uint32]string{idxImages: "image", idxLabels: "label"}[magic]
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: not a gzip file: %w", path, err)
	}
	var head [4]byte
	if _, err := io.ReadFull(zr, head[:]); err != nil {
		return nil, nil, fmt.Errorf("%s: truncated header: %w", path, err)
	}
	if got := binary.BigEndian.Uint32(head[:]); got != magic {
		return nil, nil, fmt.Errorf("%s: magic number %#08x, want %#08x (not an IDX %s file)", path, got, magic, kind)
	}
	if int(head[3]) != ndim {
		return nil, nil, fmt.Errorf("%s: %d dimensions, want %d", path, head[3], ndim)
	}
	total := 1
	for i := 0; i < ndim; i++ {
		if _, err := io.ReadFull(zr, head[:]); err != nil {
			return nil, nil, fmt.Errorf("%s: truncated header: %w", path, err)
		}
		d := binary.BigEndian.Uint32(head[:])
		if d == 0 || d > idxMaxCount {
			return nil, nil, fmt.Errorf("%s: dimension %d is %d, want 1..%d", path, i+1, d, idxMaxCount)
		}
		if total > idxMaxDataBytes/int(d) {
			return nil, nil, fmt.Errorf("%s: header promises more than %d bytes of data", path, idxMaxDataBytes)
		}
		dims = append(dims, int(d))
		total *= int(d)
	}
	// Read at most what the header promises plus one byte, growing the buffer as data
	// arrives: a short file never makes the header's size be allocated.
	data, err = io.ReadAll(io.LimitReader(zr, int64(total)+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: corrupt gzip data: %w", path, err)
	}
	if len(data) < total {
		return nil, nil, fmt.Errorf("%s: header promises %d bytes of data, file holds %d", path, total, len(data))
	}
	if len(data) > total {
		return nil, nil, fmt.Errorf("%s: more data than the header's %v", path, dims)
	}
	// The read above stopped at the end of the gzip stream, where its CRC-32 and length are
	// checked (an error there surfaced from ReadAll); make sure of it.
	var one [1]byte
	if n, err := zr.Read(one[:]); n > 0 || !errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("%s: data after the header's %v: %d byte(s), %v", path, dims, n, err)
	}
	return dims, data, nil
}

// readIDXPair reads the images and labels files of an MNIST-like set in dir (28×28 images).
func readIDXPair(dir, images, labels string, classes int) (*ImageSet, error) {
	return ReadImagePair(filepath.Join(dir, images), filepath.Join(dir, labels), ImageShape{Rows: MNISTSide, Cols: MNISTSide, Classes: classes})
}

// ReadImagePair reads a gzipped IDX images file and its labels file, and checks that the
// images have the expected size, that there is one label per image and that every label is
// one of the expected classes. Every error names the file and what is wrong with it.
func ReadImagePair(images, labels string, want ImageShape) (*ImageSet, error) {
	dims, pix, err := readIDX(images, idxImages, 3)
	if err != nil {
		return nil, err
	}
	return pairImages(images, labels, dims, pix, want, func() ([]int, []byte, error) { return readIDX(labels, idxLabels, 1) })
}

func pairImages(images, labels string, dims []int, pix []byte, want ImageShape, readLabels func() ([]int, []byte, error)) (*ImageSet, error) {
	if dims[1] != want.Rows || dims[2] != want.Cols {
		return nil, fmt.Errorf("%s: images are %d×%d pixels, want %d×%d", images, dims[1], dims[2], want.Rows, want.Cols)
	}
	if want.Classes < 1 || want.Classes > 256 {
		return nil, fmt.Errorf("%s: %d classes cannot be stored in IDX byte labels", labels, want.Classes)
	}
	ldims, lab, err := readLabels()
	if err != nil {
		return nil, err
	}
	if ldims[0] != dims[0] {
		return nil, fmt.Errorf("%s holds %v labels for %d images in %s", labels, ldims, dims[0], images)
	}
	for i, l := range lab {
		if int(l) >= want.Classes {
			return nil, fmt.Errorf("%s: label %d of image %d is outside 0..%d", labels, l, i, want.Classes-1)
		}
	}
	return &ImageSet{Pixels: pix, Labels: lab, N: dims[0], Rows: dims[1], Cols: dims[2], Classes: want.Classes}, nil
}

// guardLoad, deferred first thing in a loader's sync.Once, turns a panic while loading into
// the loader's lasting error: the Once is then done, and every later call gets that error
// instead of nil sets.
func guardLoad(name string, err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("loading %s panicked: %v", name, r)
	}
}

// testHookLoad, if set by a test, is called at the start of each dataset loader.
var testHookLoad func(name string)

func hookLoad(name string) {
	if testHookLoad != nil {
		testHookLoad(name)
	}
}
