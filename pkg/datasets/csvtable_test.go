package datasets

import (
	"strings"
	"testing"
)

// Issue 14, case 8: a byte-order mark before the header is not part of the first column's
// name, and a column named twice is an error rather than a silent choice of one copy.
func TestCSVHeader(t *testing.T) {
	const row = "1954,IBM 704,mainframe,1.2e4,36-bit float,,a source\n"
	for _, tc := range []struct {
		name, header, want string
	}{
		{"plain", "year,machine,kind,peak_flops,precision,note,source\n", ""},
		{"byte-order mark", "\uFEFFyear,machine,kind,peak_flops,precision,note,source\n", ""},
		{"duplicated column", "year,machine,kind,peak_flops,precision,year,source\n", `t.csv:1: column "year" appears twice (columns 1 and 6)`},
		{"duplicated after trimming", "year,machine,kind,peak_flops,precision, kind ,source\n", `column "kind" appears twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := ReadMachines(strings.NewReader(tc.header+row), "t.csv")
			if tc.want == "" {
				if err != nil || len(ms) != 1 || ms[0].Year != 1954 {
					t.Fatalf("got %v, %v; want one machine of 1954", ms, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error saying %q", err, tc.want)
			}
		})
	}
}
