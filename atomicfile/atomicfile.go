// Package atomicfile writes an output file whole or not at all: into a
// temporary file beside it, renamed over it on Commit, so a reader never
// sees half an output and a failed run leaves the old file as it was.
//
// The file gets the mode a shell redirect would give it: 0666 less the
// umask for a new file, the old file's mode for one it replaces
// (os.CreateTemp would make it 0600 whatever the umask).
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Temporary files are named ".NAME.tmpPID_RANDOM": the process that
// writes one is in its name, so a later Create can tell the leftover of a
// run that was killed (kill -9, a power cut: no deferred Abort ran) from a
// file another run is writing now, and remove it.

// File is an output being written.
type File struct {
	*os.File
	path string
}

// Create opens a temporary file in path's directory.
func Create(path string) (*File, error) {
	var keep fs.FileMode
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		keep = st.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	removeLeftovers(dir, base)
	prefix := "." + base + ".tmp" + strconv.Itoa(os.Getpid()) + "_"
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36))
		// O_EXCL with the redirect's 0666: the kernel applies the umask.
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if keep != 0 {
			if err := f.Chmod(keep); err != nil {
				f.Close()
				os.Remove(name)
				return nil, err
			}
		}
		return &File{File: f, path: path}, nil
	}
	return nil, fmt.Errorf("%s: no free temporary name beside it", path)
}

// Commit flushes the file to disk and renames it into place.
func (f *File) Commit() error {
	if err := f.File.Sync(); err != nil {
		f.Abort()
		return err
	}
	if err := f.File.Close(); err != nil {
		os.Remove(f.File.Name())
		return err
	}
	if err := os.Rename(f.File.Name(), f.path); err != nil {
		os.Remove(f.File.Name())
		return err
	}
	return nil
}

// Abort removes the temporary file; the old output, if any, stays.
func (f *File) Abort() {
	f.File.Close()
	os.Remove(f.File.Name())
}

// oldLeftover is the age past which a temporary file of the former naming
// (".NAME.tmpRANDOM", no process id) is taken for a leftover.
const oldLeftover = 24 * time.Hour

// removeLeftovers removes the temporary files beside dir/base that no
// running process is writing. Errors are ignored: a leftover that stays is
// no failure of this run.
func removeLeftovers(dir, base string) {
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	prefix := "." + base + ".tmp"
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || !e.Type().IsRegular() {
			continue
		}
		rest := name[len(prefix):]
		if pidStr, _, ok := strings.Cut(rest, "_"); ok {
			pid, err := strconv.Atoi(pidStr)
			if err != nil || pid == os.Getpid() || running(pid) {
				continue // another run's, or one of ours being written
			}
		} else if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < oldLeftover {
			continue
		}
		os.Remove(filepath.Join(dir, name))
	}
}

// running reports whether a process with that id exists (signal 0 checks
// without sending anything; EPERM: it exists, as another user's).
func running(pid int) bool {
	if pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
