package figures

import (
	"strings"
	"testing"
)

func TestPick(t *testing.T) {
	figs := []*Figure{New("a", "A", "x", "y"), New("a-b", "B", "x", "y"), New("a-c", "C", "x", "y")}
	for _, tc := range []struct {
		names []string
		want  string // names of the figures picked, or the error's text
	}{
		{[]string{"a-c"}, "a-c"},
		{[]string{"a-c", "a"}, "a-c a"},
		{nil, ""},
		{[]string{"a-*"}, "a-b a-c"},
		{[]string{"a-c", "a-*"}, "a-c a-b"},
		{[]string{"a-d"}, `no figure named "a-d" (have a, a-b, a-c)`},
		{[]string{"b-*"}, `no figure named "b-*" (have a, a-b, a-c)`},
	} {
		t.Run(strings.Join(tc.names, ","), func(t *testing.T) {
			got, err := Pick(figs, tc.names...)
			var s string
			if err != nil {
				s = err.Error()
			} else {
				var names []string
				for _, f := range got {
					names = append(names, f.Name)
				}
				s = strings.Join(names, " ")
			}
			if s != tc.want {
				t.Errorf("Pick(%q) = %q, want %q", tc.names, s, tc.want)
			}
		})
	}
}
