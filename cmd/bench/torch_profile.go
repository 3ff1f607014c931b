package main

import (
	"fmt"
	"io"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

// torchProfile profiles steps PyTorch training steps of every reference workload in each
// precision at threads threads (peers.py's torch-profile) and writes, as CSV, the share of
// the step's operator time spent in matrix products: linear-algebra-burden's question, asked
// of PyTorch's loop (data/pytorch_step_profile.csv).
func torchProfile(w io.Writer, python string, precisions []nn.Precision, threads, steps int) error {
	fmt.Fprintf(w, "workload,precision,threads,steps,matmul_share,framework,measured\n")
	for _, p := range precisions {
		results, version, err := callPeers(python, "torch-profile", p.String(), threads, steps)
		if err != nil {
			return err
		}
		for _, r := range results {
			if r.Share == nil {
				return fmt.Errorf("%s %s: %s", r.Name, p, r.Error)
			}
			fmt.Fprintf(w, "%s,%s,%d,%d,%.4f,%s,%s\n", r.Name, p, threads, steps, *r.Share, version, time.Now().UTC().Format("2006-01-02"))
		}
	}
	return nil
}
