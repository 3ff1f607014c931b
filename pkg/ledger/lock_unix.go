//go:build unix

package ledger

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockFile, in the output folder, is held (flock) by the run writing to it.
const lockFile = ".reproduce.lock"

// lockDir takes the output folder for this run; a second run into the same folder fails at
// once instead of mixing its files with the first's. The kernel drops the lock when the
// process ends, however it ends.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("output folder %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("output folder %s: another run is writing to it (wait for it, or choose another -out)", dir)
		}
		return nil, fmt.Errorf("output folder %s: locking: %w", dir, err)
	}
	return func() { f.Close() }, nil
}
