package notebook

import (
	"fmt"
	"html"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/janpfeifer/gonb/gonbui"
)

// Table shows rows under a header: in a notebook as an HTML table that scrolls sideways
// instead of wrapping its lines (a 190-column Printf table wraps in a narrow window), elsewhere
// as aligned text.
func Table(header []string, rows [][]string) {
	if !gonbui.IsNotebook {
		w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(w, strings.Join(header, "\t"))
		for _, r := range rows {
			fmt.Fprintln(w, strings.Join(r, "\t"))
		}
		w.Flush()
		return
	}
	gonbui.DisplayHTML(tableHTML(header, rows))
	gonbui.Sync()
}

func tableHTML(header []string, rows [][]string) string {
	var b strings.Builder
	cell := func(tag, s string) {
		fmt.Fprintf(&b, `<%s style="white-space:nowrap;text-align:left;padding:2px 10px">%s</%s>`, tag, html.EscapeString(s), tag)
	}
	b.WriteString(`<div style="overflow-x:auto"><table style="font-size:12px;border-collapse:collapse"><thead><tr>`)
	for _, h := range header {
		cell("th", h)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range rows {
		b.WriteString("<tr>")
		for _, c := range r {
			cell("td", c)
		}
		b.WriteString("</tr>")
	}
	b.WriteString(`</tbody></table></div>`)
	return b.String()
}
