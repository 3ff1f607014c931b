// Package numfmt writes numbers for people, one way everywhere: figure notes and labels,
// verdict reasons, REPORT.md and the notebooks' printed tables. results.json and the CSV
// files keep full-precision numbers for machines; this package is only for text people read.
//
// The rules (Sig; Number is Sig with 3 significant digits):
//
//   - A number is first rounded to its significant digits; trailing zeros after the decimal
//     point are dropped (2.50 → "2.5").
//   - Below 1,000 it is written plainly: 0.0123, 2.12, 36.7, 512.
//   - From 1,000 to below a million, as a whole number with thousands separators: 12,000;
//     922,000 (921,816 to 3 digits).
//   - From a million to below 10¹⁵, in words: 4.7 million, 16 billion, 1.2 trillion.
//   - From 10¹⁵ up, and below 0.001, as a power of ten with superscript digits: 1.1×10¹⁵,
//     10²⁸ (a mantissa of 1 is left out), 3×10⁻⁴.
//   - Negative numbers take a leading "-"; NaN is "NaN" and infinities are "∞" and "-∞".
//
// Range writes two numbers joined by an en dash, sharing the larger's word ("0.92–18
// million", not "921,816–18 million"); Interval writes a value and its range in brackets;
// Money prefixes "US$". The tick labels of log axes are drawn by pkg/figures with their own
// powers of ten.
package numfmt
