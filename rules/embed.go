// Package rules holds the rule files (triggers, casualty patterns, weapons,
// targets, boilerplate, group aliases, gazetteer) as data. The defaults are
// embedded in the binary; --rules DIR replaces them without recompiling.
package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
)

//go:embed defaults
var embedded embed.FS

// Defaults returns the embedded default rule files, rooted so that
// "gazetteer/..." or "triggers.yaml" are top-level paths.
func Defaults() fs.FS {
	sub, err := fs.Sub(embedded, "defaults")
	if err != nil {
		// fs.Sub only fails on an invalid path literal, which is a build bug.
		panic(err)
	}
	return sub
}

// Open returns the rule files of dir, or the embedded defaults when dir is "".
func Open(dir string) (fs.FS, error) {
	if dir == "" {
		return Defaults(), nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("rules: %s is not a directory", dir)
	}
	return os.DirFS(dir), nil
}
