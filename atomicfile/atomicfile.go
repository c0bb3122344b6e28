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
)

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
	for range 100 {
		name := filepath.Join(dir, "."+base+".tmp"+strconv.FormatUint(rand.Uint64(), 36))
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
