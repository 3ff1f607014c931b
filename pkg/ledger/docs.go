package ledger

import (
	"fmt"
	"strings"
)

// Text generated from the table: the README's gallery, the index notebook's list of claims
// and the table of docs/CLAIMS.md. TestGeneratedText keeps the committed copies equal to
// these (go test ./pkg/ledger -run TestGeneratedText -regen rewrites them).

// GalleryMarker, IndexMarker and ClaimsDocMarker open the generated parts of README.md,
// notebooks/00-index.ipynb and docs/CLAIMS.md; the parts end at the next blank line.
const (
	GalleryMarker   = "<!-- gallery: generated from the claims table by `go test ./pkg/ledger -run TestGeneratedText -regen`; do not edit -->"
	IndexMarker     = "<!-- claims: generated from the claims table by `go test ./pkg/ledger -run TestGeneratedText -regen`; do not edit -->"
	ClaimsDocMarker = "<!-- claims table: generated from the claims' Info by `go test ./pkg/ledger -run TestGeneratedText -regen`; do not edit -->"
	TiersDocMarker  = "<!-- tiers table: generated from the claims' Info.Tiers by `go test ./pkg/ledger -run TestGeneratedText -regen`; do not edit -->"
)

// Gallery is the README's table of one figure per claim, with links to its notebook.
func Gallery() string {
	var b strings.Builder
	b.WriteString(GalleryMarker + "\n| claim | figure |\n|---|---|\n")
	for _, e := range table {
		i := e.Info
		fmt.Fprintf(&b, "| **%s**<br>%s (%s)<br>notebook: [%s](notebooks/%s) | <img src=\"figures/%s.png\" width=\"420\" alt=\"%s\"> |\n",
			i.ID, cell(i.Title), i.Source, strings.TrimSuffix(i.Notebook, ".ipynb"), i.Notebook, i.GalleryFigure(), i.GalleryFigure())
	}
	return b.String()
}

// Index is the index notebook's table of the claims and the notebook that explores each.
func Index() string {
	var b strings.Builder
	b.WriteString(IndexMarker + "\n| notebook | claim | source | what the article says |\n|---|---|---|---|\n")
	for _, e := range table {
		i := e.Info
		fmt.Fprintf(&b, "| [%s](%s) | `%s` | %s | %s |\n", strings.TrimSuffix(i.Notebook, ".ipynb"), i.Notebook, i.ID, i.Source, cell(i.Title))
	}
	return b.String()
}

// ClaimsDoc is the table of docs/CLAIMS.md: each claim, its source, what the lab measures and
// when that counts as reproduced.
func ClaimsDoc() string {
	var b strings.Builder
	b.WriteString(ClaimsDocMarker + "\n| id | the claim (source) | what the lab measures | counts as reproduced when |\n|---|---|---|---|\n")
	for _, e := range table {
		i := e.Info
		fmt.Fprintf(&b, "| `%s` | %s (%s) | %s | %s |\n", i.ID, cell(i.Claim), i.Source, cell(i.Measure), cell(i.Reproduced))
	}
	return b.String()
}

// TiersDoc is docs/CLAIMS.md's table of what each tier (reproduce -scale) runs per claim,
// and the precision its networks train in (Info.Precision; — for a claim that trains none).
func TiersDoc() string {
	var b strings.Builder
	b.WriteString(TiersDocMarker + "\n| id | trains in | quick | full (the default) | paper |\n|---|---|---|---|---|\n")
	for _, e := range table {
		i := e.Info
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", i.ID, tierCell(i.Precision), tierCell(i.Tiers.Quick), tierCell(i.Tiers.Full), tierCell(i.Tiers.Paper))
	}
	return b.String()
}

func tierCell(s string) string {
	if s == "" {
		return "—"
	}
	return cell(s)
}

// ClaimsList is the text of `reproduce -list`: one line per claim.
func ClaimsList() string {
	var b strings.Builder
	for _, e := range table {
		fmt.Fprintf(&b, "%-34s %-16s %s\n", e.Info.ID, e.Info.Source, e.Info.Title)
	}
	return b.String()
}
