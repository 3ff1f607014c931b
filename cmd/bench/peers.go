package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"

	"github.com/dlreturns/dlreturns/pkg/nn"
)

//go:embed peers.py
var peersScript string

// peerNames are the column titles of the peers peers.py can run.
var peerNames = map[string]string{"torch": "PyTorch eager", "torch-compile": "torch.compile", "jax": "JAX jit"}

// runPeer trains the reference workloads with one framework in python and returns
// samples/s by workload name (absent where it failed) and the framework's version.
func runPeer(python, framework, dtype string, threads int, seconds float64) (map[string]float64, string, error) {
	type workload struct {
		Name  string `json:"name"`
		Sizes []int  `json:"sizes"`
		Batch int    `json:"batch"`
		Loss  string `json:"loss"`
	}
	in := struct {
		Framework string     `json:"framework"`
		DType     string     `json:"dtype"`
		Threads   int        `json:"threads"`
		Seconds   float64    `json:"seconds"`
		Workloads []workload `json:"workloads"`
	}{Framework: framework, DType: dtype, Threads: threads, Seconds: seconds}
	for _, w := range nn.ReferenceWorkloads {
		loss := "ce"
		if w.Loss == nn.MSE {
			loss = "mse"
		}
		in.Workloads = append(in.Workloads, workload{w.Name, w.Sizes, w.Batch, loss})
	}
	body, err := json.Marshal(in)
	if err != nil {
		return nil, "", err
	}
	cmd := exec.Command(python, "-c", peersScript)
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if i := strings.LastIndex(msg, "\n"); i >= 0 {
			msg = msg[i+1:]
		}
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 3 {
			return nil, "", errors.New(msg) // not installed
		}
		return nil, "", fmt.Errorf("%s: %v %s", python, err, msg)
	}
	var res struct {
		Version string `json:"version"`
		Results []struct {
			Name  string   `json:"name"`
			Rate  *float64 `json:"samples_per_s"`
			Error string   `json:"error"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, "", fmt.Errorf("reading the %s results: %w", framework, err)
	}
	rates := map[string]float64{}
	for _, r := range res.Results {
		if r.Rate != nil {
			rates[r.Name] = *r.Rate
		} else {
			fmt.Printf("%s %s %s failed: %s\n", peerNames[framework], dtype, r.Name, r.Error)
		}
	}
	return rates, res.Version, nil
}
