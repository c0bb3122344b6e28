package htmltext

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockAtoms start a new text block. Later stages (sentence splitting, extractors) rely
// on blocks never straddling a paragraph, heading or list-item boundary.
var blockAtoms = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Br: true, atom.Caption: true, atom.Dd: true, atom.Details: true, atom.Dialog: true,
	atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true,
	atom.Hgroup: true, atom.Hr: true, atom.Li: true, atom.Main: true, atom.Nav: true,
	atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true,
	atom.Table: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Tr: true,
	atom.Ul: true, atom.Body: true, atom.Html: true,
}

// skipAtoms hold no readable text (or text that is code, not prose).
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Canvas: true, atom.Audio: true, atom.Video: true, atom.Select: true,
	atom.Button: true, atom.Head: true, atom.Title: true,
}

// blockText renders n as plain text, one block per paragraph, heading, list item or
// table row, blocks separated by "\n\n" and whitespace collapsed inside each block.
func blockText(n *html.Node) string {
	w := blockWriter{}
	w.walk(n)
	w.flush()
	return strings.Join(w.blocks, "\n\n")
}

type blockWriter struct {
	cur    strings.Builder
	blocks []string
}

func (w *blockWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.cur.WriteString(n.Data)
		return
	case html.ElementNode:
		if skipAtoms[tagAtom(n)] {
			return
		}
	case html.DocumentNode:
	default:
		return // comments, doctypes
	}
	block := n.Type == html.ElementNode && blockAtoms[tagAtom(n)]
	if block {
		w.flush()
	}
	for i, c := 0, n.FirstChild; c != nil; i, c = i+1, c.NextSibling {
		// Table cells stay on their row's line; a separator keeps "12" and "dead" in
		// adjacent cells from fusing into one word.
		if c.Type == html.ElementNode && i > 0 {
			if a := tagAtom(c); a == atom.Td || a == atom.Th {
				w.cur.WriteString(" | ")
			}
		}
		w.walk(c)
	}
	if block {
		w.flush()
	}
}

// tagAtom is n's tag as an atom. Readability renames and creates elements (div to p,
// font to span) by setting only Data, leaving DataAtom stale or zero, so the name is
// authoritative.
func tagAtom(n *html.Node) atom.Atom {
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

func (w *blockWriter) flush() {
	// Soft hyphens are invisible hyphenation hints; left in, they split words such as
	// "Vladi\u00admir" for every later regex and tokenizer.
	s := collapse(strings.ReplaceAll(w.cur.String(), "\u00ad", ""))
	w.cur.Reset()
	s = strings.Trim(s, " |")
	if s != "" {
		w.blocks = append(w.blocks, s)
	}
}

// collapse joins the whitespace-separated fields of s with single spaces. strings.Fields
// uses unicode.IsSpace, so the non-breaking spaces pages use for layout fold too.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
