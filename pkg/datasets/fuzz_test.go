package datasets

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/dlreturns/dlreturns/data"
)

// The fuzz targets below check that no input makes a loader panic, allocate beyond its
// limits or return something inconsistent; the seed corpora in testdata/fuzz hold the
// malformed files of issue 14 and any input a fuzzing run found.

func FuzzParseIDX(f *testing.F) {
	f.Add(gzipBytes(idxBytes(idxImages, []uint32{1, 28, 28}, make([]byte, 784)), 6), true)
	f.Add(gzipBytes(idxBytes(idxLabels, []uint32{3}, []byte{0, 1, 9}), 6), false)
	f.Add(gzipBytes(idxBytes(idxImages, []uint32{131072, 512, 512}, nil), 6), true)
	f.Add(gzipBytes(idxBytes(idxImages, []uint32{2, 27, 29}, make([]byte, 2*27*29)), gzip.NoCompression), true)
	f.Fuzz(func(t *testing.T, file []byte, images bool) {
		magic, ndim := uint32(idxLabels), 1
		if images {
			magic, ndim = idxImages, 3
		}
		dims, data, err := parseIDX("fuzz.gz", file, magic, ndim)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.gz: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if len(dims) != ndim {
			t.Fatalf("%d dimensions, want %d", len(dims), ndim)
		}
		total := 1
		for _, d := range dims {
			total *= d
		}
		if total != len(data) || total > idxMaxDataBytes {
			t.Fatalf("dims %v but %d bytes", dims, len(data))
		}
		if !images {
			return
		}
		set, err := pairImages("img", "lab", dims, data, ImageShape{28, 28, 10}, func() ([]int, []byte, error) {
			return []int{dims[0]}, make([]byte, dims[0]), nil
		})
		if err == nil && (set.Rows != 28 || set.Cols != 28 || len(set.Pixels) != set.N*784) {
			t.Fatalf("accepted %d images of %d×%d in %d bytes", set.N, set.Rows, set.Cols, len(set.Pixels))
		}
	})
}

func embedded(f *testing.F, name string) []byte {
	b, err := io.ReadAll(must(data.Open(name)))
	if err != nil {
		f.Fatal(err)
	}
	return b
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func FuzzReadMachines(f *testing.F) {
	f.Add(embedded(f, HardwareGrowthFile))
	f.Add([]byte("\uFEFFyear,machine,kind,peak_flops,precision,source\n1954,IBM 704,mainframe,1.2e4,x,y\n"))
	f.Add([]byte("year,machine,kind,peak_flops,precision,year,source\n1,2,3,4,5,6,7\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ms, err := ReadMachines(bytes.NewReader(b), "m.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "m.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, m := range ms {
			if !(m.PeakFLOPS > 0) || m.Year < 1900 || m.Year > 2100 || m.Name == "" || m.Source == "" {
				t.Fatalf("accepted an invalid row: %+v", m)
			}
		}
	})
}

func FuzzReadImageNetModels(f *testing.F) {
	f.Add(embedded(f, ImageNetComputeFile))
	f.Add(embedded(f, ImageNetThompsonFile))
	f.Add([]byte("\uFEFF" + strings.Join(imagenetColumns, ",") + "\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ms, err := ReadImageNetModels(bytes.NewReader(b), "i.csv")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "i.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if len(ms) == 0 {
			t.Fatal("no models and no error")
		}
	})
}
