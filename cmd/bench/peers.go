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

// peerResult is peers.py's answer for one workload.
type peerResult struct {
	Name  string   `json:"name"`
	Rate  *float64 `json:"samples_per_s"`
	Share *float64 `json:"share"`
	Error string   `json:"error"`
}

// runPeer trains the reference workloads with one framework in python and returns
// samples/s by workload name (absent where it failed) and the framework's version.
func runPeer(python, framework, dtype string, threads int, seconds float64, windows int) (map[string]float64, string, error) {
	results, version, err := callPeers(python, framework, dtype, threads, seconds, windows, 0)
	if err != nil {
		return nil, "", err
	}
	rates := map[string]float64{}
	for _, r := range results {
		if r.Rate != nil {
			rates[r.Name] = *r.Rate
		} else {
			fmt.Printf("%s %s %s failed: %s\n", peerNames[framework], dtype, r.Name, r.Error)
		}
	}
	return rates, version, nil
}

// callPeers runs peers.py with one framework on the reference workloads (steps: the
// steps to profile, for torch-profile). A framework that is not installed is an error
// with peers.py's one-line message.
func callPeers(python, framework, dtype string, threads int, seconds float64, windows, steps int) ([]peerResult, string, error) {
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
		Windows   int        `json:"windows"`
		Steps     int        `json:"steps"`
		Workloads []workload `json:"workloads"`
	}{Framework: framework, DType: dtype, Threads: threads, Seconds: seconds, Windows: windows, Steps: steps}
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
		Version string       `json:"version"`
		Results []peerResult `json:"results"`
	}
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, "", fmt.Errorf("reading the %s results: %w", framework, err)
	}
	return res.Results, res.Version, nil
}
