package htmltext

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

// article is a body long enough for readability to accept as main content; the
// metadata tests put their variants in the head around it.
const article = `<article><h1>Flood hits the valley</h1>
<p>Heavy rain on Monday caused the river to burst its banks, flooding dozens of homes in the lower valley and forcing the evacuation of more than two hundred residents to the school gymnasium.</p>
<p>Emergency services said three people were treated for hypothermia after being rescued from the roofs of their cars, and that the water was expected to recede slowly over the next two days.</p>
<p>The regional council has opened a fund for families who lost belongings, and volunteers are collecting blankets, food and clothing at the town hall every afternoon this week.</p>
</article>`

func page(head, body string) string {
	return "<!DOCTYPE html><html" + head + "</head><body>" + body + "</body></html>"
}

// Each case's head starts after "<html": attributes of <html>, then ">", then <head>.
func TestMetadata(t *testing.T) {
	tests := []struct {
		name, head, body, pageURL string
		want                      Page // Text is not compared here
	}{
		{name: "article:published_time meta",
			head: `><head><title>T</title><meta property="article:published_time" content="2021-11-01T10:52:50+0100">`,
			want: Page{Published: "2021-11-01T10:52:50+0100"}},
		{name: "og:published_time meta",
			head: `><head><meta property="og:published_time" content="2019-04-28 06:01:07">`,
			want: Page{Published: "2019-04-28 06:01:07"}},
		{name: "RDFa space-separated properties",
			head: `><head><meta property="dc:title og:published_time" content="2019-04-28">`,
			want: Page{Published: "2019-04-28"}},
		{name: "dc:date meta spelled with a colon",
			head: `><head><meta name="dc:date" content="2015-03-28">`,
			want: Page{Published: "2015-03-28"}},
		{name: "dc.date meta",
			head: `><head><meta name="DC.date" content="2015-03-27">`,
			want: Page{Published: "2015-03-27"}},
		{name: "generic date meta",
			head: `><head><meta name="date" content="2017-11-03T03:01:00Z">`,
			want: Page{Published: "2017-11-03T03:01:00Z"}},
		{name: "parsely-pub-date meta",
			head: `><head><meta name="parsely-pub-date" content="2024-04-20T04:20:00.000Z">`,
			want: Page{Published: "2024-04-20T04:20:00.000Z"}},
		{name: "parsely-page JSON meta",
			head: `><head><meta name="parsely-page" content='{"title":"x","pub_date":"2014-09-02T08:35:27Z"}'>`,
			want: Page{Published: "2014-09-02T08:35:27Z"}},
		{name: "sailthru.date meta, non-ISO spelling normalised",
			head: `><head><meta name="sailthru.date" content="Tue, 10 Mar 2015 14:30:00 -0400">`,
			want: Page{Published: "2015-03-10T14:30:00-04:00"}},
		{name: "itemprop datePublished meta",
			head: `><head><meta itemprop="datePublished" content="2016-12-22">`,
			want: Page{Published: "2016-12-22"}},
		{name: "itemprop datePublished in body",
			head: `><head>`, body: `<span itemprop="datePublished" content="2018-06-12T23:00:00Z">June 12</span>`,
			want: Page{Published: "2018-06-12T23:00:00Z"}},
		{name: "explicit published beats generic date",
			head: `><head><meta name="date" content="2020-01-01"><meta property="article:published_time" content="2019-12-31">`,
			want: Page{Published: "2019-12-31"}},
		{name: "JSON-LD object",
			head: `><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","datePublished":"2019-01-03T07:00:02.000Z"}</script>`,
			want: Page{Published: "2019-01-03T07:00:02.000Z"}},
		{name: "JSON-LD @graph picks the article, not the website",
			head: `><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","datePublished":"2001-01-01"},{"@type":["NewsArticle"],"datePublished":"2024-12-06T22:00:40.000Z"}]}</script>`,
			want: Page{Published: "2024-12-06T22:00:40.000Z"}},
		{name: "JSON-LD top-level array and CDATA",
			head: `><head><script type="application/ld+json">//<![CDATA[
[{"@type":"Organization"},{"@type":"BlogPosting","datePublished":"2015-07-10T09:53:00-04:00"}]
//]]></script>`,
			want: Page{Published: "2015-07-10T09:53:00-04:00"}},
		{name: "JSON-LD beats meta",
			head: `><head><meta property="article:published_time" content="2010-01-01"><script type="application/ld+json">{"@type":"Article","datePublished":"2011-02-02"}</script>`,
			want: Page{Published: "2011-02-02"}},
		{name: "meta beats a non-article JSON-LD date",
			head: `><head><meta property="article:published_time" content="2019-05-05"><script type="application/ld+json">{"@type":"WebSite","datePublished":"2001-01-01"}</script>`,
			want: Page{Published: "2019-05-05"}},
		{name: "non-article JSON-LD date when nothing else",
			head: `><head><script type="application/ld+json">{"@type":"WebPage","datePublished":"2018-08-08"}</script>`,
			want: Page{Published: "2018-08-08"}},
		{name: "meta published beats JSON-LD dateCreated",
			head: `><head><meta property="article:published_time" content="2017-02-23T17:18:13-08:00"><script type="application/ld+json">{"@type":"NewsArticle","dateCreated":"2017-02-24T01:18:13Z"}</script>`,
			want: Page{Published: "2017-02-23T17:18:13-08:00"}},
		{name: "broken JSON-LD is ignored",
			head: `><head><script type="application/ld+json">{"@type":"Article","datePublished":</script><meta name="pubdate" content="2012-05-05">`,
			want: Page{Published: "2012-05-05"}},
		{name: "time in article header",
			head: `><head>`, body: `<time datetime="2000-01-01">sidebar</time><article><header><time datetime="2013-09-29T10:00:00+02:00">29 Sept</time></header></article>`,
			want: Page{Published: "2013-09-29T10:00:00+02:00"}},
		{name: "time pubdate",
			head: `><head>`, body: `<p><time datetime="2012-02-02" pubdate>Feb 2</time></p>`,
			want: Page{Published: "2012-02-02"}},
		{name: "stray time outside article is not a publication date",
			head: `><head>`, body: `<div><time datetime="2000-01-01">x</time><time datetime="2000-01-02">y</time></div>`,
			want: Page{}},
		{name: "epoch seconds",
			head: `><head><meta name="publishdate" content="1420070400">`,
			want: Page{Published: "2015-01-01T00:00:00Z"}},
		{name: "unparseable date is dropped",
			head: `><head><meta name="date" content="sometime last week">`,
			want: Page{}},
		{name: "canonical link, relative, resolved against pageURL",
			head:    `><head><link rel="canonical" href="/news/flood"><meta property="og:url" content="https://og.example/x">`,
			pageURL: "https://example.com/amp/flood?utm=1",
			want:    Page{URL: "https://example.com/news/flood"}},
		{name: "og:url when no canonical link",
			head: `><head><meta property="og:url" content="https://example.com/a">`,
			want: Page{URL: "https://example.com/a"}},
		{name: "pageURL when the page names none",
			head: `><head>`, pageURL: "https://example.com/p",
			want: Page{URL: "https://example.com/p"}},
		{name: "html lang",
			head: ` lang="pt-BR"><head><meta property="og:locale" content="en_US">`,
			want: Page{Language: "pt-BR"}},
		{name: "content-language header meta",
			head: `><head><meta http-equiv="Content-Language" content="de, en">`,
			want: Page{Language: "de"}},
		{name: "og:locale",
			head: `><head><meta property="og:locale" content="en_GB">`,
			want: Page{Language: "en-GB"}},
		{name: "title from og:title when readability finds none in body",
			head: `><head><meta property="og:title" content="Flood hits the valley">`,
			want: Page{Title: "Flood hits the valley"}},
	}
	c := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body + article
			got, err := c.Extract(strings.NewReader(page(tt.head, body)), tt.pageURL)
			if err != nil {
				t.Fatal(err)
			}
			if got.Published != tt.want.Published {
				t.Errorf("Published = %q, want %q", got.Published, tt.want.Published)
			}
			if tt.want.URL != "" || tt.pageURL != "" {
				if got.URL != tt.want.URL {
					t.Errorf("URL = %q, want %q", got.URL, tt.want.URL)
				}
			}
			if tt.want.Language != got.Language {
				t.Errorf("Language = %q, want %q", got.Language, tt.want.Language)
			}
			if tt.want.Title != "" && got.Title != tt.want.Title {
				t.Errorf("Title = %q, want %q", got.Title, tt.want.Title)
			}
		})
	}
}

func TestMainText(t *testing.T) {
	src := page(`><head><title>Flood hits the valley | Valley News</title>`, `
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="share-buttons social"><a href="#">Share on Facebook</a> <a href="#">Tweet this</a></div>
`+article+`
<div class="related"><h3>Related</h3><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul></div>
<footer><p>Copyright 2024 Valley News. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
<script>var tracker = "do not show";</script>`)
	got, err := New().Extract(strings.NewReader(src), "")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(got.Text, "\n\n")
	if len(blocks) < 3 {
		t.Fatalf("want at least 3 blocks, got %d: %q", len(blocks), got.Text)
	}
	for _, want := range []string{"Heavy rain on Monday caused the river", "opened a fund for families"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("text misses %q:\n%s", want, got.Text)
		}
	}
	for _, junk := range []string{"Home", "Share on Facebook", "Tweet this", "Copyright", "Privacy", "Other story", "tracker"} {
		if strings.Contains(got.Text, junk) {
			t.Errorf("text keeps boilerplate %q:\n%s", junk, got.Text)
		}
	}
	for _, b := range blocks {
		if b == "" || b != collapse(b) {
			t.Errorf("block not whitespace-collapsed: %q", b)
		}
	}
}

func TestBlockText(t *testing.T) {
	tests := []struct{ name, html, want string }{
		{"paragraphs and heading", `<div><h2>Title</h2><p>One  two
three.</p><p>Four.</p></div>`, "Title\n\nOne two three.\n\nFour."},
		{"list items, nested", `<ul><li>a <b>bold</b> item<ul><li>inner</li></ul></li><li>b</li></ul>`, "a bold item\n\ninner\n\nb"},
		{"br splits blocks", `<p>line one<br>line two</p>`, "line one\n\nline two"},
		{"table row per block", `<table><tr><th>Town</th><th>Dead</th></tr><tr><td>Ayr</td><td>12</td></tr></table>`, "Town | Dead\n\nAyr | 12"},
		{"scripts, styles and soft hyphens", `<p>Vladi&shy;mir<script>x()</script><style>p{}</style> Putin&nbsp;said</p>`, "Vladimir Putin said"},
		{"inline elements do not split", `<p>The <a href="#">river</a><em>side</em> path</p>`, "The riverside path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustParse(t, tt.html)
			if got := blockText(doc); got != tt.want {
				t.Errorf("blockText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNormalizeDate(t *testing.T) {
	// Values grouped by what they must become.
	tests := map[string][]string{
		"2015-03-27T13:07:55.096Z": {"2015-03-27T13:07:55.096Z", " 2015-03-27T13:07:55.096Z "},
		"2015-03-27":               {"2015-03-27", "20150327", "March 27, 2015", "27 March 2015"},
		"2015-03-27T13:07:00Z":     {"March 27, 2015 1:07 PM"},
		"":                         {"", "yesterday", "2015-13-45", "0000", "n/a"},
	}
	for want, ins := range tests {
		for _, in := range ins {
			if got := normalizeDate(in); got != want {
				t.Errorf("normalizeDate(%q) = %q, want %q", in, got, want)
			}
		}
	}
}

// TestGarbage feeds inputs that are not web pages: none may panic, and each must give
// an error or an empty/short text.
func TestGarbage(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	random := make([]byte, 64<<10)
	rnd.Read(random)
	inputs := map[string][]byte{
		"empty":       nil,
		"whitespace":  []byte(" \n\t "),
		"random":      random,
		"nul bytes":   bytes.Repeat([]byte{0}, 4096),
		"png header":  append([]byte("\x89PNG\r\n\x1a\n"), random[:1024]...),
		"unclosed":    []byte("<html><body><div><p>Half a page<table><tr><td"),
		"deep nest":   []byte(strings.Repeat("<div>", 5000) + "deep" + strings.Repeat("</div>", 5000)),
		"json":        []byte(`{"not":"html"}`),
		"latin1 text": []byte("<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xe9</p></body></html>"),
	}
	c := New()
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			p, err := c.Extract(bytes.NewReader(in), "")
			if err != nil {
				return
			}
			if name == "latin1 text" && !strings.Contains(p.Text, "café") {
				t.Errorf("latin-1 page not decoded: %q", p.Text)
			}
			if len(p.Text) > len(in) {
				t.Errorf("text longer than input: %d > %d", len(p.Text), len(in))
			}
		})
	}
}

type panicReader struct{}

func (panicReader) Read([]byte) (int, error) { panic("boom") }

// TestPanicRecovered checks that a panic below Extract becomes an error.
func TestPanicRecovered(t *testing.T) {
	_, err := New().Extract(panicReader{}, "u")
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("want error mentioning the panic, got %v", err)
	}
}

func TestTooLarge(t *testing.T) {
	c := &Cleaner{maxBytes: 10}
	if _, err := c.Extract(strings.NewReader(strings.Repeat("x", 11)), "u"); err == nil {
		t.Fatal("want ErrTooLarge")
	}
}

func TestConcurrentUse(t *testing.T) {
	c := New()
	src := page(`><head><meta name="date" content="2020-02-02">`, article)
	want, err := c.Extract(strings.NewReader(src), "")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := c.Extract(strings.NewReader(src), "")
			if err != nil || got != want {
				t.Errorf("concurrent Extract = %+v, %v; want %+v", got, err, want)
			}
		}()
	}
	wg.Wait()
}

const benchDir = "/work/shared/htmlbench"

// benchPages are a spread of htmlbench pages: news with JSON-LD and meta dates, a
// non-Latin script, a blog, and a page without a date.
var benchPages = []string{"aktualne", "breitbart", "guardian-1", "liberation-1", "medium-1",
	"seattletimes-1", "schema-org-context-object", "wikia", "yahoo-4", "nytimes-2", "ars-1"}

// TestHTMLBench scores a handful of htmlbench pages the way htmlscore.py does: word
// F1 against expected.html and the calendar date of publishedTime.
func TestHTMLBench(t *testing.T) {
	if _, err := os.Stat(benchDir); err != nil {
		t.Skip("htmlbench not available:", err)
	}
	c := New()
	for _, name := range benchPages {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(benchDir, name)
			src, err := os.Open(filepath.Join(dir, "source.html"))
			if err != nil {
				t.Skip(err)
			}
			defer src.Close()
			got, err := c.Extract(src, "")
			if err != nil {
				t.Fatal(err)
			}
			expHTML, err := os.ReadFile(filepath.Join(dir, "expected.html"))
			if err != nil {
				t.Fatal(err)
			}
			want := blockText(mustParse(t, string(expHTML)))
			if f1 := wordF1(got.Text, want); f1 < 0.95 {
				t.Errorf("word F1 = %.3f, want >= 0.95", f1)
			}
			var meta struct {
				PublishedTime string `json:"publishedTime"`
			}
			raw, err := os.ReadFile(filepath.Join(dir, "expected-metadata.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(raw, &meta); err != nil {
				t.Fatal(err)
			}
			if meta.PublishedTime != "" && !strings.HasPrefix(got.Published, meta.PublishedTime[:10]) {
				t.Errorf("Published = %q, want date of %q", got.Published, meta.PublishedTime)
			}
		})
	}
}

func BenchmarkExtract(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(benchDir, "guardian-1", "source.html"))
	if err != nil {
		src = []byte(page(`><head><meta name="date" content="2020-02-02">`, strings.Repeat(article, 50)))
	}
	c := New()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Extract(bytes.NewReader(src), ""); err != nil {
			b.Fatal(err)
		}
	}
}

var wordRE = regexp.MustCompile(`[\p{L}\p{N}_]+`)

// wordF1 is the bag-of-words F1 htmlscore.py computes (case-folded \w+ words).
func wordF1(got, want string) float64 {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, w := range wordRE.FindAllString(strings.ToLower(s), -1) {
			m[w]++
		}
		return m
	}
	g, w := count(got), count(want)
	var tp, ng, nw int
	for k, n := range g {
		ng += n
		tp += min(n, w[k])
	}
	for _, n := range w {
		nw += n
	}
	if tp == 0 {
		return 0
	}
	p, r := float64(tp)/float64(ng), float64(tp)/float64(nw)
	return 2 * p * r / (p + r)
}

func mustParse(t testing.TB, s string) *html.Node {
	t.Helper()
	n, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
