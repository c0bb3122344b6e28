package review

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"incidentkit/dataset"
	"incidentkit/golden"
	"incidentkit/pipeline"
	"incidentkit/rules"
)

func testSite(t testing.TB, withGolden bool) *Site {
	t.Helper()
	eng, err := pipeline.New(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Engine: eng}
	if withGolden {
		opt.Scorer = golden.New(eng.Rules.Schema)
		if opt.Gold, err = opt.Scorer.LoadGolden("../golden"); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// hostile is an article whose text, title and URL try to run script.
var hostile = pipeline.Document{
	ID:    `evil/"><img src=x onerror=alert(1)>.txt`,
	Title: `<script>alert("title")</script>`,
	URL:   `javascript:alert(1)`,
	Raw: []byte(`On 3 March 2024, gunmen <script>alert(1)</script> attacked a police station in Kabul, killing 5 officers.

A second "><img src=x onerror=alert(2)> report named <a href="javascript:alert(3)">the Taliban</a>; see javascript:alert(4).`),
}

// TestEscaping: a document that holds markup renders it as text.
func TestEscaping(t *testing.T) {
	s := testSite(t, false)
	p, err := s.Document(hostile)
	if err != nil {
		t.Fatal(err)
	}
	if p.Records == 0 {
		t.Fatal("the hostile article gives no record: the test would not render cards")
	}
	var b bytes.Buffer
	if err := s.WriteDocument(&b, p); err != nil {
		t.Fatal(err)
	}
	var ix bytes.Buffer
	if err := s.WriteIndex(&ix, s.NewIndex([]IndexEntry{{ID: hostile.ID, File: DocFile(hostile.ID), Records: 1}}, nil, false)); err != nil {
		t.Fatal(err)
	}
	for name, page := range map[string]string{"document": b.String(), "index": ix.String()} {
		for _, bad := range []string{"<script>alert", "<img", `href="javascript:`, "onerror=alert(1)>", `<a href="javascript`} {
			if strings.Contains(page, bad) {
				t.Errorf("%s page holds %q unescaped", name, bad)
			}
		}
		if n := strings.Count(page, "<script"); n != 1 {
			t.Errorf("%s page has %d script elements, want 1 (the page's own)", name, n)
		}
	}
	if !strings.Contains(b.String(), "&lt;script&gt;alert(") {
		t.Error("the document's <script> is not shown as text")
	}
	if strings.Contains(DocFile(hostile.ID), "/") || strings.Contains(DocFile(hostile.ID), "<") {
		t.Errorf("DocFile(%q) = %q", hostile.ID, DocFile(hostile.ID))
	}
	if !strings.Contains(b.String(), "Content-Security-Policy") || !strings.Contains(s.CSP(), "default-src 'none'") {
		t.Error("no content security policy")
	}
}

// TestSeedsSite: the index shows eval's figures, every evidence item is
// highlighted, and the spurious records of seed 002 are marked.
func TestSeedsSite(t *testing.T) {
	s := testSite(t, true)
	dir := t.TempDir()
	items := make(chan pipeline.Item)
	var stats pipeline.Stats
	go pipeline.WalkInputs(context.Background(), pipeline.Inputs{Paths: []string{"../corpus"}}, items, &stats)
	sum, err := s.Write(context.Background(), dir, items, 2, nil, func(name string, err error) { t.Errorf("%s: %v", name, err) })
	if err != nil {
		t.Fatal(err)
	}
	if sum.Documents != 5 {
		t.Fatalf("%d documents, want 5", sum.Documents)
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// What `extract eval` says of the same run.
	var buf bytes.Buffer
	if _, err := s.engine.Run(context.Background(), []string{"../corpus"}, 2, &buf, nil, nil); err != nil {
		t.Fatal(err)
	}
	pred, err := s.scorer.ReadPredicted(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rep := s.scorer.Score(pred, s.gold)
	if want := fmt.Sprintf(`<b id="core-f1">%.3f</b>`, rep.Core.F1); !strings.Contains(string(index), want) {
		t.Errorf("index does not show eval's core F1 %.3f", rep.Core.F1)
	}
	const doc = "seeds/002_ba1bc5b24e3879ff.txt"
	spurious := -1
	for _, d := range rep.Documents {
		if d.Doc == doc {
			spurious = d.Predicted - d.Aligned
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "doc", DocFile(doc)))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(page), `data-status="spurious"`); n != spurious || n == 0 {
		t.Errorf("seed 002: %d spurious records marked, eval counts %d", n, spurious)
	}
}

// TestServe: the store's pages over HTTP, read-only.
func TestServe(t *testing.T) {
	s := testSite(t, false)
	st, err := dataset.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Ingest(context.Background(), s.engine, "test", []string{"../corpus"}, dataset.Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler(st))
	defer srv.Close()
	get := func(path string) (int, string, http.Header) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header
	}
	code, body, h := get("/")
	if code != 200 || strings.Count(body, `class="doc"`) != 5 || h.Get("Content-Security-Policy") != s.CSP() {
		t.Errorf("/: %d, %d documents, csp %q", code, strings.Count(body, `class="doc"`), h.Get("Content-Security-Policy"))
	}
	code, body, _ = get("/dataset.html")
	if code != 200 || !strings.Contains(body, `data-field="killed"`) || strings.Count(body, `<tr class="incident`) == 0 {
		t.Errorf("/dataset.html: %d, no incidents or no killed conflict", code)
	}
	code, body, _ = get("/doc/" + DocFile("seeds/000_1d3c305b1b24a314.txt"))
	if code != 200 || !strings.Contains(body, `class="sent ev"`) {
		t.Errorf("document page: %d, no evidence", code)
	}
	if code, _, _ = get("/doc/nope.html"); code != 404 {
		t.Errorf("unknown document: %d, want 404", code)
	}
	resp, err := http.Post(srv.URL+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", resp.StatusCode)
	}
}
