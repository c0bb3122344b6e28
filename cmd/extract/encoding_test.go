package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// legacyDir holds one article in each of the encodings old mirrors are
// full of, and a binary file.
func legacyDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cp1252, err := charmap.Windows1252.NewEncoder().Bytes([]byte("On 5 May 2025, gunmen attacked a caf\u00e9 in Nice, France, and wounded \u201cthree\u201d police officers.\n"))
	if err != nil {
		t.Fatal(err)
	}
	write("old/lima.txt", cp1252)
	page := `<!doctype html><html><head><meta charset="utf-16"><title>Shootout</title></head><body><article>
<h1>Shootout in Makhachkala</h1><p>On 5 May 2025, three police officers and two gunmen were killed in a shootout in Makhachkala, Dagestan.</p>
<p>The interior ministry said the attackers had opened fire on a checkpoint.</p></article></body></html>`
	u16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	write("old/page.html", u16)
	write("new/good.txt", []byte(articleA))
	write("new/binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3})
	return dir
}

// A file in another encoding is read with a note on stderr, which is not a
// failure: only the binary file fails.
func TestLegacyEncodingsDecodedWithANote(t *testing.T) {
	dir := legacyDir(t)
	code, out, stderr := runCLI("run", "-q", dir)
	if code != 1 {
		t.Errorf("exit %d, want 1 for the binary file alone", code)
	}
	stderr = filepath.ToSlash(stderr)
	for _, want := range []string{
		"old/lima.txt: decoded as windows-1252 (not UTF-8)\n",
		"old/page.html: decoded as utf-16le (byte order mark)\n",
		"new/binary.txt: binary file (NUL bytes)\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Count(stderr, "\n") != 3 || strings.Contains(stderr, "good.txt") {
		t.Errorf("want one line per file read otherwise than as UTF-8 or failed, none for good.txt:\n%s", stderr)
	}
	docs := docsOf(t, out)
	for _, doc := range []string{"old/lima.txt", "old/page.html", "new/good.txt"} {
		if docs[doc] == 0 {
			t.Errorf("no record of %s:\n%s", doc, out)
		}
	}
	if !strings.Contains(out, `caf\u00e9`) && !strings.Contains(out, "café") {
		t.Errorf("the café of lima.txt is not in the evidence:\n%s", out)
	}

	// Without the binary file nothing fails: notes leave the exit status 0.
	os.Remove(filepath.Join(dir, "new", "binary.txt"))
	if code, _, stderr := runCLI("run", "-q", dir); code != 0 {
		t.Errorf("exit %d with notes only, want 0:\n%s", code, stderr)
	}
}

func TestEncodingFlag(t *testing.T) {
	dir := legacyDir(t)
	lima := filepath.Join(dir, "old", "lima.txt")

	// utf-8 keeps the old strictness.
	code, _, stderr := runCLI("run", "-q", "--encoding", "utf-8", lima)
	if code != 1 || !strings.Contains(stderr, "lima.txt: invalid UTF-8 at byte 36") {
		t.Errorf("--encoding utf-8: exit %d, want 1 and the bad byte named:\n%s", code, stderr)
	}
	// Forcing the right one says nothing: the user chose it.
	for _, cmd := range [][]string{{"run", "-q"}, {"clean"}, {"explain"}} {
		args := append(append([]string{}, cmd...), "--encoding=latin1", lima)
		code, out, stderr := runCLI(args...)
		if code != 0 || stderr != "" || !strings.Contains(out, "caf") {
			t.Errorf("%s: exit %d, stderr %q, out %.80q", strings.Join(args, " "), code, stderr, out)
		}
	}
	// Forcing another reads it so: koi8-r makes é a Cyrillic letter.
	if _, out, _ := runCLI("clean", "--encoding", "koi8-r", lima); !strings.Contains(out, "cafИ") {
		t.Errorf("clean --encoding koi8-r: %q", out)
	}
	if code, _, stderr := runCLI("ingest", "--encoding", "windows-1252", "--db", filepath.Join(t.TempDir(), "s.db"), lima); code != 0 || !strings.Contains(stderr, "1 added") || strings.Contains(stderr, "decoded as") {
		t.Errorf("ingest --encoding windows-1252: exit %d:\n%s", code, stderr)
	}
	// A UTF-16 file read as 8-bit text has NULs: binary, refused.
	if code, _, stderr := runCLI("run", "-q", "--encoding", "windows-1252", filepath.Join(dir, "old", "page.html")); code != 1 || !strings.Contains(stderr, "page.html: binary file (NUL bytes)") {
		t.Errorf("run --encoding windows-1252 on UTF-16: exit %d:\n%s", code, stderr)
	}

	// An unknown name is a usage error that lists valid ones.
	for _, cmd := range []string{"run", "clean", "explain", "ingest"} {
		code, _, stderr := runCLI(cmd, "--encoding", "klingon", lima)
		if code != 2 || !strings.Contains(stderr, `unknown encoding "klingon"`) || !strings.Contains(stderr, "windows-1252") || !strings.Contains(stderr, "usage: extract "+cmd) {
			t.Errorf("%s --encoding klingon: exit %d, want 2 with valid names:\n%s", cmd, code, stderr)
		}
	}
}

// ingest notes a decoded file when it extracts it, and the note is no
// failure; an unchanged file is skipped, and so is its note.
func TestIngestNotes(t *testing.T) {
	dir := legacyDir(t)
	os.Remove(filepath.Join(dir, "new", "binary.txt"))
	db := filepath.Join(t.TempDir(), "s.db")
	code, _, stderr := runCLI("ingest", "--db", db, dir)
	if code != 0 || !strings.Contains(filepath.ToSlash(stderr), "old/lima.txt: decoded as windows-1252 (not UTF-8)") || !strings.Contains(stderr, "3 added") {
		t.Errorf("ingest: exit %d:\n%s", code, stderr)
	}
	code, _, stderr = runCLI("ingest", "--db", db, dir)
	if code != 0 || strings.Contains(stderr, "decoded as") || !strings.Contains(stderr, "3 unchanged") {
		t.Errorf("second ingest: exit %d:\n%s", code, stderr)
	}
}

// A UTF-16 page on standard input is sniffed as HTML once decoded.
func TestStdinUTF16Page(t *testing.T) {
	dir := legacyDir(t)
	page, err := os.ReadFile(filepath.Join(dir, "old", "page.html"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runIn(string(page), "clean", "-")
	if code != 0 || !strings.Contains(out, "three police officers and two gunmen were killed") || strings.Contains(out, "<p>") {
		t.Errorf("exit %d, out %q, stderr %q", code, out, stderr)
	}
	if !strings.Contains(stderr, "-: decoded as utf-16le (byte order mark)") {
		t.Errorf("stderr %q lacks the note", stderr)
	}
}
