package rules

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Recognition knowledge lives in rule files, not in Go: the shared goknow
// tool counts the word lists and literal regexps written into the non-test
// Go code, and at most a few schema-like ones may stay (HTML meta tag
// names, wiki markup, the SQL of the store's dump).
func TestKnowledgeIsData(t *testing.T) {
	tool, err := filepath.Abs("../../shared/tools/goknow")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(tool, "main.go")); err != nil {
		t.Skip("goknow not present beside the repository")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "run", ".", root)
	cmd.Dir = tool
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	out, _ := cmd.CombinedOutput() // exits 1 whenever it counts anything
	m := regexp.MustCompile(`knowledge in Go: (\d+) string lists \(\d+ strings\), (\d+) literal regexps`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("goknow said:\n%s", out)
	}
	var lists, regexps int
	fmt.Sscan(string(m[1]), &lists)
	fmt.Sscan(string(m[2]), &regexps)
	if lists > 5 || regexps > 5 {
		t.Errorf("%d string lists and %d literal regexps in Go, want at most 5 of each:\n%s", lists, regexps, strings.TrimSpace(string(out)))
	}
}
