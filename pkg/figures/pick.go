package figures

import (
	"fmt"
	"path"
	"strings"
)

// Pick returns the figures with these names, in the order named, so that a notebook shows a
// figure by its name rather than by its position in a figure function's list:
//
//	figs, err := figures.DataScaling(r)
//	notebook.Must(err)
//	notebook.Show(figures.Pick(figs, "data-scaling-mnist"))
//
// A name may be a pattern of path.Match ("catastrophic-forgetting-curves-*"), for figure sets
// whose members depend on the settings. A name or pattern that matches no figure is an error
// listing the names there are.
func Pick(figs []*Figure, names ...string) ([]*Figure, error) {
	out := make([]*Figure, 0, len(names))
	picked := map[*Figure]bool{}
	for _, name := range names {
		matched := false
		for _, f := range figs {
			ok, err := path.Match(name, f.Name)
			if err != nil {
				return nil, fmt.Errorf("figure name pattern %q: %w", name, err)
			}
			if ok {
				matched = true
				if !picked[f] {
					picked[f] = true
					out = append(out, f)
				}
			}
		}
		if !matched {
			have := make([]string, len(figs))
			for j, f := range figs {
				have[j] = f.Name
			}
			return nil, fmt.Errorf("no figure named %q (have %s)", name, strings.Join(have, ", "))
		}
	}
	return out, nil
}
