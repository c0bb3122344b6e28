package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// Exists reports whether a store is at path.
func Exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// OpenExisting opens the store at path for the commands that read one: a
// mistyped --db must not create an empty store and report on it.
func OpenExisting(path string) (*Store, error) {
	if !Exists(path) {
		return nil, fmt.Errorf("dataset: no store at %s (create it with 'extract ingest --db %s PATH...')", path, path)
	}
	return Open(path)
}

// Remove deletes a store and SQLite's files beside it (write-ahead log,
// shared memory), for an ingest that failed before storing anything.
func Remove(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
