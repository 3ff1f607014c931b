package datasets

import (
	"compress/gzip"
	"encoding/binary"
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

// readIDX reads a gzipped IDX file and checks its magic number and that its size matches
// its header.
func readIDX(path string, magic uint32) (dims []int, data []byte, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: not a gzip file: %w", path, err)
	}
	var head [4]byte
	if _, err := io.ReadFull(zr, head[:]); err != nil {
		return nil, nil, fmt.Errorf("%s: truncated header: %w", path, err)
	}
	if got := binary.BigEndian.Uint32(head[:]); got != magic {
		return nil, nil, fmt.Errorf("%s: magic number %#08x, want %#08x (not an IDX %s file)", path, got, magic, map[uint32]string{idxImages: "image", idxLabels: "label"}[magic])
	}
	ndim := int(head[3])
	total := 1
	for i := 0; i < ndim; i++ {
		if _, err := io.ReadFull(zr, head[:]); err != nil {
			return nil, nil, fmt.Errorf("%s: truncated header: %w", path, err)
		}
		d := int(binary.BigEndian.Uint32(head[:]))
		if d <= 0 || d > 1<<24 {
			return nil, nil, fmt.Errorf("%s: implausible dimension %d", path, d)
		}
		dims = append(dims, d)
		total *= d
	}
	data = make([]byte, total)
	if _, err := io.ReadFull(zr, data); err != nil {
		return nil, nil, fmt.Errorf("%s: header promises %d bytes of data: %w", path, total, err)
	}
	if n, _ := zr.Read(head[:1]); n != 0 {
		return nil, nil, fmt.Errorf("%s: more data than the header's %v", path, dims)
	}
	return dims, data, nil
}

// readIDXPair reads an images file and its labels file and checks they agree.
func readIDXPair(dir, images, labels string, classes int) (*ImageSet, error) {
	dims, pix, err := readIDX(filepath.Join(dir, images), idxImages)
	if err != nil {
		return nil, err
	}
	if len(dims) != 3 {
		return nil, fmt.Errorf("%s: %d dimensions, want 3 (count, rows, columns)", images, len(dims))
	}
	ldims, lab, err := readIDX(filepath.Join(dir, labels), idxLabels)
	if err != nil {
		return nil, err
	}
	if len(ldims) != 1 || ldims[0] != dims[0] {
		return nil, fmt.Errorf("%s holds %v labels for %d images in %s", labels, ldims, dims[0], images)
	}
	for i, l := range lab {
		if int(l) >= classes {
			return nil, fmt.Errorf("%s: label %d of image %d is outside 0..%d", labels, l, i, classes-1)
		}
	}
	return &ImageSet{Pixels: pix, Labels: lab, N: dims[0], Rows: dims[1], Cols: dims[2], Classes: classes}, nil
}
