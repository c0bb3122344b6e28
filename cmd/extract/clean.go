package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"incidentkit/pipeline"
	"incidentkit/pipeline/htmltext"
)

type cleanCmd struct {
	rulesFlag
	encodingFlag
	JSON bool   `name:"json" help:"Print {\"doc\",\"title\",\"published\",\"url\",\"text\"}, one line per document."`
	Feed bool   `help:"Standard input (PATH -) is a JSONL feed, not one document."`
	Path string `arg:"" name:"PATH" help:"A .txt or .html file, a .jsonl feed (every line), FILE.jsonl#ID (one line), a folder, or - for standard input."`
}

type cleanOut struct {
	Doc       string `json:"doc"`
	Title     string `json:"title"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Text      string `json:"text"`
}

func (c *cleanCmd) Run(e *env) error {
	d := parseDocPath(c.Path, c.Feed, c.forced())
	var eng *pipeline.Engine // loaded for the first text document: pages need none
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	return d.each(e, func(doc pipeline.Document) error {
		out := cleanOut{Doc: doc.ID, Title: doc.Title, URL: doc.URL}
		if !doc.Published.IsZero() {
			out.Published = doc.Published.Format(time.RFC3339)
		}
		if doc.HTML {
			// A page's main text and metadata come from the HTML cleaner
			// alone: this is what `htmlscore.py` measures.
			page, err := htmltext.New().Extract(bytes.NewReader(doc.Raw), doc.URL)
			if err != nil {
				return err
			}
			out.Text = page.Text
			out.Title = cmp.Or(out.Title, page.Title)
			out.Published = cmp.Or(out.Published, page.Published)
			out.URL = cmp.Or(out.URL, page.URL)
		} else {
			if eng == nil {
				var err error
				if eng, err = c.engine(); err != nil {
					return err
				}
			}
			cl, err := eng.Clean(doc)
			if err != nil {
				return err
			}
			out.Text = cl.Text
		}
		if c.JSON {
			return enc.Encode(out)
		}
		if !d.single() {
			fmt.Fprintf(e.stdout, "=== %s\n", doc.ID)
		}
		_, err := io.WriteString(e.stdout, strings.TrimRight(out.Text, "\n")+"\n")
		return err
	})
}
