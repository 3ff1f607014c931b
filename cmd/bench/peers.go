package main

import (
	"bufio"
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

// peerConfig is peers.py's first line of input: the framework, precision, threads and the
// reference workloads (steps: the steps to profile, for torch-profile).
func peerConfig(framework, dtype string, threads, steps int) []byte {
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
		Steps     int        `json:"steps"`
		Workloads []workload `json:"workloads"`
	}{Framework: framework, DType: dtype, Threads: threads, Steps: steps}
	for _, w := range nn.ReferenceWorkloads {
		loss := "ce"
		if w.Loss == nn.MSE {
			loss = "mse"
		}
		in.Workloads = append(in.Workloads, workload{w.Name, w.Sizes, w.Batch, loss})
	}
	body, err := json.Marshal(in) // one line: no newlines inside
	if err != nil {
		panic(err) // plain structs always marshal
	}
	return append(body, '\n')
}

// peerError turns a failed peers.py into an error: a framework that is not installed (exit
// status 3) gives peers.py's one-line message, anything else the last line of its stderr.
func peerError(python string, err error, stderr string) error {
	msg := strings.TrimSpace(stderr)
	if i := strings.LastIndex(msg, "\n"); i >= 0 {
		msg = msg[i+1:]
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 {
		return errors.New(msg) // not installed
	}
	return fmt.Errorf("%s: %v %s", python, err, msg)
}

// callPeers runs peers.py's torch-profile on the reference workloads, steps steps each.
func callPeers(python, framework, dtype string, threads, steps int) ([]peerResult, string, error) {
	cmd := exec.Command(python, "-c", peersScript)
	cmd.Stdin = bytes.NewReader(peerConfig(framework, dtype, threads, steps))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, "", peerError(python, err, stderr.String())
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

// peerProc is a running peers.py that trains one framework's workloads window by window
// (see peers.py), so that its windows can alternate with Go's.
type peerProc struct {
	framework string
	version   string
	errors    map[string]string // workloads it could not build, with why
	cmd       *exec.Cmd
	in        io.WriteCloser
	out       *bufio.Reader
	stderr    bytes.Buffer
	dead      error // why the process ended, once it has
}

// startPeer starts peers.py for one framework and waits until it has built and warmed up
// every workload. A framework that is not installed is an error with peers.py's message.
func startPeer(python, framework, dtype string, threads int) (*peerProc, error) {
	p := &peerProc{framework: framework, cmd: exec.Command(python, "-c", peersScript)}
	p.cmd.Stderr = &p.stderr
	in, err := p.cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %w", python, err)
	}
	p.in, p.out = in, bufio.NewReader(out)
	if _, err := p.in.Write(peerConfig(framework, dtype, threads, 0)); err != nil {
		return nil, p.ended()
	}
	var hello struct {
		Version string            `json:"version"`
		Errors  map[string]string `json:"errors"`
	}
	if err := p.read(&hello); err != nil {
		return nil, err
	}
	p.version, p.errors = hello.Version, hello.Errors
	return p, nil
}

// read decodes peers.py's next line into v; if the process ended instead, the error says
// why.
func (p *peerProc) read(v any) error {
	line, err := p.out.ReadBytes('\n')
	if err != nil {
		return p.ended()
	}
	if err := json.Unmarshal(line, v); err != nil {
		return fmt.Errorf("reading %s's answer %q: %w", peerNames[p.framework], line, err)
	}
	return nil
}

// ended waits for a peers.py that stopped answering and returns why it ended (the same
// error for every later window).
func (p *peerProc) ended() error {
	if p.dead == nil {
		err := p.cmd.Wait()
		if err == nil {
			err = errors.New("exited without answering")
		}
		p.dead = peerError(p.cmd.Path, err, p.stderr.String())
	}
	return p.dead
}

// window trains workload name for about d and returns samples/s.
func (p *peerProc) window(name string, d time.Duration) (float64, error) {
	if msg, ok := p.errors[name]; ok {
		return 0, errors.New(msg)
	}
	if p.dead != nil {
		return 0, p.dead
	}
	if _, err := fmt.Fprintf(p.in, "%s %.3f\n", name, d.Seconds()); err != nil {
		return 0, p.ended()
	}
	var ans struct {
		Rate  float64 `json:"rate"`
		Error string  `json:"error"`
	}
	if err := p.read(&ans); err != nil {
		return 0, err
	}
	if ans.Error != "" {
		return 0, errors.New(ans.Error)
	}
	return ans.Rate, nil
}

// close ends the process (peers.py stops at the end of its input).
func (p *peerProc) close() {
	p.in.Close()
	if p.dead == nil {
		p.cmd.Wait()
	}
}
