package notebooks

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Notebook is the part of an .ipynb file the checks read.
type Notebook struct {
	Cells []Cell `json:"cells"`
}

// Cell is one notebook cell.
type Cell struct {
	Type     string `json:"cell_type"`
	ID       string `json:"id"`
	Source   lines  `json:"source"`
	Metadata struct {
		Tags []string `json:"tags"`
	} `json:"metadata"`
	Outputs []Output `json:"outputs"`
}

// Output is one cell output.
type Output struct {
	Type   string                     `json:"output_type"`
	Name   string                     `json:"name"` // stream: stdout or stderr
	Text   lines                      `json:"text"`
	Data   map[string]json.RawMessage `json:"data"`
	EName  string                     `json:"ename"`
	EValue string                     `json:"evalue"`
}

// lines is a notebook string field, stored either as one string or as a list of lines.
type lines string

func (l *lines) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*l = lines(s)
		return nil
	}
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil {
		return err
	}
	*l = lines(strings.Join(parts, ""))
	return nil
}

// ReadNotebook parses an .ipynb file.
func ReadNotebook(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseNotebook(b, path)
}

// ParseNotebook parses an .ipynb file's content; path names it in errors.
func ParseNotebook(b []byte, path string) (*Notebook, error) {
	var nb Notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &nb, nil
}

// HasTag reports whether the cell carries a tag.
func (c Cell) HasTag(tag string) bool {
	for _, t := range c.Metadata.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// CheckConventions reports a notebook whose first code cell does not wire the kernel to the
// module as the conventions require, or a cell without the unique id that nbformat 4.5
// requires (nbconvert warns of it, and future versions will refuse the notebook).
func CheckConventions(nb *Notebook) []string {
	problems := checkCellIDs(nb)
	for _, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		for _, want := range []string{"%noautoget", "go work init", `go work use . "${GONB_DIR}/..`, "%goworkfix"} {
			if !strings.Contains(string(c.Source), want) {
				problems = append(problems, fmt.Sprintf("first code cell lacks %q", want))
			}
		}
		return problems
	}
	return append(problems, "no code cell")
}

// cellID is nbformat 4.5's pattern for a cell id.
var cellID = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

func checkCellIDs(nb *Notebook) []string {
	var problems []string
	seen := map[string]int{}
	for i, c := range nb.Cells {
		where := fmt.Sprintf("cell %d (%s)", i+1, firstLine(string(c.Source)))
		switch {
		case c.ID == "":
			problems = append(problems, where+" has no id; open and save the notebook in JupyterLab, or copy the id of the same cell in figures/notebooks/")
		case !cellID.MatchString(c.ID):
			problems = append(problems, fmt.Sprintf("%s: id %q is not 1–64 letters, digits, - or _", where, c.ID))
		case seen[c.ID] > 0:
			problems = append(problems, fmt.Sprintf("%s has the id %q of cell %d", where, c.ID, seen[c.ID]))
		default:
			seen[c.ID] = i + 1
		}
	}
	return problems
}

// CheckExecuted reports every problem in an executed notebook: error outputs, panics and
// non-zero exits on stderr, figure cells without an image, cells that did not run.
func CheckExecuted(nb *Notebook) []string {
	var problems []string
	code := 0
	for _, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		code++
		where := fmt.Sprintf("code cell %d (%s)", code, firstLine(string(c.Source)))
		image := false
		for _, o := range c.Outputs {
			switch o.Type {
			case "error":
				problems = append(problems, fmt.Sprintf("%s: error output %s: %s", where, o.EName, o.EValue))
			case "stream":
				text := string(o.Text)
				if o.Name == "stderr" && (strings.Contains(text, "panic:") || strings.Contains(text, "exit status")) {
					problems = append(problems, fmt.Sprintf("%s: stderr reports a failure:\n%s", where, indent(tail(text, 12))))
				}
			case "display_data", "execute_result":
				if _, ok := o.Data["image/png"]; ok {
					image = true
				}
				if _, ok := o.Data["image/svg+xml"]; ok {
					image = true
				}
			}
		}
		if c.HasTag("figure") && !image {
			problems = append(problems, fmt.Sprintf("%s: tagged \"figure\" but produced no image", where))
		}
	}
	return problems
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "%%") {
			if len(l) > 60 {
				l = l[:60] + "…"
			}
			return l
		}
	}
	return s
}

func tail(s string, n int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

func indent(s string) string { return "\t" + strings.ReplaceAll(s, "\n", "\n\t") }
