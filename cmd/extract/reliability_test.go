package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A run that does not stop by itself after a signal is stopped with status
// 130 once the grace is over.
func TestHardStopAfterGrace(t *testing.T) {
	sigs := make(chan os.Signal, 1)
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go hardStop(sigs, 10*time.Millisecond, &stderr, func(n int) { code <- n })
	sigs <- syscall.SIGTERM
	select {
	case n := <-code:
		if n != exitInterrupted {
			t.Errorf("exit %d, want %d", n, exitInterrupted)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no exit after the grace")
	}
	if !strings.Contains(stderr.String(), "terminated") {
		t.Errorf("stderr %q does not name the signal", stderr.String())
	}
}

// A named pipe in the input folder blocked the run for ever; it is refused
// by its type, the rest of the folder is read, and the status is 1.
func TestRunRefusesFIFO(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), articleA)
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan struct{})
	var code int
	var out, stderr string
	go func() {
		defer close(done)
		code, out, stderr = runCLI("run", "-q", dir)
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the run blocked on the FIFO")
	}
	if code != exitFailed || !strings.Contains(stderr, "fifo.txt: a named pipe (FIFO), not a regular file") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if docsOf(t, out)["a.txt"] == 0 {
		t.Errorf("a.txt lost: %q", out)
	}
}

// A bad sidecar rejected its document: the document is read without that
// metadata, a note says so, and the status at the end is 1.
func TestBadSidecarNoteAndStatus(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.txt"), articleA)
	writeFile(t, filepath.Join(dir, "a.meta.json"), `{"published": "not a date"}`)
	writeFile(t, filepath.Join(dir, "b.txt"), articleB)
	writeFile(t, filepath.Join(dir, "b.meta.json"), `{"published": `)
	code, out, stderr := runCLI("run", "-q", dir)
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	docs := docsOf(t, out)
	if docs["a.txt"] == 0 || docs["b.txt"] == 0 {
		t.Errorf("records %v, want both documents read", docs)
	}
	for _, want := range []string{"a.txt: note: sidecar ", `published "not a date"`, "b.txt: note: sidecar ", "read without it"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q lacks %q", stderr, want)
		}
	}
	if n := strings.Count(strings.TrimSpace(stderr), "\n") + 1; n != 2 {
		t.Errorf("%d lines on stderr, want one per document: %q", n, stderr)
	}
	// clean says so too, and prints the text.
	code, out, stderr = runCLI("clean", filepath.Join(dir, "a.txt"))
	if code != exitFailed || !strings.Contains(out, "Magas") || !strings.Contains(stderr, "note:") {
		t.Errorf("clean: exit %d, out %q, stderr %q", code, out, stderr)
	}
}

// A UTF-16LE file with a byte order mark, text or HTML, is decoded with a
// note, never refused as binary.
func TestUTF16FilesRead(t *testing.T) {
	dir := t.TempDir()
	enc := func(s string) string {
		var b strings.Builder
		b.WriteString("\xff\xfe")
		for _, r := range s {
			b.WriteByte(byte(r))
			b.WriteByte(byte(r >> 8))
		}
		return b.String()
	}
	writeFile(t, filepath.Join(dir, "a.txt"), enc(articleA))
	writeFile(t, filepath.Join(dir, "b.html"), enc("<html><body><article><p>"+articleB+"</p></article></body></html>"))
	code, out, stderr := runCLI("run", "-q", dir)
	docs := docsOf(t, out)
	if code != exitOK || docs["a.txt"] == 0 || docs["b.html"] == 0 {
		t.Errorf("exit %d, records %v, stderr %q", code, docs, stderr)
	}
	if strings.Count(stderr, "decoded as utf-16le (byte order mark)") != 2 {
		t.Errorf("stderr %q: want a note per file", stderr)
	}
}

// clean prints a file over the budget as far as it is read, and says so.
func TestCleanSaysCut(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "big.txt")
	writeFile(t, path, strings.Repeat(articleB+"\n", 40000))
	code, out, stderr := runCLI("clean", path)
	if code != exitFailed || !strings.Contains(stderr, "big.txt: note: text cut to its first") || len(out) == 0 {
		t.Errorf("exit %d, %d bytes out, stderr %q", code, len(out), stderr)
	}
}
