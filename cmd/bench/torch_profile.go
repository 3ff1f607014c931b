package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

//go:embed torch_profile.py
var torchProfileScript string

// torchProfile profiles steps PyTorch training steps of every reference workload in each
// precision at threads threads and writes, as CSV, the share of the step's operator time
// spent in matrix products (linear-algebra-burden's question, asked of PyTorch's loop).
func torchProfile(w io.Writer, python string, precisions []nn.Precision, threads, steps int) error {
	type workload struct {
		Name  string `json:"name"`
		Sizes []int  `json:"sizes"`
		Batch int    `json:"batch"`
		Loss  string `json:"loss"`
	}
	var ws []workload
	for _, r := range nn.ReferenceWorkloads {
		loss := "ce"
		if r.Loss == nn.MSE {
			loss = "mse"
		}
		ws = append(ws, workload{r.Name, r.Sizes, r.Batch, loss})
	}
	fmt.Fprintf(w, "workload,precision,threads,steps,matmul_share,framework,measured\n")
	for _, p := range precisions {
		body, err := json.Marshal(map[string]any{"dtype": p.String(), "threads": threads, "steps": steps, "workloads": ws})
		if err != nil {
			return err
		}
		cmd := exec.Command(python, "-c", torchProfileScript)
		cmd.Stdin = bytes.NewReader(body)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			var exit *exec.ExitError
			if errors.As(err, &exit) && exit.ExitCode() == 3 {
				return errors.New(strings.TrimSpace(stderr.String()))
			}
			return fmt.Errorf("%s torch_profile.py: %v %s", python, err, strings.TrimSpace(stderr.String()))
		}
		var res struct {
			Version string `json:"version"`
			Results []struct {
				Name  string   `json:"name"`
				Share *float64 `json:"share"`
			} `json:"results"`
		}
		if err := json.Unmarshal(out, &res); err != nil {
			return fmt.Errorf("reading torch_profile.py's output: %w", err)
		}
		for _, r := range res.Results {
			if r.Share == nil {
				return fmt.Errorf("%s %s: no operator time recorded", r.Name, p)
			}
			fmt.Fprintf(w, "%s,%s,%d,%d,%.4f,%s,%s\n", r.Name, p, threads, steps, *r.Share, res.Version, time.Now().UTC().Format("2006-01-02"))
		}
	}
	return nil
}
