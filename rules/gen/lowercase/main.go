// Command lowercase writes the lexicon of words the language writes in
// lower case (rules/defaults/LANG/lowercase.txt.gz), which the cleaner uses
// to restore the case of a text written all in capitals (teletype wire
// copy: "URBAN GUERRILLAS RIDDLED AN ARMY COLONEL'S CAR ... IN SUBURBAN SAN
// ISIDRO"): a word of the lexicon is written in lower case, any other word
// (a name) capitalised.
//
// The source is a plain word list, one word per line, with names
// capitalised; for English the Debian package wamerican's
// /usr/share/dict/words (SCOWL-derived, public domain and permissive
// licences; see /usr/share/doc/wamerican/copyright):
//
//	go run ./rules/gen/lowercase -words /usr/share/dict/words -out rules/defaults/en/lowercase.txt.gz
//
// Only all-lower-case entries are kept ("colonel", "guerrillas"; not
// "Cordoba", "Tuesday"), possessives dropped; the output is sorted, so the
// same list gives the same bytes.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"
)

func main() {
	words := flag.String("words", "/usr/share/dict/words", "word list, one word per line, names capitalised")
	out := flag.String("out", "", "output file (gzip), e.g. rules/defaults/en/lowercase.txt.gz")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "lowercase: -out is required")
		os.Exit(2)
	}
	if err := run(*words, *out); err != nil {
		fmt.Fprintln(os.Stderr, "lowercase:", err)
		os.Exit(1)
	}
}

func run(src, dst string) error {
	f, err := os.Open(src)
	if err != nil {
		return err
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := strings.TrimSpace(sc.Text())
		if w == "" || strings.Contains(w, "'") || !lower(w) {
			continue
		}
		seen[w] = true
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	list := make([]string, 0, len(seen))
	for w := range seen {
		list = append(list, w)
	}
	sort.Strings(list)
	tmp := dst + ".tmp"
	o, err := os.Create(tmp)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression) // no name, no time: same bytes each run
	for _, w := range list {
		fmt.Fprintln(zw, w)
	}
	if err := zw.Close(); err != nil {
		o.Close()
		return err
	}
	if err := o.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}

// lower reports a word of lower-case letters only.
func lower(w string) bool {
	for _, r := range w {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}
