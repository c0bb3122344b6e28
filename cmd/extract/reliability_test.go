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
