package htmltext

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	nurl "net/url"

	"github.com/PuerkitoBio/goquery"
	"github.com/araddon/dateparse"
)

// metadata is what the page says about itself, independent of the main text.
type metadata struct {
	title, published, canonical, language string
}

// publishedMetaKeys are the <meta> names/properties/itemprops that carry a publication
// date. The first six are Mozilla Readability's, in its order, so that pages with
// several conflicting tags agree with the reference the benchmark was made with; the
// rest follow, explicit "published" keys before the generic "date", which some sites
// fill with the crawl or modification day.
var publishedMetaKeys = []string{
	"article:published_time", "dcterms.available", "dcterms.created", "dcterms.issued",
	"weibo:article:create_at", "parsely-pub-date",
	"article:published", "og:article:published_time", "og:published_time", "og:pubdate",
	"published_time", "datepublished", "sailthru.date", "dc.date.issued", "dc.date",
	"dcterms.date", "dc.date.created", "article.published", "publishdate", "publish-date",
	"publish_date", "publication_date", "pubdate", "date", "cxenseparse:recs:publishtime",
	"weibo:webpage:create_at",
}

// articleTypes match the JSON-LD @types whose datePublished is the article's own
// (NewsArticle, BlogPosting, Report, ...; the same set Readability accepts), as opposed
// to that of a WebSite, a WebPage, an Organization or a linked item.
var articleTypes = regexp.MustCompile(`(?i)article|posting|report|apireference`)

func readMetadata(doc *goquery.Document, base *nurl.URL) metadata {
	metas := metaValues(doc)
	return metadata{
		title:     pageTitle(doc, metas),
		published: publishedDate(doc, metas),
		canonical: canonicalURL(doc, metas, base),
		language:  language(doc, metas),
	}
}

// metaValues maps each lower-cased name, property, itemprop and http-equiv of the
// <meta> tags (with "." and ":" interchangeable) to the first non-empty content given
// for it. RDFa allows several
// space-separated properties on one tag, so each counts.
func metaValues(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		content := strings.TrimSpace(s.AttrOr("content", ""))
		if content == "" {
			return
		}
		for _, attr := range []string{"name", "property", "itemprop", "http-equiv"} {
			for _, key := range strings.Fields(strings.ToLower(s.AttrOr(attr, ""))) {
				// Sites mix "dc.date" and "dc:date" for the same Dublin Core term.
				for _, k := range []string{key, strings.ReplaceAll(key, ":", "."), strings.ReplaceAll(key, ".", ":")} {
					if _, seen := out[k]; !seen {
						out[k] = content
					}
				}
			}
		}
	})
	return out
}

func pageTitle(doc *goquery.Document, metas map[string]string) string {
	for _, k := range []string{"og:title", "twitter:title", "dc.title", "dcterms.title"} {
		if v := collapse(metas[k]); v != "" {
			return v
		}
	}
	if v := collapse(doc.Find("title").First().Text()); v != "" {
		return v
	}
	return collapse(doc.Find("h1").First().Text())
}

// publishedDate looks for the publication date in the order of how deliberate the
// source is: structured data (JSON-LD), then <meta> tags, then microdata in the body,
// then a <time> element in the article or its header.
func publishedDate(doc *goquery.Document, metas map[string]string) string {
	ld := jsonLDDates(doc)
	if ld.article != "" {
		return ld.article
	}
	for _, k := range publishedMetaKeys {
		if v := normalizeDate(metas[k]); v != "" {
			return v
		}
	}
	// Weaker JSON-LD dates come after the meta tags: a WebPage or WebSite date can be
	// the site's, and dateCreated often records when the CMS entry was made, hours off
	// (and on another calendar day in UTC) from the publication the meta tags state.
	if v := firstNonEmpty(ld.other, ld.created); v != "" {
		return v
	}
	if v := normalizeDate(parselyPage(metas["parsely-page"])); v != "" {
		return v
	}
	var found string
	doc.Find("[itemprop~=datePublished]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		found = normalizeDate(firstNonEmpty(s.AttrOr("content", ""), s.AttrOr("datetime", ""), s.Text()))
		return found == ""
	})
	if found != "" {
		return found
	}
	// A <time> outside the article is as likely a comment's or today's date, so only
	// marked or article-scoped ones count.
	for _, sel := range []string{"time[pubdate][datetime]", "article header time[datetime]",
		"article time[datetime]", "header time[datetime]", "main time[datetime]"} {
		if v := normalizeDate(doc.Find(sel).First().AttrOr("datetime", "")); v != "" {
			return v
		}
	}
	if times := doc.Find("body time[datetime]"); times.Length() == 1 {
		return normalizeDate(times.AttrOr("datetime", ""))
	}
	return ""
}

// parselyPage reads pub_date from the JSON that older Parse.ly integrations put in a
// "parsely-page" meta tag.
func parselyPage(content string) string {
	if content == "" {
		return ""
	}
	var v struct {
		PubDate string `json:"pub_date"`
	}
	if json.Unmarshal([]byte(content), &v) != nil {
		return ""
	}
	return v.PubDate
}

// ldDates are the first JSON-LD dates found, from strongest to weakest evidence.
type ldDates struct {
	article string // datePublished of an article-like object
	other   string // datePublished of any other object
	created string // dateCreated of any object
}

// jsonLDDates collects dates from every JSON-LD script, searching @graph lists,
// top-level arrays and mainEntity.
func jsonLDDates(doc *goquery.Document) ldDates {
	var found ldDates
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 { // JSON-LD nests shallowly; the bound guards hostile input
			return
		}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				visit(e, depth+1)
			}
		case map[string]any:
			if d := normalizeDate(jsonString(t["datePublished"])); d != "" {
				if articleTypes.MatchString(jsonString(t["@type"])) {
					found.article = firstNonEmpty(found.article, d)
				} else {
					found.other = firstNonEmpty(found.other, d)
				}
			}
			if found.created == "" {
				found.created = normalizeDate(jsonString(t["dateCreated"]))
			}
			for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage"} {
				if sub, ok := t[k]; ok {
					visit(sub, depth+1)
				}
			}
		}
	}
	doc.Find(`script[type="application/ld+json" i]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(stripCDATA(s.Text())), &v) == nil {
			visit(v, 0)
		}
	})
	return found
}

// jsonString flattens the JSON-LD shapes a date or type can take: a string, a list of
// strings (first wins for dates; joined for @type) or a {"@value": ...} object.
func jsonString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		parts := make([]string, 0, len(t))
		for _, e := range t {
			if s := jsonString(e); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " ")
	case map[string]any:
		return jsonString(t["@value"])
	}
	return ""
}

// stripCDATA removes the comment and CDATA wrappers some CMSs put around JSON-LD.
func stripCDATA(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"//<![CDATA[", "<![CDATA[", "<!--"} {
		s = strings.TrimPrefix(s, p)
	}
	for _, p := range []string{"//]]>", "]]>", "-->"} {
		s = strings.TrimSuffix(s, p)
	}
	return strings.TrimSpace(s)
}

// digitsAt reports whether s[i:j] is all ASCII digits.
func digitsAt(s string, i, j int) bool {
	if j > len(s) || i >= j {
		return false
	}
	for k := i; k < j; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return true
}

// isoDatePrefix: "2024-03-22..."
func isoDatePrefix(s string) bool {
	return len(s) >= 10 && digitsAt(s, 0, 4) && s[4] == '-' && digitsAt(s, 5, 7) && s[7] == '-' && digitsAt(s, 8, 10)
}

// epochDigits: seconds (10 digits) or milliseconds (13) since 1970.
func epochDigits(s string) bool { return (len(s) == 10 || len(s) == 13) && digitsAt(s, 0, len(s)) }

// compactDate: "20240322".
func compactDate(s string) bool { return len(s) == 8 && digitsAt(s, 0, 8) }

// normalizeDate returns s when it already starts with an ISO 8601 calendar date, so the
// page's own zone and precision are kept ("as found"); other spellings are parsed and
// rendered as ISO 8601. Values that are not plausibly a publication date give "".
func normalizeDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return ""
	}
	if isoDatePrefix(s) {
		if _, err := time.Parse("2006-01-02", s[:10]); err != nil {
			return ""
		}
		return s
	}
	if compactDate(s) {
		return normalizeDate(s[:4] + "-" + s[4:6] + "-" + s[6:])
	}
	if epochDigits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return ""
		}
		t := time.Unix(n, 0)
		if len(s) == 13 {
			t = time.UnixMilli(n)
		}
		return t.UTC().Format(time.RFC3339)
	}
	t, err := dateparse.ParseIn(s, time.UTC)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return ""
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Location() == time.UTC {
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339)
}

// canonicalURL prefers <link rel=canonical> over og:url, resolving relative links
// against the page URL; a relative link that cannot be resolved is not a URL and is
// skipped.
func canonicalURL(doc *goquery.Document, metas map[string]string, base *nurl.URL) string {
	var cands []string
	doc.Find("link[href]").Each(func(_ int, s *goquery.Selection) {
		for _, rel := range strings.Fields(strings.ToLower(s.AttrOr("rel", ""))) {
			if rel == "canonical" {
				cands = append(cands, s.AttrOr("href", ""))
			}
		}
	})
	cands = append(cands, metas["og:url"])
	for _, c := range cands {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		u, err := nurl.Parse(c)
		if err != nil {
			continue
		}
		if !u.IsAbs() {
			if base == nil {
				continue
			}
			u = base.ResolveReference(u)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			continue
		}
		return u.String()
	}
	return ""
}

// language prefers the document's own lang attribute, then the HTTP-equivalent header,
// then declared metadata, then the Open Graph locale (en_US).
func language(doc *goquery.Document, metas map[string]string) string {
	cands := []string{
		doc.Find("html").First().AttrOr("lang", ""),
		doc.Find("html").First().AttrOr("xml:lang", ""),
		metas["content-language"], metas["language"], metas["dc.language"],
		metas["og:locale"],
	}
	for _, c := range cands {
		if v := normalizeLang(c); v != "" {
			return v
		}
	}
	return ""
}

// normalizeLang turns "en_US" or "en-US, fr" into a BCP 47 tag ("en-US"), keeping the
// page's case, and rejects values that are not language tags.
func normalizeLang(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ",; "); i >= 0 {
		s = s[:i]
	}
	s = strings.ReplaceAll(s, "_", "-")
	if !langTag.MatchString(s) {
		return ""
	}
	return s
}

var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)
