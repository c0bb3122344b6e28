package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestMainHelper is the extract command when the test binary is re-run as
// one (EXTRACT_AS_MAIN set): the arguments follow "--".
func TestMainHelper(t *testing.T) {
	if os.Getenv("EXTRACT_AS_MAIN") == "" {
		t.Skip("runs only as the child of a signal test")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
}

// Ctrl-C and SIGTERM stop a run with status 130, keeping what was done. The
// child reads a feed from a pipe that stays open, so it is still running
// when it has reported its first document; no timing is involved.
func TestSignalExits130(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestMainHelper$", "--", "run", "--progress", "--feed", "-")
			cmd.Env = append(os.Environ(), "EXTRACT_AS_MAIN=1")
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stderr, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stdout bytes.Buffer
			cmd.Stdout = &stdout
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer stdin.Close()
			io.WriteString(stdin, strings.SplitAfter(feed, "\n")[0])
			sc := bufio.NewScanner(stderr)
			var seen []string
			for sc.Scan() {
				seen = append(seen, sc.Text())
				if strings.Contains(sc.Text(), "1/") && strings.Contains(sc.Text(), "docs") {
					break // the first document is done; the pipe is still open
				}
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			go io.Copy(io.Discard, stderr)
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 130 {
				t.Errorf("exit %v, want status 130; stderr so far: %q", err, seen)
			}
			if !strings.Contains(stdout.String(), `"doc":"stdin#x1"`) {
				t.Errorf("the record done before the signal was lost: %q", stdout.String())
			}
		})
	}
}
