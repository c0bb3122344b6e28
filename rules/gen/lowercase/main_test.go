package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The lexicon keeps the words written in lower case only, sorted, and the
// same list gives the same bytes.
func TestLexicon(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "words")
	if err := os.WriteFile(src, []byte("guerrillas\nCordoba\ncolonel\ndon't\nTuesday\némigré\ncolonel\n\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	read := func(name string) []byte {
		if err := run(src, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := read("a.gz"), read("b.gz")
	if !bytes.Equal(a, b) {
		t.Error("two runs gave different bytes")
	}
	zr, err := gzip.NewReader(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	words, _ := io.ReadAll(zr)
	if got, want := strings.TrimSpace(string(words)), "colonel\nguerrillas\némigré"; got != want {
		t.Errorf("lexicon %q, want %q", got, want)
	}
}
