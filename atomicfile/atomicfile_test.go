package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

func write(t *testing.T, path, text string) {
	t.Helper()
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
}

func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// A new output gets 0666 less the umask, as `> FILE` would.
func TestModeFollowsUmask(t *testing.T) {
	for _, c := range []struct {
		umask int
		want  fs.FileMode
	}{{0o022, 0o644}, {0o077, 0o600}, {0o002, 0o664}} {
		old := syscall.Umask(c.umask)
		path := filepath.Join(t.TempDir(), "out.csv")
		write(t, path, "x\n")
		syscall.Umask(old)
		if got := mode(t, path); got != c.want {
			t.Errorf("umask %03o: mode %03o, want %03o", c.umask, got, c.want)
		}
	}
}

// Replacing a file keeps its mode, as a redirect onto it would.
func TestReplaceKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	write(t, path, "new\n")
	if got := mode(t, path); got != 0o640 {
		t.Errorf("mode %03o, want 0640 kept", got)
	}
	if data, _ := os.ReadFile(path); string(data) != "new\n" {
		t.Errorf("content %q", data)
	}
}

// An aborted output leaves the old file and no temporary file.
func TestAbortLeavesOld(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half")
	f.Abort()
	if data, _ := os.ReadFile(path); string(data) != "old\n" {
		t.Errorf("content %q, want the old file", data)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files left, want 1", len(ents))
	}
}

// A kill -9 during a write left a 13 MB ".NAME.tmpNNN" that later runs
// never removed. The next Create removes the temporary files of processes
// that no longer run, and old ones of the former naming; it keeps those of
// running processes.
func TestLeftoversRemoved(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.jsonl")
	// A process id that ran and is gone: a child that exited.
	p, err := os.StartProcess("/bin/true", []string{"true"}, &os.ProcAttr{})
	if err != nil {
		t.Skip(err)
	}
	p.Wait()
	dead := filepath.Join(dir, ".out.jsonl.tmp"+strconv.Itoa(p.Pid)+"_abc")
	live := filepath.Join(dir, ".out.jsonl.tmp1_abc") // init: always running
	old := filepath.Join(dir, ".out.jsonl.tmpxyz123")
	recent := filepath.Join(dir, ".out.jsonl.tmpxyz456")
	other := filepath.Join(dir, ".other.jsonl.tmp"+strconv.Itoa(p.Pid)+"_abc")
	for _, f := range []string{dead, live, old, recent, other} {
		if err := os.WriteFile(f, []byte("partial"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-48 * time.Hour)
	if err := os.Chtimes(old, long, long); err != nil {
		t.Fatal(err)
	}
	write(t, out, "done\n")
	for f, want := range map[string]bool{dead: false, old: false, live: true, recent: true, other: true} {
		if _, err := os.Stat(f); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", filepath.Base(f), err == nil, want)
		}
	}
}
