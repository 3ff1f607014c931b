package claims

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/dlreturns/dlreturns/data"
)

// pytorchProfileFile is PyTorch's matrix-product share of a training step on the reference
// workloads, measured by cmd/bench -torch-profile (see data/README.md).
const pytorchProfileFile = "pytorch_step_profile.csv"

// PeerShare is one row of it: a workload, a precision and the share of the step's operator
// time in matrix products.
type PeerShare struct {
	Workload, Precision, Framework string
	Share                          float64
}

// readPeerShares reads the committed PyTorch profile, with errors that name the file and
// line of a malformed row.
func readPeerShares() ([]PeerShare, error) {
	f, err := data.Open(pytorchProfileFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 7
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("data/%s: header: %w", pytorchProfileFile, err)
	}
	if header[0] != "workload" || header[4] != "matmul_share" {
		return nil, fmt.Errorf("data/%s: header %v, want workload,...,matmul_share,...", pytorchProfileFile, header)
	}
	var out []PeerShare
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("data/%s: %w", pytorchProfileFile, err)
		}
		share, err := strconv.ParseFloat(rec[4], 64)
		if err != nil || !(share >= 0 && share <= 1) {
			return nil, fmt.Errorf("data/%s:%d: matmul_share %q is not a share between 0 and 1", pytorchProfileFile, line, rec[4])
		}
		out = append(out, PeerShare{Workload: rec[0], Precision: rec[1], Framework: rec[5], Share: share})
	}
}
