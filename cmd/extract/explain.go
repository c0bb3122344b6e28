package main

import (
	"fmt"

	"incidentkit/pipeline"
)

type explainCmd struct {
	rulesFlag
	encodingFlag
	Feed bool   `help:"Standard input (PATH -) is a JSONL feed, not one document."`
	Path string `arg:"" name:"PATH" help:"A .txt or .html file, a .jsonl feed (every line), FILE.jsonl#ID (one line), a folder, or - for standard input."`
}

func (c *explainCmd) Run(e *env) error {
	d := parseDocPath(c.Path, c.Feed, c.forced())
	eng, err := c.engine()
	if err != nil {
		return err
	}
	return d.each(e, func(doc pipeline.Document) error {
		if !d.single() {
			fmt.Fprintf(e.stdout, "=== %s\n", doc.ID)
		}
		return eng.Explain(doc, e.stdout)
	})
}
