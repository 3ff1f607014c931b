// Package notebooks holds the GoNB notebooks (one per claim or pair of claims) and the test
// that executes every one of them through the real gonb kernel with
// `jupyter nbconvert --execute`, in quick mode.
//
// Notebook conventions, checked by the test:
//   - The first code cell wires the kernel to this module without network access:
//     %noautoget, a go.work that uses ${GONB_DIR}/.., then %goworkfix.
//   - Cells that draw a figure carry the cell tag "figure" and must output an image.
//   - No cell may end in an error output, a "panic:" or an "exit status" on stderr (nbconvert
//     itself exits 0 after a runtime panic).
//
// Install the kernel with notebooks/install-kernel.sh.
package notebooks
