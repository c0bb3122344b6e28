package review

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"incidentkit/dataset"
	"incidentkit/golden"
	"incidentkit/pipeline"
	"incidentkit/rules"
)

// chromiumPath is Debian's chromium (installed by .ci/run), or another
// Chromium on the PATH; "" when there is none.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshotDir is where the browser test leaves its screenshots
// (git-ignored): REVIEW_SCREENSHOTS, or review/screenshots.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("REVIEW_SCREENSHOTS")
	if dir == "" {
		dir = "screenshots"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowser drives headless Chromium over the sites made for the seeds:
// the store's (with the seeds' golden files), the seeds with one golden
// record added that no record aligns to, and a hostile document.
func TestBrowser(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no chromium binary (apt-get install chromium; .ci/run does)")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	ctx := context.Background()
	eng, err := pipeline.New(rules.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	scorer := golden.New(eng.Rules.Schema)
	gold, err := scorer.LoadGolden("../golden")
	if err != nil {
		t.Fatal(err)
	}
	// What eval prints: the seeds extracted and scored.
	var jsonl bytes.Buffer
	if _, err := eng.Run(ctx, []string{"../corpus"}, 2, &jsonl, nil, nil); err != nil {
		t.Fatal(err)
	}
	var recs []pipeline.Record
	evidence := map[string]int{}
	for _, line := range bytes.Split(bytes.TrimSpace(jsonl.Bytes()), []byte("\n")) {
		var r pipeline.Record
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
		evidence[r.Doc] += len(r.Evidence)
	}
	preds, err := scorer.ReadPredicted(bytes.NewReader(jsonl.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rep := scorer.Score(preds, gold)

	// Site 1: the store of the seeds, scored against their golden files.
	site, err := New(Options{Engine: eng, Scorer: scorer, Gold: gold})
	if err != nil {
		t.Fatal(err)
	}
	st, err := dataset.Open(filepath.Join(t.TempDir(), "seeds.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Ingest(ctx, eng, "test", []string{"../corpus"}, dataset.Options{Workers: 2}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := site.WriteStore(ctx, dir, st, 2, func(n string, err error) { t.Errorf("%s: %v", n, err) }); err != nil {
		t.Fatal(err)
	}
	incs, err := st.Incidents(ctx)
	if err != nil {
		t.Fatal(err)
	}

	// Site 2: seed 004 with a golden record no record aligns to.
	extra := map[string][]golden.Record{}
	for k, v := range gold {
		extra[k] = v
	}
	doc4 := "seeds/004_8cbac0014265f9b6.txt"
	quote := "the identities of the assailants have not been revealed"
	added, err := scorer.LoadGoldenRecords(doc4, []byte(`[{"quote": "`+quote+`", "category": "attack", "date": "1999-01-01", "place": "Sochi", "region": "Krasnodar Krai", "country": "Russia", "perpetrator": null, "killed": 3, "injured": null, "perpetrators_killed": null, "arrested": null, "weapons": [], "targets": []}]`))
	if err != nil {
		t.Fatal(err)
	}
	extra[doc4] = append(append([]golden.Record{}, gold[doc4]...), added...)
	site2, err := New(Options{Engine: eng, Scorer: scorer, Gold: extra})
	if err != nil {
		t.Fatal(err)
	}
	dir2 := t.TempDir()
	if _, err := site2.Write(ctx, dir2, walk(t, "../corpus"), 2, nil, nil); err != nil {
		t.Fatal(err)
	}

	// Site 3: a hostile document.
	hostileDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(hostileDir, "evil.txt"), hostile.Raw, 0o644); err != nil {
		t.Fatal(err)
	}
	dir3 := t.TempDir()
	if _, err := site.Write(ctx, dir3, walk(t, hostileDir), 1, nil, nil); err != nil {
		t.Fatal(err)
	}

	shots := screenshotDir(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.WindowSize(1400, 1000),
		chromedp.Flag("allow-file-access-from-files", false))
	actx, cancel := chromedp.NewExecAllocator(ctx, opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	bctx, cancel = context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()

	var mu sync.Mutex
	var dialogs, requests []string
	chromedp.ListenTarget(bctx, func(ev any) {
		switch e := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			mu.Lock()
			dialogs = append(dialogs, e.Message)
			mu.Unlock()
			go chromedp.Run(bctx, page.HandleJavaScriptDialog(false))
		case *network.EventRequestWillBeSent:
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	})
	if err := chromedp.Run(bctx, network.Enable()); err != nil {
		t.Fatal(err)
	}
	url := func(d, rel string) string { return "file://" + filepath.Join(d, rel) }
	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var buf []byte
			if err := chromedp.CaptureScreenshot(&buf).Do(ctx); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name), buf, 0o644)
		})
	}

	t.Run("index", func(t *testing.T) {
		var rows []map[string]string
		err := chromedp.Run(bctx, chromedp.Navigate(url(dir, "index.html")),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("#docs tbody tr")).map(r => ({doc: r.dataset.doc, f1: r.querySelector(".f1") ? r.querySelector(".f1").textContent : ""}))`, &rows),
			shot("index.png"))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 5 {
			t.Fatalf("index lists %d documents, want 5", len(rows))
		}
		want := map[string]string{}
		for _, d := range rep.Documents {
			want[d.Doc] = fmt.Sprintf("%.3f", d.Core.F1)
		}
		for _, r := range rows {
			if r["f1"] != want[r["doc"]] {
				t.Errorf("%s: index core F1 %q, eval %q", r["doc"], r["f1"], want[r["doc"]])
			}
		}
	})

	t.Run("documents", func(t *testing.T) {
		for doc, n := range evidence {
			var got int
			var count string
			err := chromedp.Run(bctx, chromedp.Navigate(url(dir, "doc/"+DocFile(doc))),
				chromedp.Evaluate(`new Set(Array.from(document.querySelectorAll("#text .sent.ev")).flatMap(e => e.dataset.ev.split(" "))).size`, &got),
				chromedp.Text("#ev-count", &count))
			if err != nil {
				t.Fatal(err)
			}
			if got != n || count != fmt.Sprint(n) {
				t.Errorf("%s: %d evidence items highlighted (page says %s), records have %d", doc, got, count, n)
			}
		}
	})

	t.Run("field rule", func(t *testing.T) {
		var rule, prov string
		var lit int
		err := chromedp.Run(bctx, chromedp.Navigate(url(dir, "doc/"+DocFile("seeds/002_ba1bc5b24e3879ff.txt"))),
			chromedp.AttributeValue(`#r0 dd[data-mark$="-killed"], #r0 dd[data-mark$="-date"]`, "data-rule", &rule, nil),
			chromedp.Click(`#r0 dd[data-mark$="-date"]`, chromedp.ByQuery),
			chromedp.Text("#prov", &prov, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelectorAll("#text .hl").length`, &lit),
			shot("document.png"))
		if err != nil {
			t.Fatal(err)
		}
		if rule == "" || !strings.Contains(prov, rule) {
			t.Errorf("clicking a field shows %q, want its rule %q", prov, rule)
		}
		if lit == 0 {
			t.Error("clicking a field highlights no span")
		}
		var spurious int
		if err := chromedp.Run(bctx, chromedp.Evaluate(`document.querySelectorAll(".card.pred.spurious .badge").length`, &spurious)); err != nil {
			t.Fatal(err)
		}
		if spurious != 2 {
			t.Errorf("seed 002: %d spurious records marked, want 2", spurious)
		}
	})

	t.Run("missing", func(t *testing.T) {
		var missing int
		var marked string
		err := chromedp.Run(bctx, chromedp.Navigate(url(dir2, "doc/"+DocFile(doc4))),
			chromedp.Evaluate(`document.querySelectorAll(".card.gold.missing .badge").length`, &missing),
			chromedp.Evaluate(`Array.from(document.querySelectorAll('#text [data-f*="-quote"]')).map(e => e.textContent).join("")`, &marked))
		if err != nil {
			t.Fatal(err)
		}
		if missing != 1 {
			t.Errorf("%d missing golden records marked, want 1", missing)
		}
		if marked != quote {
			t.Errorf("golden quote marked as %q, want %q", marked, quote)
		}
	})

	t.Run("dataset", func(t *testing.T) {
		var rows int
		var killed string
		err := chromedp.Run(bctx, chromedp.Navigate(url(dir, "dataset.html")),
			chromedp.Evaluate(`document.querySelectorAll("#incidents tbody tr").length`, &rows),
			chromedp.Evaluate(`Array.from(document.querySelectorAll('.cf[data-field="killed"]')).map(e => e.textContent).join("|")`, &killed),
			shot("dataset.png"),
			chromedp.Click(`#incidents thead th:nth-child(9)`, chromedp.ByQuery))
		if err != nil {
			t.Fatal(err)
		}
		if rows != len(incs) {
			t.Errorf("dataset lists %d incidents, the store %d", rows, len(incs))
		}
		if !strings.Contains(killed, "149 / 145 / 140") {
			t.Errorf("no Crocus conflict on killed: %q", killed)
		}
	})

	t.Run("hostile", func(t *testing.T) {
		mu.Lock()
		dialogs, requests = nil, nil
		mu.Unlock()
		var imgs int
		target := url(dir3, "doc/"+DocFile("evil.txt"))
		err := chromedp.Run(bctx, chromedp.Navigate(target),
			chromedp.Sleep(300*time.Millisecond),
			chromedp.Evaluate(`document.querySelectorAll("#text img, #text script, #text a").length`, &imgs),
			shot("hostile.png"))
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(dialogs) > 0 {
			t.Errorf("dialogs opened: %q", dialogs)
		}
		for _, r := range requests {
			if r != target {
				t.Errorf("request to %s", r)
			}
		}
		if imgs > 0 {
			t.Errorf("%d elements made from the document's markup", imgs)
		}
	})
}

func walk(t *testing.T, path string) <-chan pipeline.Item {
	items := make(chan pipeline.Item)
	var stats pipeline.Stats
	go func() {
		if err := pipeline.WalkInputs(context.Background(), pipeline.Inputs{Paths: []string{path}}, items, &stats); err != nil {
			t.Error(err)
		}
	}()
	return items
}
