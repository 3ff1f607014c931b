package nn

import "fmt"

// Data is a dataset in one contiguous row-major buffer: N rows of Dim inputs, with a class
// label per row (classification) and/or YDim regression targets per row.
type Data struct {
	X       []Float
	Dim     int
	Labels  []int
	Classes int
	Y       []Float
	YDim    int
}

// Len is the number of rows.
func (d Data) Len() int {
	if d.Dim == 0 {
		return 0
	}
	return len(d.X) / d.Dim
}

// Row returns row i's inputs (a view).
func (d Data) Row(i int) []Float { return d.X[i*d.Dim : (i+1)*d.Dim] }

// Validate reports inconsistent sizes or out-of-range labels.
func (d Data) Validate() error {
	if d.Dim <= 0 {
		return fmt.Errorf("nn: data has %d inputs per row", d.Dim)
	}
	if len(d.X)%d.Dim != 0 {
		return fmt.Errorf("nn: data holds %d values, not a whole number of rows of %d", len(d.X), d.Dim)
	}
	n := d.Len()
	if n == 0 {
		return fmt.Errorf("nn: data has no rows")
	}
	if d.Labels != nil {
		if len(d.Labels) != n {
			return fmt.Errorf("nn: %d labels for %d rows", len(d.Labels), n)
		}
		for i, c := range d.Labels {
			if c < 0 || c >= d.Classes {
				return fmt.Errorf("nn: label %d of row %d is outside 0..%d", c, i, d.Classes-1)
			}
		}
	}
	if d.Y != nil && (d.YDim <= 0 || len(d.Y) != n*d.YDim) {
		return fmt.Errorf("nn: %d targets for %d rows of %d", len(d.Y), n, d.YDim)
	}
	if d.Labels == nil && d.Y == nil {
		return fmt.Errorf("nn: data has neither labels nor targets")
	}
	return nil
}

// Subset copies the rows idx into a new dataset.
func (d Data) Subset(idx []int) Data {
	s := Data{Dim: d.Dim, Classes: d.Classes, YDim: d.YDim, X: make([]Float, 0, len(idx)*d.Dim)}
	if d.Labels != nil {
		s.Labels = make([]int, 0, len(idx))
	}
	if d.Y != nil {
		s.Y = make([]Float, 0, len(idx)*d.YDim)
	}
	for _, i := range idx {
		s.X = append(s.X, d.Row(i)...)
		if d.Labels != nil {
			s.Labels = append(s.Labels, d.Labels[i])
		}
		if d.Y != nil {
			s.Y = append(s.Y, d.Y[i*d.YDim:(i+1)*d.YDim]...)
		}
	}
	return s
}

// Slice returns rows [lo, hi) as a view sharing d's buffers.
func (d Data) Slice(lo, hi int) Data {
	s := Data{Dim: d.Dim, Classes: d.Classes, YDim: d.YDim, X: d.X[lo*d.Dim : hi*d.Dim]}
	if d.Labels != nil {
		s.Labels = d.Labels[lo:hi]
	}
	if d.Y != nil {
		s.Y = d.Y[lo*d.YDim : hi*d.YDim]
	}
	return s
}
