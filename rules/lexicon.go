package rules

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// LowercaseFile is the lexicon of a language's words written in lower case
// (rules/gen/lowercase makes it from a word list), relative to its folder.
const LowercaseFile = "lowercase.txt.gz"

// loadLowercase reads a language's lower-case lexicon: one word per line,
// gzipped. A rules folder without one restores no case (nil set).
func loadLowercase(fsys fs.FS, name string) (map[string]bool, error) {
	f, err := fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("rules: %s: %w", name, err)
	}
	out := map[string]bool{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			out[w] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("rules: %s: %w", name, err)
	}
	return out, nil
}
