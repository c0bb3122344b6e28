package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"incidentkit/pipeline/textenc"
)

// walkItems reads every document under dir as a batch does.
func walkItems(t *testing.T, in Inputs) []Item {
	t.Helper()
	items := make(chan Item)
	var stats Stats
	errc := make(chan error, 1)
	go func() { errc <- WalkInputs(context.Background(), in, items, &stats) }()
	var out []Item
	for it := range items {
		out = append(out, it)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWindows1252GivesTheSameRecords is metamorphic: every seed document and
// every news document, written in Windows-1252 and read back (detected,
// with a note), gives the records its UTF-8 original gives, field for
// field, evidence text and offsets included: offsets are into the cleaned
// text, which is UTF-8 either way. Documents holding a character
// Windows-1252 cannot encode are skipped and counted.
func TestWindows1252GivesTheSameRecords(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "corpus", "seeds", "*.txt"))
	news, _ := filepath.Glob(filepath.Join("..", "..", "shared", "news", "docs", "news", "*.txt"))
	if len(news) == 0 {
		t.Log("no ../shared/news beside the project: seeds only")
	}
	files = append(files, news...)
	if len(files) < 5 {
		t.Fatalf("%d documents: the seeds are missing", len(files))
	}
	dir := t.TempDir()
	originals := map[string][]byte{}
	skipped, ascii := 0, 0
	for _, f := range files {
		utf, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		legacy, err := charmap.Windows1252.NewEncoder().Bytes(utf)
		if err != nil {
			skipped++ // a character outside Windows-1252 (Cyrillic, a Polish ł)
			continue
		}
		if bytes.Equal(legacy, utf) {
			ascii++
		}
		name := filepath.Base(filepath.Dir(f)) + "-" + filepath.Base(f)
		originals[name] = utf
		if err := os.WriteFile(filepath.Join(dir, name), legacy, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d documents, %d skipped (characters Windows-1252 lacks), %d of the rest plain ASCII (the same bytes in both)", len(files), skipped, ascii)
	if len(originals)-ascii < 3 {
		t.Fatalf("only %d documents differ in Windows-1252: the test proves nothing", len(originals)-ascii)
	}

	e := engine(t)
	records := func(doc Document) string {
		t.Helper()
		res, err := e.Process(doc)
		if err != nil {
			t.Fatalf("%s: %v", doc.ID, err)
		}
		js, err := json.Marshal(res.Records)
		if err != nil {
			t.Fatal(err)
		}
		return string(js)
	}
	n, withRecords := 0, 0
	for _, it := range walkItems(t, Inputs{Paths: []string{dir}}) {
		if it.Err != nil {
			t.Errorf("%s: %v", it.Name, it.Err)
			continue
		}
		utf := originals[it.Doc.ID]
		wantNote := ""
		if !isASCII(utf) {
			wantNote = "decoded as windows-1252 (not UTF-8)"
		}
		if it.Note != wantNote {
			t.Errorf("%s: note %q, want %q", it.Doc.ID, it.Note, wantNote)
		}
		got := records(it.Doc)
		want := records(Document{ID: it.Doc.ID, Raw: utf})
		if got != want {
			t.Errorf("%s: records differ from the UTF-8 original's:\n got %s\nwant %s", it.Doc.ID, got, want)
		}
		n++
		if want != "null" {
			withRecords++
		}
	}
	if n != len(originals) {
		t.Errorf("%d documents read back, want %d", n, len(originals))
	}
	t.Logf("%d documents compared, %d of them with records", n, withRecords)
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// Whatever encoding a file arrives in, the document the walker hands on
// is UTF-8, and the note says which encoding was assumed.
func TestWalkDecodes(t *testing.T) {
	dir := t.TempDir()
	const text = "On 5 May 2025, gunmen attacked a caf\u00e9 in Nice, wounding \u201cthree\u201d officers; \u20ac500 was stolen.\n"
	cp1252, _ := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("<p>" + text + "</p>"))
	ru, _ := charmap.KOI8R.NewEncoder().Bytes([]byte("В 2024 году боевики напали на пост полиции. В перестрелке убиты пять полицейских.\n"))
	files := map[string][]byte{
		"a-utf8.txt":      []byte(text),
		"b-bom.txt":       append([]byte("\xef\xbb\xbf"), text...),
		"c-1252.txt":      cp1252,
		"d-utf16le.txt":   le,
		"e-utf16be.html":  be,
		"f-koi8r.txt":     ru,
		"g-binary.txt":    {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 3},
		"h-cut.html":      []byte("<p>\xe2\x80\x8f000000000000000\xe2</p>"),
		"i-utf16only.txt": {0xFF, 0xFE, ' ', 0, '\n', 0},
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]struct{ raw, note, err string }{
		"a-utf8.txt":      {raw: text},
		"b-bom.txt":       {raw: text},
		"c-1252.txt":      {raw: text, note: "decoded as windows-1252 (not UTF-8)"},
		"d-utf16le.txt":   {raw: text, note: "decoded as utf-16le (byte order mark)"},
		"e-utf16be.html":  {raw: "<p>" + text + "</p>", note: "decoded as utf-16be (byte order mark)"},
		"f-koi8r.txt":     {raw: "В 2024 году", note: "decoded as koi8-r (not UTF-8; Cyrillic by its letter statistics)"},
		"g-binary.txt":    {err: "binary file (NUL bytes)"},
		"h-cut.html":      {raw: "<p>\u200f000000000000000\ufffd</p>", note: "decoded as utf-8, 1 undecodable byte replaced by U+FFFD"},
		"i-utf16only.txt": {err: "empty document"},
	}
	items := walkItems(t, Inputs{Paths: []string{dir}})
	if len(items) != len(want) {
		t.Fatalf("%d items, want %d", len(items), len(want))
	}
	for _, it := range items {
		w := want[it.Doc.ID]
		if it.Doc.ID == "" { // a failed read names the file only
			w = want[filepath.Base(it.Name)]
		}
		switch {
		case w.err != "":
			if it.Err == nil || !strings.Contains(it.Err.Error(), w.err) {
				t.Errorf("%s: err %v, want %q", it.Name, it.Err, w.err)
			}
		case it.Err != nil:
			t.Errorf("%s: %v", it.Name, it.Err)
		case !strings.HasPrefix(string(it.Doc.Raw), w.raw) || !utf8.Valid(it.Doc.Raw) || it.Note != w.note:
			t.Errorf("%s: %q, note %q; want %q, note %q", it.Name, it.Doc.Raw, it.Note, w.raw, w.note)
		}
	}
}

// Issue 12: a page whose bytes end in a cut character, handed to the
// engine undecoded (as a store filled before decoding moved to the reader
// holds it), still gives valid UTF-8 in the cleaned text.
func TestCleanedTextIsValidUTF8(t *testing.T) {
	e := engine(t)
	for _, raw := range []string{
		"<html><body><p>\xe2\x80\x8f000000000000000\xe2</p></body></html>",
		"<html><head><meta charset=\"utf-8\"></head><body><article><p>Police said two people were wounded \xff\xfe in the attack.</p></article></body></html>",
		"\xff\xfe<\x00p\x00>\x00H\x00i\x00 \x00\x00\xd8<\x00/\x00p\x00>\x00",
	} {
		cl, err := e.Clean(Document{ID: "x.html", Raw: []byte(raw), HTML: true})
		if err != nil {
			continue // refused is fine; invalid text is not
		}
		if !utf8.ValidString(cl.Text) {
			t.Errorf("cleaned text of %q is not UTF-8: %q", raw, cl.Text)
		}
	}
}

// --encoding reaches every file of a walk, and standard input.
func TestWalkForcedEncoding(t *testing.T) {
	dir := t.TempDir()
	cp1251, _ := charmap.Windows1251.NewEncoder().Bytes([]byte("Москва"))
	if err := os.WriteFile(filepath.Join(dir, "moscow.txt"), cp1251, 0o644); err != nil {
		t.Fatal(err)
	}
	enc := mustEncoding(t, "windows-1251")
	items := walkItems(t, Inputs{Paths: []string{dir, StdinPath}, Stdin: bytes.NewReader(cp1251), Encoding: enc})
	if len(items) != 2 {
		t.Fatalf("%d items, want 2", len(items))
	}
	for _, it := range items {
		if it.Err != nil || string(it.Doc.Raw) != "Москва" || it.Note != "" {
			t.Errorf("%s: %q, note %q, err %v; want Москва and no note (forced)", it.Name, it.Doc.Raw, it.Note, it.Err)
		}
	}
	// Detected instead, one word is too little to call it Cyrillic.
	items = walkItems(t, Inputs{Paths: []string{dir}})
	if len(items) != 1 || items[0].Note != "decoded as windows-1252 (not UTF-8)" {
		t.Errorf("detected: %+v", items)
	}
}

func mustEncoding(t *testing.T, name string) textenc.Encoding {
	t.Helper()
	enc, err := textenc.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return enc
}
